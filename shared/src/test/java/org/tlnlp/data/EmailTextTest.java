package org.tlnlp.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmailTextTest {

    private static EmailText.Cleaned clean(String message) {
        return EmailText.clean(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void keepsTheSubjectAndBodyAndDropsEveryOtherHeader() {
        EmailText.Cleaned c = clean("""
                From someone@example.com  Thu Aug 22 12:36:23 2002
                Return-Path: <someone@example.com>
                Received: from a (b [1.2.3.4])
                \tby c with SMTP; Thu, 22 Aug 2002 12:36:23 +0100
                Subject: Hello
                 again
                To: you@example.com

                First line.\s\s
                Second line.
                """);
        assertEquals("Hello again", c.subject());
        assertEquals("First line.\nSecond line.", c.body());
        assertEquals("Hello again\nFirst line.\nSecond line.", c.text());
    }

    @Test
    void decodesEncodedWordsInTheSubject() {
        String b = Base64.getEncoder().encodeToString("fiancé".getBytes(StandardCharsets.UTF_8));
        EmailText.Cleaned c = clean("Subject: =?iso-8859-1?Q?Sitting_Bull_=FCber_alles?= =?utf-8?B?" + b + "?= !\n\nx\n");
        assertEquals("Sitting Bull über allesfiancé !", c.subject());
    }

    @Test
    void readsRawEightBitSubjectsInTheMessageCharset() {
        byte[] big5 = "還在用".getBytes(Charset.forName("Big5"));
        String subject = new String(big5, StandardCharsets.ISO_8859_1);
        assertEquals("還在用", clean("Subject: " + subject + "\nContent-Type: text/plain; charset=\"CHINESEBIG5\"\n\nx\n")
                .subject(), "a charset name Java does not know, mapped by the alias table");
        assertEquals("fiancé", clean("Subject: fianc\u00e9\n\nx\n").subject(), "not UTF-8, no charset: Windows-1252");
    }

    @Test
    void takesThePlainPartOfAnAlternative() {
        EmailText.Cleaned c = clean("""
                Subject: s
                Content-Type: multipart/alternative; boundary="XX"

                preamble
                --XX
                Content-Type: text/plain; charset=us-ascii

                Plain words.
                --XX
                Content-Type: text/html

                <p>HTML words.</p>
                --XX--
                epilogue
                """);
        assertEquals("Plain words.", c.body());
    }

    @Test
    void turnsHtmlIntoTextWhenThereIsNoPlainPart() {
        EmailText.Cleaned c = clean("""
                Subject: s
                Content-Type: text/html

                <html><head><title>Untitled</title><style>p { color: red }</style><script>var x = 1;</script></head>
                <body><!-- hidden --><P>Fish &amp; chips</P><div>caf&eacute; &#233;t&#xE9; &nbsp;for   two</div>
                line<br>break <b>bold</b><table><tr><td>cell</td><td>cell</td></tr></table></body></html>
                """);
        // &nbsp; is a space that white-space collapsing keeps; names outside the table (&eacute;) are kept as they are.
        assertEquals("Fish & chips\n\ncaf&eacute; été  for two\nline\nbreak bold\n\ncell cell", c.body());
    }

    @Test
    void readsAPlainPartThatIsHtmlAsHtml() {
        assertEquals("Cheap\nink", clean("Subject: s\n\n<html><body>Cheap<br>ink</body></html>\n").body());
    }

    @Test
    void undoesBase64AndQuotedPrintable() {
        String b64 = Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        assertEquals("Grüße aus Köln", clean("Subject: s\nContent-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: base64\n\n" + b64 + "\n").body());
        assertEquals("It\u2019s a caf\u00e9 in one line.", clean("Subject: s\nContent-Type: text/plain; "
                + "charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nIt=92s a caf=E9 in =\none line.\n")
                .body(), "ISO-8859-1 is read as Windows-1252, so 0x92 is a right quote");
    }

    @Test
    void readsNestedPartsAndForwardedMessagesAndSkipsAttachments() {
        EmailText.Cleaned c = clean("""
                Subject: s
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: text/plain

                Look at this.
                --outer
                Content-Type: image/gif
                Content-Transfer-Encoding: base64

                R0lGODlhAQABAAAAACw=
                --outer
                Content-Type: message/rfc822

                Subject: inner
                Content-Type: text/plain

                Forwarded words.
                --outer--
                """);
        assertEquals("Look at this.\n\nForwarded words.", c.body());
    }

    @Test
    void tidiesControlCharactersLineEndsAndEmptyLines() {
        EmailText.Cleaned c = clean("Subject: a\u0001b\r\n\r\none\u001c\t \r\n\r\n\r\n\r\ntwo\r\n");
        assertEquals("ab", c.subject());
        assertEquals("one\n\ntwo", c.body());
    }

    @Test
    void cutsLongBodies() {
        String body = "word ".repeat(1_000);
        EmailText.Cleaned c = clean("Subject: s\n\n" + body);
        assertEquals(EmailText.MAX_BODY_CHARS, c.body().length());
        assertEquals(body.substring(0, EmailText.MAX_BODY_CHARS), c.body());
    }

    @Test
    void aMessageWithoutBodyOrSubjectIsEmpty() {
        EmailText.Cleaned c = clean("From: a@b.c\n");
        assertEquals("", c.subject());
        assertEquals("", c.body());
    }
}

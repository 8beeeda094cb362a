package org.tlnlp.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turning a raw e-mail (the bytes of one RFC 822 / MIME message, as in the SpamAssassin corpus) into the text a
 * classifier reads: its subject and the text of its body. The steps, in order:
 *
 * <ol>
 *   <li><b>Headers.</b> The message is split at its first empty line into headers and body, and folded header
 *   lines are joined. Every header is dropped except {@code Subject}, which is decoded: its raw bytes as UTF-8
 *   when they are valid UTF-8, else in the message's charset (step 3); then its MIME encoded words
 *   ({@code =?charset?B?...?=}, {@code =?charset?Q?...?=}), each in its own charset.</li>
 *   <li><b>Parts.</b> A {@code multipart/*} body is cut at its boundary lines into parts, each with its own
 *   headers, recursively; a {@code message/rfc822} part is read as a message in its own right. The body text is
 *   the text of every {@code text/plain} part (a message without a {@code Content-Type} is plain text), in order;
 *   when that is empty, the text of the {@code text/html} parts instead. Other parts (images, attachments, other
 *   text types) are left out.</li>
 *   <li><b>Decoding.</b> Each part's {@code Content-Transfer-Encoding} is undone (base64, quoted-printable) and its
 *   bytes are read in the part's declared {@code charset}, ISO-8859-1 being read as Windows-1252 as browsers do.
 *   Where no charset is declared, or {@code us-ascii}, or one Java does not know: as UTF-8 when the bytes are
 *   valid UTF-8, else as Windows-1252.</li>
 *   <li><b>HTML</b> becomes text: comments, scripts, styles and the title are removed, white space is collapsed as
 *   a browser would, line-breaking tags ({@code br}, {@code p}, {@code div}, {@code tr}, {@code li}, headings,
 *   ...) become line breaks and table cells spaces, all other tags are removed, and character references
 *   ({@code &amp;}, {@code &#233;}, {@code &nbsp;}, ...) are decoded; unknown names are kept as they are. A "plain" part that starts with an HTML tag ({@code <html>}, {@code <head>}, {@code <body>},
 *   {@code <!DOCTYPE html>}) is HTML in fact, and is read as HTML.</li>
 *   <li><b>Tidying.</b> Control characters other than line breaks and tabs are removed, non-breaking spaces become
 *   spaces, spaces at line ends are removed, runs of empty lines become one, and the text is trimmed; in the
 *   subject every run of white space becomes one space.</li>
 *   <li><b>Cutting.</b> A body longer than {@link #MAX_BODY_CHARS} characters is cut to that length.</li>
 * </ol>
 *
 * <p>Internally a message is held as a string with one character per byte (ISO-8859-1), so it can be cut with
 * ordinary string operations and turned back into the same bytes before a part is decoded in its charset.
 */
public final class EmailText {

    /** The most characters of body text kept (about 400 words, more than a 512-token model reads). */
    public static final int MAX_BODY_CHARS = 2_000;

    /** A message's decoded subject ({@code ""} when it has none) and body text. */
    public record Cleaned(String subject, String body) {

        /** What a classifier reads: the subject, a line break, and the body. */
        public String text() {
            return subject + "\n" + body;
        }
    }

    /** One MIME entity: its headers (names in lower case, first occurrence kept) and its raw body. */
    private record Part(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private static final Charset BYTES = StandardCharsets.ISO_8859_1;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9_-]+):[ \\t]*(.*)", Pattern.DOTALL);
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile("\\s*<(!doctype\\s+html|html|head|body)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)[ \\t]+(=\\?)");

    private EmailText() {
    }

    /**
     * The subject and body text of a raw message (the bytes of a file as a mail server stores it), cleaned as
     * described in the class comment. Use it to read new mail the way {@link SpamAssassin} reads its corpus.
     */
    public static Cleaned clean(byte[] message) {
        Part part = part(new String(message, BYTES).replace("\r\n", "\n"));
        String charset = parameter(part.header("content-type"), "charset");
        String subject = tidy(decodeHeader(part.header("subject"), charset)).replaceAll("\\s+", " ");
        List<String> plain = new ArrayList<>();
        List<String> html = new ArrayList<>();
        collectText(part, plain, html, 0);
        String body = tidy(String.join("\n\n", plain));
        if (body.isEmpty()) {
            body = tidy(String.join("\n\n", html.stream().map(EmailText::htmlToText).toList()));
        }
        return new Cleaned(subject, cut(body, MAX_BODY_CHARS));
    }

    /** Splits an entity at its first empty line into headers and body; folded header lines are joined. */
    private static Part part(String raw) {
        int end = raw.startsWith("\n") ? 0 : raw.indexOf("\n\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + (end == 0 ? 1 : 2));
        Map<String, String> headers = new HashMap<>();
        for (String line : head.replaceAll("\n(?=[ \\t])", "").split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                headers.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip());
            }
        }
        return new Part(headers, body);
    }

    /** Adds the decoded text of every plain and every HTML part of {@code part} (itself included), in order. */
    private static void collectText(Part part, List<String> plain, List<String> html, int depth) {
        if (depth > 20) {
            return; // nested deeper than any real message: left out
        }
        String contentType = part.header("content-type");
        Matcher type = MEDIA_TYPE.matcher(contentType.toLowerCase(Locale.ROOT));
        String mediaType = type.lookingAt() ? type.group() : "text/plain";
        String boundary = parameter(contentType, "boundary");
        if (mediaType.startsWith("multipart/") && !boundary.isEmpty()) {
            for (String child : children(part.body(), boundary)) {
                collectText(part(child), plain, html, depth + 1);
            }
        } else if (mediaType.equals("message/rfc822")) {
            collectText(part(part.body()), plain, html, depth + 1);
        } else if (mediaType.equals("text/plain") || mediaType.startsWith("multipart/")) {
            String text = decodeBody(part); // (a multipart body without a boundary is read as plain text)
            plain.add(LOOKS_LIKE_HTML.matcher(text).lookingAt() ? htmlToText(text) : text);
        } else if (mediaType.equals("text/html")) {
            html.add(decodeBody(part));
        }
    }

    /**
     * The parts of a multipart body: what lies between the lines {@code --boundary}, up to {@code --boundary--}.
     * Spaces are ignored when lines are compared with the boundary (some spam writes one the header does not have).
     */
    private static List<String> children(String body, String boundary) {
        List<String> children = new ArrayList<>();
        String delimiter = "--" + boundary.replace(" ", "");
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            String bare = line.startsWith("--") ? line.replace(" ", "").stripTrailing() : "";
            if (bare.equals(delimiter + "--")) {
                break;
            }
            if (bare.equals(delimiter)) {
                if (current != null) {
                    children.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            children.add(current.toString());
        }
        return children;
    }

    /** A parameter of a header such as {@code Content-Type: text/plain; charset="utf-8"}; "" when absent. */
    private static String parameter(String header, String name) {
        Matcher m = Pattern.compile(";\\s*" + name + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE)
                .matcher(header);
        return !m.find() ? "" : m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** A part's body as text: its transfer encoding undone, its bytes read in its charset. */
    private static String decodeBody(Part part) {
        String encoding = part.header("content-transfer-encoding").toLowerCase(Locale.ROOT).strip();
        byte[] bytes = part.body().getBytes(BYTES);
        if (encoding.equals("base64")) {
            bytes = base64(part.body());
        } else if (encoding.equals("quoted-printable")) {
            bytes = quotedPrintable(bytes, false);
        }
        return decode(bytes, parameter(part.header("content-type"), "charset"));
    }

    /** Charset names seen in the corpus that Java does not know, and the charsets they mean. */
    private static final Map<String, String> CHARSET_ALIASES = Map.of("chinesebig5", "Big5",
            "gb2312_charset", "GB2312");

    /**
     * Bytes read in the declared charset. ISO-8859-1 is read as Windows-1252, as browsers do (the two differ only
     * in 0x80..0x9F, where mail written on Windows has its quotes and dashes). With no charset, {@code us-ascii},
     * or a name Java does not know: UTF-8 when the bytes are valid UTF-8, else Windows-1252.
     */
    static String decode(byte[] bytes, String declared) {
        Charset charset = charset(declared);
        if (charset != null) {
            return new String(bytes, charset);
        }
        String utf8 = utf8OrNull(bytes);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }

    /** The charset to read a declared name in; null for none, ASCII, or a name Java does not know. */
    private static Charset charset(String declared) {
        String name = declared.strip().toLowerCase(Locale.ROOT);
        name = CHARSET_ALIASES.getOrDefault(name, name);
        if (name.isEmpty()) {
            return null;
        }
        try {
            Charset charset = Charset.forName(name);
            return charset.equals(StandardCharsets.US_ASCII) ? null
                    : charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset;
        } catch (IllegalArgumentException unknownOrIllegalName) {
            return null;
        }
    }

    /** The bytes as UTF-8 when they are valid UTF-8 (pure ASCII is), else null. */
    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** Base64, leniently: characters outside the alphabet are skipped, and decoding stops at the first '='. */
    private static byte[] base64(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && text.charAt(i) != '='; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
                b.append(c);
            }
        }
        if (b.length() % 4 == 1) {
            b.setLength(b.length() - 1); // a lone last character holds no whole byte
        }
        return Base64.getDecoder().decode(b.toString());
    }

    /**
     * Quoted-printable: {@code =XX} is the byte with hex value XX, {@code =} at a line end joins the lines; in a
     * header ({@code underscores}) {@code _} is a space. A malformed {@code =} is kept as it is.
     */
    private static byte[] quotedPrintable(byte[] in, boolean underscores) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '=' && i + 1 < in.length && in[i + 1] == '\n') {
                i++;
            } else if (c == '=' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(underscores && c == '_' ? ' ' : c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte c) {
        return Character.digit((char) c, 16);
    }

    /**
     * A header value: its raw bytes as UTF-8 when they are valid UTF-8, else in the message's charset (see
     * {@link #decode}); then its MIME encoded words, each in its own charset.
     */
    static String decodeHeader(String raw, String messageCharset) {
        byte[] bytes = raw.getBytes(BYTES);
        String utf8 = utf8OrNull(bytes);
        String text = utf8 != null ? utf8 : decode(bytes, messageCharset);
        text = BETWEEN_ENCODED_WORDS.matcher(text).replaceAll("$1$2"); // space between encoded words is not text
        Matcher m = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String charset = m.group(1).replaceAll("\\*.*", ""); // drop an RFC 2231 language tag
            byte[] word = m.group(2).equalsIgnoreCase("B") ? base64(m.group(3))
                    : quotedPrintable(m.group(3).getBytes(BYTES), true);
            m.appendReplacement(out, Matcher.quoteReplacement(decode(word, charset)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Tags that start a new line in a browser, open or closed. */
    private static final String LINE_BREAKING_TAGS = "br|p|div|tr|li|h[1-6]|table|blockquote|hr|center|ul|ol|pre|dd|dt";

    /** HTML as the text a reader sees (see the class comment). */
    static String htmlToText(String html) {
        String s = html.replaceAll("(?s)<!--.*?-->", " ");
        s = s.replaceAll("(?is)<(script|style|title)\\b.*?</\\1\\s*>", " ");
        s = s.replaceAll("\\s+", " ");
        s = s.replaceAll("(?i)</?(" + LINE_BREAKING_TAGS + ")\\b[^>]*>", "\n");
        s = s.replaceAll("(?i)<(td|th)\\b[^>]*>", " ");
        s = s.replaceAll("<[/!?]?[A-Za-z][^>]*>", "");
        s = characterReferences(s);
        return s.replaceAll("[ \\t]*\n[ \\t]*", "\n"); // the spaces the collapsing left around line breaks
    }

    private static final Map<String, String> ENTITIES = Map.ofEntries(Map.entry("nbsp", " "), Map.entry("amp", "&"),
            Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"),
            Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("mdash", "—"),
            Map.entry("ndash", "–"), Map.entry("hellip", "…"), Map.entry("laquo", "«"), Map.entry("raquo", "»"),
            Map.entry("middot", "·"), Map.entry("bull", "•"), Map.entry("euro", "€"), Map.entry("pound", "£"),
            Map.entry("cent", "¢"), Map.entry("yen", "¥"), Map.entry("deg", "°"), Map.entry("rsquo", "’"),
            Map.entry("lsquo", "‘"), Map.entry("rdquo", "”"), Map.entry("ldquo", "“"));

    /** {@code &name;}, {@code &#NNN;} and {@code &#xHH;} decoded; unknown names and invalid numbers kept. */
    private static String characterReferences(String s) {
        Matcher m = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]+);").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String text = m.group();
            if (ref.startsWith("#")) {
                int cp = ref.charAt(1) == 'x' || ref.charAt(1) == 'X' ? Integer.parseInt(ref.substring(2), 16)
                        : Integer.parseInt(ref.substring(1));
                if (Character.isValidCodePoint(cp) && cp != 0) {
                    text = new String(Character.toChars(cp));
                }
            } else {
                text = ENTITIES.getOrDefault(ref.toLowerCase(Locale.ROOT), text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Control characters (but line breaks and tabs) removed, line ends trimmed, empty-line runs made one. */
    static String tidy(String text) {
        String s = text.replace("\r", "\n").replace('\u00A0', ' ');
        s = s.replaceAll("[\\p{Cc}&&[^\\n\\t]]", "");
        s = s.replaceAll("[ \\t]+\n", "\n");
        s = s.replaceAll("\n{3,}", "\n\n");
        return s.strip();
    }

    /** The first {@code max} characters, not splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}

package org.tlnlp.data;

import org.junit.jupiter.api.Test;
import org.tlnlp.data.SpamAssassin.Email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpamAssassinTest {

    private static final SpamAssassin CORPUS = SpamAssassin.load();

    @Test
    void hasTheGroupsThePackageDocuments() {
        Map<String, Integer> expected = Map.of("easy-ham-1", 2_500, "easy-ham-2", 1_400, "hard-ham-1", 250,
                "spam-1", 500, "spam-2", 1_396);
        assertEquals(6_046, CORPUS.emails().size());
        for (String group : SpamAssassin.GROUPS) {
            assertEquals(expected.get(group), (int) CORPUS.emails().stream().filter(e -> e.group().equals(group)).count(),
                    group);
        }
        assertEquals(1_896, CORPUS.emails().stream().filter(e -> e.label() == 1).count());
        assertTrue(CORPUS.emails().stream().allMatch(e -> e.label() == (e.group().startsWith("spam") ? 1 : 0)));
    }

    @Test
    void everyMessageIsTheCorpusOriginalNamedByItsMd5() throws IOException, NoSuchAlgorithmException {
        // The corpus names each message by the MD5 of its bytes. One message was edited by the corpus's maintainer
        // after it was named (hostnames in hard_ham/00230's headers, December 2004).
        Map<String, byte[]> files = TarArchive.readTarGz(DataResources.bytes(SpamAssassin.RESOURCE), "test");
        List<String> mismatches = new ArrayList<>();
        int messages = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().endsWith(".txt")) {
                messages++;
                String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(f.getValue()));
                if (!f.getKey().endsWith("." + md5 + ".txt")) {
                    mismatches.add(f.getKey());
                }
            }
        }
        assertEquals(6_046, messages);
        assertEquals(List.of("data/hard-ham-1/00230.244a63cd74c81123ef26129453e32c95.txt"), mismatches);
    }

    @Test
    void readsTheFirstMessageOfEachGroup() {
        // Subjects as in the raw files' Subject lines; the bodies' first words as a mail reader shows them.
        assertEmail("easy-ham-1/00001", "Re: New Sequences Window", "Date:        Wed, 21 Aug 2002 10:54:46 -0500");
        assertEmail("easy-ham-2/00001", "Re: New Sequences Window", "Date:        Tue, 20 Aug 2002 17:27:47 -0500");
        assertEmail("hard-ham-1/00001", "Personal Finance: Resolutions You Can Keep",
                "======================== THE MOTLEY FOOL ========================");
        assertEmail("spam-1/00001", "Life Insurance - Why Pay More?", "Save up to 70% on Life Insurance.\n\n"
                + "Why Spend More Than You Have To?");
        assertEmail("spam-2/00001", "[ILUG] STOP THE MLM INSANITY", "Greetings!");
        assertEquals("00001.7c53336b37003a9286aba55d2945844c", CORPUS.emails().get(0).id());
    }

    @Test
    void decodesSubjectsInTheirCharsets() {
        assertEquals("Re: RE: [zzzzteana] Sitting Bull über alles [Long]", email("easy-ham-1/02434").subject());
        assertEquals("日本語の件名（サブジェクト）　スパムメールではありません！", email("hard-ham-1/00039").subject());
        assertEquals("Matrox Parhelia™ now available", email("hard-ham-1/00149").subject());
        assertTrue(email("spam-2/00006").subject().startsWith("還在用20%的信用卡循環嗎???"),
                "raw Big5 bytes, charset CHINESEBIG5");
    }

    @Test
    void keepsNoHeaderButTheSubjectAndNoBodyLongerThanTheLimit() {
        Email first = email("easy-ham-1/00001");
        assertTrue(!first.text().contains("Return-Path:") && !first.text().contains("Received:"), first.text());
        assertTrue(CORPUS.emails().stream().allMatch(e -> e.body().length() <= SpamAssassin.MAX_BODY_CHARS));
        assertTrue(CORPUS.emails().stream().anyMatch(e -> e.body().length() == SpamAssassin.MAX_BODY_CHARS));
        assertTrue(CORPUS.emails().stream().allMatch(e -> e.text().equals(e.subject() + "\n" + e.body())));
    }

    @Test
    void splitIsEightyTenTenPerGroup() {
        int[][] expected = {{2_004, 248, 248}, {1_121, 139, 140}, {200, 25, 25}, {399, 50, 51}, {1_117, 139, 140}};
        for (int g = 0; g < SpamAssassin.GROUPS.size(); g++) {
            for (Split split : Split.values()) {
                assertEquals(expected[g][split.ordinal()], CORPUS.examples(split, SpamAssassin.GROUPS.get(g)).size(),
                        SpamAssassin.GROUPS.get(g) + " " + split);
            }
        }
        assertEquals(4_841, CORPUS.examples(Split.TRAIN).size());
        assertEquals(601, CORPUS.examples(Split.VALIDATION).size());
        assertEquals(604, CORPUS.examples(Split.TEST).size());
        assertEquals(191, CORPUS.examples(Split.TEST).stream().filter(e -> e.label() == 1).count());
    }

    @Test
    void splitFollowsTheDocumentedRule() {
        // The first ten messages of spam-1 are distinct: positions 2 and 5 go to validation and test.
        List<Split> firstTen = CORPUS.emails().stream().filter(e -> e.group().equals("spam-1")).limit(10)
                .map(Email::split).toList();
        assertEquals(List.of(Split.TRAIN, Split.TRAIN, Split.VALIDATION, Split.TRAIN, Split.TRAIN, Split.TEST,
                Split.TRAIN, Split.TRAIN, Split.TRAIN, Split.TRAIN), firstTen);
    }

    @Test
    void noTextIsInTwoParts() {
        Map<String, Split> partOfText = new HashMap<>();
        for (Email e : CORPUS.emails()) {
            Split before = partOfText.putIfAbsent(e.text(), e.split());
            assertTrue(before == null || before == e.split(), "a repeated text stays in one part: " + e.group() + "/"
                    + e.id());
        }
        assertEquals(6_046 - 147, partOfText.size(), "147 messages repeat an earlier one");
    }

    @Test
    void isTheSameOnEveryRead() throws IOException {
        SpamAssassin again = SpamAssassin.read(DataResources.bytes(SpamAssassin.RESOURCE), "again");
        assertEquals(CORPUS.emails(), again.emails());
    }

    @Test
    void anUnknownGroupIsAnErrorListingTheGroups() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CORPUS.examples(Split.TEST, "spam"));
        assertTrue(e.getMessage().contains("'spam'") && e.getMessage().contains("easy-ham-1"), e.getMessage());
    }

    @Test
    void aChangedResourceIsAnErrorNamingItAndBothChecksums() throws IOException {
        byte[] bytes = DataResources.bytes(SpamAssassin.RESOURCE);
        bytes[1_000_000] ^= 1;
        IOException e = assertThrows(IOException.class, () -> SpamAssassin.read(bytes, "spam-assassin.tar.gz"));
        assertTrue(e.getMessage().contains("org/tlnlp/data/spam-assassin.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(DataResources.sha256(bytes)), e.getMessage());
        assertTrue(e.getMessage().contains(SpamAssassin.SHA256), e.getMessage());
    }

    @Test
    void aDamagedArchiveIsAnErrorNamingWhere() throws IOException {
        byte[] tarGz = DataResources.bytes(SpamAssassin.RESOURCE);
        IOException cut = assertThrows(IOException.class,
                () -> SpamAssassin.parse(Arrays.copyOf(tarGz, tarGz.length / 2), "spam-assassin.tar.gz"));
        assertTrue(cut.getMessage().startsWith("spam-assassin.tar.gz: not a readable gzip stream"), cut.getMessage());

        byte[] tar = tar(Map.of("data/file_list.json", "[]".getBytes(StandardCharsets.UTF_8)));
        tar[0] = 'X';
        IOException header = assertThrows(IOException.class, () -> TarArchive.readTar(tar, "x.tar"));
        assertTrue(header.getMessage().startsWith("x.tar: the header at byte 0 is damaged: its checksum says"),
                header.getMessage());

        byte[] shortTar = Arrays.copyOf(tar(Map.of("a.txt", new byte[2_000])), 1_024);
        IOException ends = assertThrows(IOException.class, () -> TarArchive.readTar(shortTar, "x.tar"));
        assertTrue(ends.getMessage().contains("(a.txt) announces 2000 bytes, but the archive ends after 512"),
                ends.getMessage());
    }

    @Test
    void aBadFileListIsAnErrorNamingTheEntry() throws IOException {
        String first = "easy-ham-1/00001.7c53336b37003a9286aba55d2945844c.txt";
        String second = "spam-1/00001.7848dde101aa985090474a91ec93fcf0.txt";
        byte[] message = "Subject: s\n\nbody\n".getBytes(StandardCharsets.US_ASCII);

        IOException badGroup = assertThrows(IOException.class, () -> SpamAssassin.parse(tarGz(
                list(first, "spam-3/00001.7848dde101aa985090474a91ec93fcf0.txt"), Map.of("data/" + first, message)), "t"));
        assertTrue(badGroup.getMessage().startsWith("t/data/file_list.json: entry 1 (0-based, "
                + "'spam-3/00001.7848dde101aa985090474a91ec93fcf0.txt') is not of the form"), badGroup.getMessage());

        IOException missing = assertThrows(IOException.class, () -> SpamAssassin.parse(tarGz(list(first, second),
                Map.of("data/" + first, message)), "t"));
        assertTrue(missing.getMessage().contains("entry 1 (0-based, '" + second + "') names a message that is not in "
                + "the archive"), missing.getMessage());

        IOException unlisted = assertThrows(IOException.class, () -> SpamAssassin.parse(tarGz(list(first),
                Map.of("data/" + first, message, "data/" + second, message)), "t"));
        assertTrue(unlisted.getMessage().contains("1 message(s) not in data/file_list.json, e.g. data/" + second),
                unlisted.getMessage());

        IOException noList = assertThrows(IOException.class, () -> SpamAssassin.parse(tarGz(Map.of(),
                Map.of("data/" + first, message)), "t"));
        assertTrue(noList.getMessage().contains("t/data/file_list.json is missing"), noList.getMessage());

        SpamAssassin two = SpamAssassin.parse(tarGz(list(first, second), Map.of("data/" + first, message,
                "data/" + second, message)), "t");
        assertEquals(List.of("easy-ham-1", "spam-1"), two.emails().stream().map(Email::group).toList());
    }

    // --- helpers ---

    private static Email email(String groupAndNumber) {
        return CORPUS.emails().stream().filter(e -> (e.group() + "/" + e.id()).startsWith(groupAndNumber + "."))
                .findFirst().orElseThrow();
    }

    private static void assertEmail(String groupAndNumber, String subject, String bodyStart) {
        Email e = email(groupAndNumber);
        assertEquals(subject, e.subject(), groupAndNumber);
        assertTrue(e.body().startsWith(bodyStart), groupAndNumber + " starts: " + e.body().substring(0, 200));
    }

    private static Map<String, byte[]> list(String... names) {
        String json = "[" + String.join(",", Arrays.stream(names).map(n -> "\"" + n + "\"").toList()) + "]";
        return Map.of("data/file_list.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] tarGz(Map<String, byte[]> list, Map<String, byte[]> messages) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(list);
        files.putAll(messages);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar(files));
        }
        return out.toByteArray();
    }

    /** A ustar archive of the files, written field by field (name, mode, ids, size, time, checksum, type, magic). */
    private static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, f.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", f.getValue().length));
            put(h, 136, "00000000000");
            put(h, 148, "        ");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(f.getValue());
            out.writeBytes(new byte[(512 - f.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1_024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }
}

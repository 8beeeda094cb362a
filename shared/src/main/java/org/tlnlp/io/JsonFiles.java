package org.tlnlp.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the small JSON files that describe a model ({@code config.json}, ELMo's {@code options.json}), with
 * errors that name the file and the key: a folder given as a file, a file that is not JSON, a key missing or
 * of the wrong kind.
 */
public final class JsonFiles {

    private JsonFiles() {
    }

    /** The file's top-level JSON object. */
    public static JsonObject object(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder; a JSON file was expected");
        }
        String text = TextFiles.readUtf8(file);
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IOException(file + ": the JSON is not an object ({...}) but " + kind(e));
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** A JSON array of numbers as doubles (golden values, series); anything else is an error naming what it was. */
    public static double[] doubles(JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("expected a JSON array of numbers, got " + (e == null ? "nothing" : kind(e)));
        }
        com.google.gson.JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** Checks {@code model_type}. */
    public static void requireType(Path file, JsonObject o, String type) throws IOException {
        String actual = string(file, o, "model_type", "");
        if (!actual.equals(type)) {
            throw new IOException(file + ": model_type is '" + actual + "', not '" + type + "'");
        }
    }

    /** A required integer. */
    public static int integer(Path file, JsonObject o, String key) throws IOException {
        return primitive(file, o, key, "an integer").getAsInt();
    }

    public static int integer(Path file, JsonObject o, String key, int fallback) throws IOException {
        return o.has(key) ? integer(file, o, key) : fallback;
    }

    public static float decimal(Path file, JsonObject o, String key, float fallback) throws IOException {
        return o.has(key) ? primitive(file, o, key, "a number").getAsFloat() : fallback;
    }

    public static String string(Path file, JsonObject o, String key, String fallback) throws IOException {
        return o.has(key) ? primitive(file, o, key, "a string").getAsString() : fallback;
    }

    public static boolean bool(Path file, JsonObject o, String key, boolean fallback) throws IOException {
        return o.has(key) ? primitive(file, o, key, "true or false").getAsBoolean() : fallback;
    }

    /** A required nested object. */
    public static JsonObject child(Path file, JsonObject o, String key) throws IOException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new IOException(file + ": needs '" + key + "' as an object, found " + (e == null ? "nothing" : kind(e)));
        }
        return e.getAsJsonObject();
    }

    private static JsonElement primitive(Path file, JsonObject o, String key, String what) throws IOException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IOException(file + ": needs '" + key + "' (" + what + ")");
        }
        if (!e.isJsonPrimitive()) {
            throw new IOException(file + ": '" + key + "' should be " + what + ", not " + kind(e));
        }
        try {
            if (what.startsWith("an integer")) {
                e.getAsInt();
                if (e.getAsDouble() != Math.rint(e.getAsDouble())) {
                    throw new NumberFormatException();
                }
            } else if (what.equals("a number")) {
                e.getAsDouble();
            }
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException x) {
            throw new IOException(file + ": '" + key + "' should be " + what + ", not " + e);
        }
        return e;
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "an array" : e.isJsonObject() ? "an object" : e.isJsonNull() ? "null" : e.toString();
    }
}

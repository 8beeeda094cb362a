package org.tlnlp.models.elmo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sizes of an ELMo model, with the keys of the published {@code options.json}
 * ({@code char_cnn.filters}, {@code char_cnn.n_highway}, {@code char_cnn.embedding.dim},
 * {@code lstm.dim}, {@code lstm.projection_dim}, {@code lstm.n_layers}, {@code lstm.cell_clip},
 * {@code lstm.proj_clip}, {@code lstm.use_skip_connections}).
 *
 * @param filters        convolutions of the character CNN: {width, number of filters} each
 * @param highway        highway layers after the CNN
 * @param charDim        width of a character embedding
 * @param activation     the CNN's non-linearity after max-pooling: "relu" or "tanh"
 * @param lstmDim        the LSTM cell's width
 * @param projectionDim  width of the LSTM's projected output, and of the token encoder's output
 * @param layers         biLSTM layers
 * @param cellClip       the cell state is clipped to ±cellClip (0 = no clipping)
 * @param projClip       the projected output is clipped to ±projClip (0 = no clipping)
 * @param skip           add each LSTM layer's input to its output, from the second layer on
 */
public record ElmoOptions(List<ElmoOptions.Filter> filters, int highway, int charDim, String activation, int lstmDim,
                          int projectionDim, int layers, float cellClip, float projClip, boolean skip) {

    /** One convolution of the character CNN: its width in characters and its number of filters. */
    public record Filter(int width, int count) {
    }

    public ElmoOptions {
        if (!activation.equals("relu") && !activation.equals("tanh")) {
            throw new IllegalArgumentException("char_cnn.activation must be relu or tanh, not " + activation);
        }
        filters = List.copyOf(filters);
    }

    /** The published 2x4096_512_2048cnn_2xhighway model's sizes. */
    public static ElmoOptions original() {
        return new ElmoOptions(List.of(new Filter(1, 32), new Filter(2, 32), new Filter(3, 64), new Filter(4, 128),
                new Filter(5, 256), new Filter(6, 512), new Filter(7, 1024)), 2, 16, "relu", 4096, 512, 2, 3f, 3f, true);
    }

    /** Total number of CNN filters (the highway layers' width). */
    public int filterCount() {
        return filters.stream().mapToInt(Filter::count).sum();
    }

    /** Width of every ELMo layer: forward and backward projections side by side. */
    public int outputDim() {
        return 2 * projectionDim;
    }

    public static ElmoOptions fromJson(Path file) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            JsonObject cnn = o.getAsJsonObject("char_cnn");
            JsonObject lstm = o.getAsJsonObject("lstm");
            List<Filter> filters = new ArrayList<>();
            for (var f : cnn.getAsJsonArray("filters")) {
                JsonArray a = f.getAsJsonArray();
                filters.add(new Filter(a.get(0).getAsInt(), a.get(1).getAsInt()));
            }
            return new ElmoOptions(filters, cnn.get("n_highway").getAsInt(),
                    cnn.getAsJsonObject("embedding").get("dim").getAsInt(),
                    cnn.has("activation") ? cnn.get("activation").getAsString() : "relu", lstm.get("dim").getAsInt(),
                    lstm.get("projection_dim").getAsInt(), lstm.get("n_layers").getAsInt(),
                    lstm.has("cell_clip") ? lstm.get("cell_clip").getAsFloat() : 0f,
                    lstm.has("proj_clip") ? lstm.get("proj_clip").getAsFloat() : 0f,
                    lstm.has("use_skip_connections") && lstm.get("use_skip_connections").getAsBoolean());
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an ELMo options file (needs char_cnn.filters, char_cnn.n_highway, "
                    + "char_cnn.embedding.dim, lstm.dim, lstm.projection_dim, lstm.n_layers): " + e.getMessage(), e);
        }
    }

    /** As the published options.json lays it out. */
    public String toJson() {
        StringBuilder f = new StringBuilder();
        for (Filter x : filters) {
            f.append(f.length() == 0 ? "" : ", ").append('[').append(x.width()).append(", ").append(x.count()).append(']');
        }
        return String.format(Locale.ROOT, "{\"lstm\": {\"use_skip_connections\": %b, \"projection_dim\": %d, "
                        + "\"cell_clip\": %s, \"proj_clip\": %s, \"dim\": %d, \"n_layers\": %d}, \"char_cnn\": "
                        + "{\"activation\": \"%s\", \"filters\": [%s], \"n_highway\": %d, \"embedding\": {\"dim\": %d}, "
                        + "\"n_characters\": 262, \"max_characters_per_token\": 50}}\n", skip, projectionDim, cellClip,
                projClip, lstmDim, layers, activation, f, highway, charDim);
    }
}

package org.tlnlp.lesson03;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of {@code testdata/optimization/}, written once by {@code tools/reference/optimization_torch.py golden}
 * (PyTorch's autograd, NumPy, each formula from its paper). The tests need no Python.
 */
final class Golden {

    static final Path DIR = LabReport.repositoryRoot().resolve("testdata/optimization");

    private Golden() {
    }

    /** The {@code cases} of one file. */
    static List<JsonObject> cases(String file) {
        try {
            JsonArray a = JsonFiles.object(DIR.resolve(file)).getAsJsonArray("cases");
            List<JsonObject> out = new ArrayList<>();
            a.forEach(e -> out.add(e.getAsJsonObject()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIR.resolve(file) + " (regenerate with: /usr/bin/python3 "
                    + "tools/reference/optimization_torch.py golden testdata/optimization)", e);
        }
    }
}

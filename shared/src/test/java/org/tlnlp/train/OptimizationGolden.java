package org.tlnlp.train;

import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.lab.LabReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code testdata/optimization/}: the schemes' golden values, computed once by PyTorch's autograd and NumPy from the
 * papers' formulas ({@code tools/reference/optimization_torch.py golden testdata/optimization}).
 */
public final class OptimizationGolden {

    static final Path DIR = LabReport.repositoryRoot().resolve("testdata/optimization");

    private OptimizationGolden() {
    }

    /** The cases of {@code file}, each a JSON object. */
    public static List<JsonObject> cases(String file) {
        Path path = DIR.resolve(file);
        List<JsonObject> out = new ArrayList<>();
        try {
            JsonFiles.object(path).getAsJsonArray("cases").forEach(c -> out.add(c.getAsJsonObject()));
        } catch (IOException e) {
            throw new UncheckedIOException(path + " is missing or damaged; regenerate it with /usr/bin/python3 "
                    + "tools/reference/optimization_torch.py golden testdata/optimization", e);
        }
        return out;
    }
}

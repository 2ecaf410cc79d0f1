package org.raven.eval.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.raven.eval.io.AtomicFiles;

/**
 * The files of a cell folder: {@code cell.json} (written by the planner), {@code result.json}
 * (written atomically when the cell finishes). Result files need no plugins to read.
 */
public final class CellStore {

    public static final String CELL_FILE = "cell.json";
    public static final String RESULT_FILE = "result.json";

    private final ObjectMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The plain mapper used for results (no plugin types). */
    public ObjectMapper mapper() {
        return json;
    }

    public void writeResult(Path dir, CellResult result) {
        try {
            AtomicFiles.write(dir.resolve(RESULT_FILE), json.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CellResult readResult(Path dir) {
        try {
            return json.readValue(dir.resolve(RESULT_FILE).toFile(), CellResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(RESULT_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The finished result of the cell with {@code hash}, if its folder has one; a stale or torn file is ignored. */
    public Optional<CellResult> finished(Path dir, String hash) {
        Path file = dir.resolve(RESULT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            CellResult result = json.readValue(file.toFile(), CellResult.class);
            return hash.equals(result.hash()) ? Optional.of(result) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code hash} field of a cell folder's {@code cell.json}. */
    public String cellHash(Path dir) {
        try {
            JsonNode node = json.readTree(dir.resolve(CELL_FILE).toFile());
            return node.path("hash").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CELL_FILE) + ": " + e.getMessage(), e);
        }
    }
}

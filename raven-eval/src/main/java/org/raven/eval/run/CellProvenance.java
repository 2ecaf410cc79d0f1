package org.raven.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.data.Dataset;
import org.raven.eval.Plugins;
import org.raven.eval.report.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one cell's result came from, captured by the process that computed it (Tribuo's standard): so a cell
 * reused by a later {@code --resume}, or computed by a worker or an executor elsewhere, keeps its own account.
 *
 * @param environment  versions, backend, BLAS vendor and threads, OMP_NUM_THREADS, JVM, OS, git commit and dirty
 *                     flag of the computing process ({@code start} is when the cell finished)
 * @param engine       the training step engine actually used ({@code fused}, {@code samediff}) or {@code pretrained}
 * @param dataset      the dataset's description
 * @param datasetFiles each file the dataset was read from with its SHA-256 as stored; empty for generated data
 * @param plugins      every plugin loaded in that process
 * @param training     when the model was resumed from a checkpoint or reused finished, the provenance that checkpoint
 *                     recorded: the process that wrote it (trained its epochs up to there; {@code environment.start}
 *                     is when that process began training); null when this process trained the model from scratch,
 *                     for a pretrained model, and for checkpoints written before provenance was recorded
 */
public record CellProvenance(Provenance environment, String engine, String dataset, Map<String, String> datasetFiles,
                             List<PluginOrigin> plugins, CellProvenance training) {

    private static final Logger LOG = LoggerFactory.getLogger(CellProvenance.class);
    /** Plain JSON, no plugin types; unknown keys (of a newer RAVEN's checkpoint) are skipped. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * One loaded plugin.
     *
     * @param jar       the jar (or class folder) it was loaded from
     * @param jarSha256 SHA-256 of that jar; null for a class folder or when unreadable
     */
    public record PluginOrigin(String kind, String id, String className, String jar, String jarSha256) {
    }

    public CellProvenance {
        // In the order read, not Map.copyOf's per-JVM order: results.json must be the same bytes run after run.
        datasetFiles = datasetFiles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(datasetFiles));
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    /** Captures this process's state for a cell computed with {@code engine} on {@code data}. */
    public static CellProvenance capture(Plugins plugins, Dataset data, String engine) {
        Map<Path, String> jarDigests = new java.util.HashMap<>();
        List<PluginOrigin> origins = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            for (Plugin<?, ?> provider : plugins.registry(kind).providers()) {
                Path jar = codeSource(provider.getClass());
                String sha = jar == null || !Files.isRegularFile(jar) ? null : jarDigests.computeIfAbsent(jar, CellProvenance::sha256);
                origins.add(new PluginOrigin(kind.label(), provider.id(), provider.getClass().getName(),
                        jar == null ? "unknown" : jar.toString(), sha));
            }
        }
        return new CellProvenance(Provenance.capture(java.time.Instant.now().toString()), engine, data.description(),
                data.files(), origins, null);
    }

    /** As JSON, the text a checkpoint records ({@link org.raven.core.train.Checkpoint#provenance()}). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write provenance as JSON", e);
        }
    }

    /**
     * This provenance with {@code checkpoint}'s text (from {@link #toJson()}) as {@link #training()}; unchanged when
     * that is null, and with a WARN when it is not this JSON (the checkpoint's checksum held, so a foreign writer).
     */
    public CellProvenance withTraining(String checkpoint) {
        if (checkpoint == null) {
            return this;
        }
        try {
            return new CellProvenance(environment, engine, dataset, datasetFiles, plugins,
                    JSON.readValue(checkpoint, CellProvenance.class));
        } catch (JsonProcessingException e) {
            LOG.warn("the checkpoint's provenance is not readable, not recorded: {}", e.getOriginalMessage());
            return this;
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
        } catch (Exception | Error e) {
            return null;
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.raven.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.noise.NoiseSpec;
import org.raven.eval.Plugins;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.report.Provenance;
import org.raven.eval.report.Results;
import org.raven.eval.report.RunReport;
import org.raven.eval.spec.ClassifierSpec;
import org.raven.eval.spec.EvaluationSpec;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ModelSpec;
import org.raven.eval.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment: plans the grid of independent cells (model x seed), skips cells whose
 * {@code result.json} matches their spec's hash, hands the rest to a {@link CellExecutor}, and
 * writes {@code spec.resolved.json}, {@code results.json}, {@code results.csv} and the plots.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    public static final String RESOLVED_SPEC = "spec.resolved.json";
    public static final String CELLS = "cells";
    /** Held while a run writes to its folder, so that two runs cannot share one. */
    public static final String LOCK = ".raven.lock";

    private final ObjectMapper mapper;
    private final Plugins plugins;
    private final CellStore store;
    private final CellExecutor.Factory executors;
    private final RunReport report;
    private final DatasetCache datasets;

    @Inject
    public ExperimentRunner(ObjectMapper mapper, Plugins plugins, CellStore store, CellExecutor.Factory executors,
            RunReport report, DatasetCache datasets) {
        this.mapper = mapper;
        this.plugins = plugins;
        this.store = store;
        this.executors = executors;
        this.report = report;
        this.datasets = datasets;
    }

    /**
     * The hash a finished cell is recognised by: of its spec, and for a pretrained model also of its files' contents,
     * so that a file replaced under the same name is evaluated again on {@code --resume}.
     */
    private String cellHash(CellSpec cell) {
        if (cell.pretrained() == null) {
            return CellSpec.hash(mapper, cell);
        }
        List<String> parts = new ArrayList<>();
        parts.add(CellSpec.hash(mapper, cell));
        for (Path file : cell.pretrained().files()) {
            try {
                parts.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(file))));
            } catch (IOException e) {
                parts.add("unreadable " + file); // loading the model reports it, with the spec field
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return CellSpec.hash(mapper, parts);
    }

    /** The grid in execution order: seeds outer, models inner, so a partial run covers every model. */
    public List<CellSpec> plan(ExperimentSpec spec) {
        String datasetId = plugins.providerOf(spec.dataset()).id();
        NoiseSpec firstNoise = spec.models().stream().map(ModelSpec::noise).filter(n -> n != null).findFirst()
                .orElse(null);
        List<CellSpec> cells = new ArrayList<>();
        for (long seed : spec.seeds()) {
            for (ModelSpec model : spec.models()) {
                boolean embed = seed == spec.seeds().get(0);
                if (model.pretrained() != null) {
                    // Not trained here: the classifier's width follows the model's latent size, known once it is loaded.
                    cells.add(new CellSpec(datasetId, spec.dataset(), null, spec.likelihood(), spec.beta(), model.name(),
                            null, null, null, seed, spec.evaluationOf(model), firstNoise, embed, model.pretrained()));
                    continue;
                }
                ArchitectureSpec architecture = spec.architectureOf(model);
                EvaluationSpec evaluation = spec.evaluationOf(model);
                ClassifierSpec resolved = evaluation.classifier().resolvedFor(architecture.latentDim());
                cells.add(new CellSpec(datasetId, spec.dataset(), architecture, spec.likelihood(),
                        model.beta() != null ? model.beta() : spec.beta(),
                        model.name(), model.prior(), model.noise(), spec.trainingOf(model), seed,
                        evaluation.withClassifier(resolved),
                        model.noise() != null ? model.noise() : firstNoise, embed, null, model.defence(), model.inference()));
            }
        }
        return cells;
    }

    /**
     * Runs {@code spec} into {@code out}.
     *
     * @param resume  continue a run in a non-empty {@code out}: finished cells are kept, unfinished
     *                ones resume from their checkpoints
     * @param workers parallel worker processes, or null for the spec's {@code executor.workers}
     * @throws SpecException       if {@code out} is not empty and {@code resume} is false
     * @throws CellFailedException if cells failed (the others are finished and kept)
     */
    public Results run(ExperimentSpec spec, Path out, boolean resume, Integer workers) {
        return run(spec, out, resume, workers, executors);
    }

    /** {@link #run(ExperimentSpec, Path, boolean, Integer)} with another executor, for example {@code --executor spark}. */
    public Results run(ExperimentSpec spec, Path out, boolean resume, Integer workers, CellExecutor.Factory executors) {
        String start = Instant.now().toString();
        prepareOutput(out, resume);
        try (FileChannel lockFile = FileChannel.open(out.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = CellLock.tryLock(lockFile);
            if (lock == null) {
                throw new SpecException(out + ": another raven run is using this folder");
            }
            try {
                return runLocked(spec, out, workers, executors, start);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + out.resolve(LOCK) + ": " + e.getMessage(), e);
        }
    }

    private Results runLocked(ExperimentSpec spec, Path out, Integer workers, CellExecutor.Factory executors,
            String start) {
        Provenance provenance = Provenance.capture(start); // before the cells: the code that computes them
        JsonNode resolved = mapper.valueToTree(spec);
        checkSameExperiment(out, resolved); // before anything in the folder is written or discarded
        removeStrayTempFiles(out);
        // A new folder is marked as a run's at once; a resumed one keeps the spec that matches its results.json
        // until the new results.json is written, so a resume that fails or is killed leaves the pair consistent.
        boolean fresh = !Files.exists(out.resolve(RESOLVED_SPEC));
        if (fresh) {
            writeResolvedSpec(out, spec);
        }
        List<CellSpec> cells = plan(spec);
        Map<String, CellResult> done = new LinkedHashMap<>();
        List<CellTask> pending = new ArrayList<>();
        for (CellSpec cell : cells) {
            Path dir = inside(out, out.resolve(CELLS).resolve(cell.key()));
            String hash = cellHash(cell);
            Optional<CellResult> finished = store.finished(dir, hash);
            if (finished.isPresent()) {
                done.put(cell.key(), finished.get());
                continue;
            }
            pending.add(new CellTask(cell.key(), writeCell(out, cell)));
        }
        int parallel = workers != null ? workers : spec.executor().workers();
        LOG.info("{}: {} cells ({} models x {} seeds), {} finished, {} to run with {} worker(s); output in {}",
                spec.name(), cells.size(), spec.models().size(), spec.seeds().size(), done.size(), pending.size(),
                parallel, out);
        GridProgress progress = new GridProgress(cells.size(), done.size(), System::nanoTime);
        for (CellResult r : executors.create(parallel).execute(pending, progress)) {
            done.put(r.key(), r);
        }
        List<CellResult> ordered = new ArrayList<>();
        for (ModelSpec model : spec.models()) { // results in model order, then seed order
            for (long seed : spec.seeds()) {
                ordered.add(done.get(model.name() + "-seed" + seed));
            }
        }
        Map<String, String> described = new LinkedHashMap<>();
        described.put(cells.get(0).datasetId(), describe(spec));
        Results results = Results.of(spec.name(), provenance.withEnd(Instant.now().toString()), resolved, described, ordered);
        report.write(out, results);
        if (!fresh) {
            writeResolvedSpec(out, spec);
        }
        return results;
    }

    private void writeResolvedSpec(Path out, ExperimentSpec spec) {
        try {
            AtomicFiles.writeString(out.resolve(RESOLVED_SPEC), mapper.writeValueAsString(spec) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Temp files that killed writes left in the run folder itself (cells clean their own under their lock). */
    private static void removeStrayTempFiles(Path out) {
        try {
            List<Path> stray = org.raven.core.TempFiles.clean(out, 1);
            if (!stray.isEmpty()) {
                LOG.info("{}: removed {} temp file(s) of interrupted writes", out, stray.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to continue in {@code out} when it holds another experiment: a folder with files but no
     * {@code spec.resolved.json}, or one whose resolved spec differs from {@code resolved} in a key that defines the
     * cells ({@link #IDENTITY}). Otherwise cells of that run would be recomputed over its results and checkpoints.
     * Evaluation and executor settings may change: they only recompute the evaluation.
     *
     * @throws SpecException naming the folder and each differing key (the first few), one line; nothing is changed
     */
    private void checkSameExperiment(Path out, JsonNode resolved) {
        Path file = out.resolve(RESOLVED_SPEC);
        try {
            if (!Files.exists(file)) {
                checkRunFolder(out);
                return;
            }
            JsonNode stored = normalised(mapper.readTree(file.toFile()));
            List<String> differences = new ArrayList<>();
            for (String key : IDENTITY) {
                differences(key, stored.path(key), resolved.path(key), differences);
            }
            if (!differences.isEmpty()) {
                int shown = Math.min(differences.size(), 4);
                throw new SpecException(out + ": holds another experiment ('" + stored.path("name").asText() + "'); this spec ('"
                        + resolved.path("name").asText() + "') differs in " + String.join("; ", differences.subList(0, shown))
                        + (differences.size() > shown ? "; and " + (differences.size() - shown) + " more" : "")
                        + ". Nothing was changed: resume it with its own spec (" + RESOLVED_SPEC + ") or choose another --out");
            }
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read the resolved spec of the run in this folder (" + e.getMessage()
                    .lines().findFirst().orElse("") + "); nothing was changed, choose another --out");
        }
    }

    /** Refuses a folder that holds files but no {@code spec.resolved.json}: not a run's, so not ours to write into. */
    private static void checkRunFolder(Path out) throws IOException {
        if (Files.isDirectory(out) && !Files.exists(out.resolve(RESOLVED_SPEC))) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK))) {
                    throw new SpecException(out + ": not a raven run folder (no " + RESOLVED_SPEC + "); --resume continues"
                            + " only a folder written by raven run; nothing was changed, choose another --out");
                }
            }
        }
    }

    /** Keys of a resolved spec that define the cells; the others ({@code evaluation}, {@code executor}) may change on resume. */
    static final List<String> IDENTITY = List.of("name", "dataset", "seeds", "architecture", "likelihood", "beta", "models",
            "training");

    /**
     * A stored resolved spec read back and written again, so that keys added since it was written get their
     * defaults rather than count as differences; as stored if this build cannot read it (its plugins are missing).
     */
    private JsonNode normalised(JsonNode stored) {
        try {
            return mapper.valueToTree(mapper.treeToValue(stored, ExperimentSpec.class));
        } catch (IOException | IllegalArgumentException e) {
            return stored;
        }
    }

    /** Appends {@code path (there -> here)} for each leaf where {@code there} (the folder's) and {@code here} differ. */
    private static void differences(String path, JsonNode there, JsonNode here, List<String> out) {
        if (there.isObject() && here.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            there.fieldNames().forEachRemaining(keys::add);
            here.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                differences(path + "." + key, there.path(key), here.path(key), out);
            }
        } else if (there.isArray() && here.isArray() && there.size() == here.size()) {
            for (int i = 0; i < there.size(); i++) {
                differences(path + "[" + i + "]", there.get(i), here.get(i), out);
            }
        } else if (there.isNumber() && here.isNumber() ? there.decimalValue().compareTo(here.decimalValue()) != 0
                : !there.equals(here)) {
            out.add(path + " (" + shown(there) + " in the folder, " + shown(here) + " here)");
        }
    }

    private static String shown(JsonNode value) {
        String text = value.isMissingNode() ? "absent" : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /**
     * What the dataset is, in its provider's words, for results.json and the report. In-process cells have
     * loaded it already; after worker processes this loads it once more here. Never fails the run: without
     * the data here (a cluster's driver, say) it says why.
     */
    private String describe(ExperimentSpec spec) {
        try {
            return datasets.get(spec.dataset()).description();
        } catch (RuntimeException e) {
            LOG.warn("cannot describe the dataset for the report: {}", e.getMessage());
            return "not described: " + e.getMessage();
        }
    }

    /**
     * {@code path}, after checking that it lies in {@code out}: validation keeps names to safe characters, and this
     * guards every other way a spec value could reach a file name.
     */
    static Path inside(Path out, Path path) {
        Path root = out.toAbsolutePath().normalize();
        Path resolved = path.toAbsolutePath().normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new SpecException(path + ": outside the output folder " + out + "; a spec value may not place files there");
        }
        return path;
    }

    /** Writes {@code cell}'s folder under the run folder {@code out} (its {@code cell.json}) and returns the folder. */
    public Path writeCell(Path out, CellSpec cell) {
        Path dir = inside(out, out.resolve(CELLS).resolve(cell.key()));
        writeCellFile(dir, new CellSpec.File(cellHash(cell), CellSpec.hash(mapper, cell.trainingKey()), cell));
        return dir;
    }

    private void writeCellFile(Path dir, CellSpec.File file) {
        try {
            AtomicFiles.write(dir.resolve(CellStore.CELL_FILE), mapper.writeValueAsBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void prepareOutput(Path out, boolean resume) {
        try {
            if (resume) {
                checkRunFolder(out); // before the lock file is created in it
            }
            if (Files.isDirectory(out) && !resume) {
                try (Stream<Path> entries = Files.list(out)) {
                    if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK))) {
                        throw new SpecException(out + ": output folder is not empty; pass --resume to continue"
                                + " the run in it, or choose another --out");
                    }
                }
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new SpecException(out + ": not a folder");
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
    }
}

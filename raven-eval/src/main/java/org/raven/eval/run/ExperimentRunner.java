package org.raven.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
                            null, null, null, seed, spec.evaluation(), firstNoise, embed, model.pretrained()));
                    continue;
                }
                ArchitectureSpec architecture = spec.architectureOf(model);
                ClassifierSpec resolved = spec.evaluation().classifier().resolvedFor(architecture.latentDim());
                cells.add(new CellSpec(datasetId, spec.dataset(), architecture, spec.likelihood(), spec.beta(),
                        model.name(), model.prior(), model.noise(), spec.trainingOf(model), seed,
                        spec.evaluation().withClassifier(resolved),
                        model.noise() != null ? model.noise() : firstNoise, embed, null));
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
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
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
        try {
            AtomicFiles.writeString(out.resolve(RESOLVED_SPEC), mapper.writeValueAsString(spec) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CellSpec> cells = plan(spec);
        Map<String, CellResult> done = new LinkedHashMap<>();
        List<CellTask> pending = new ArrayList<>();
        for (CellSpec cell : cells) {
            Path dir = out.resolve(CELLS).resolve(cell.key());
            String hash = cellHash(cell);
            Optional<CellResult> finished = store.finished(dir, hash);
            if (finished.isPresent()) {
                done.put(cell.key(), finished.get());
                continue;
            }
            writeCellFile(dir, new CellSpec.File(hash, CellSpec.hash(mapper, cell.trainingKey()), cell));
            pending.add(new CellTask(cell.key(), dir));
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
        return results;
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

    private void writeCellFile(Path dir, CellSpec.File file) {
        try {
            AtomicFiles.write(dir.resolve(CellStore.CELL_FILE), mapper.writeValueAsBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void prepareOutput(Path out, boolean resume) {
        try {
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

package org.raven.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.raven.eval.RavenModule;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellFailedException;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.CellTask;
import org.raven.eval.run.ExecutorSettings;
import org.raven.eval.run.ExperimentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cells as Spark tasks, one cell per task, in one Spark job: each task computes its cell from
 * the cell's folder, which must be on a path every executor sees (a local folder in local mode, NFS
 * or similar on a cluster), writes the cell's {@code result.json} there and returns the result to
 * the driver, which writes it again (the same bytes) and returns the results in the order given.
 *
 * <p>A failing cell is retried by Spark ({@code spark.task.maxFailures}; in local mode the {@code F}
 * of {@code local[N,F]}, else 1 attempt). After its last attempt it comes back as a failure record,
 * so the other cells finish; then this throws {@link CellFailedException} naming each failed cell and
 * its error. Should Spark abort the job anyway (an executor lost on the last attempt), the cells whose
 * {@code result.json} was written are kept and the rest are reported with Spark's error.
 *
 * <p>Without a master in the settings, the master comes from {@code spark.master} (set by
 * {@code spark-submit}), else {@code local[workers]}. A context this executor starts is stopped at
 * the end of {@link #execute}; one handed to {@link #SparkExecutor(JavaSparkContext, CellStore)} is
 * left running. The master, application id and per-cell attempts go to {@code spark.json} in the
 * run folder (beside results.json, whose provenance describes the driver only).
 */
public final class SparkExecutor implements CellExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SparkExecutor.class);

    /** Written beside results.json: master, application id, Spark version, and where each cell ran. */
    public static final String SPARK_FILE = "spark.json";
    /** Spark configuration key: BLAS/OpenMP threads per task; default {@code spark.task.cpus}. */
    public static final String BLAS_THREADS = "spark.raven.blasThreads";

    private static final Pattern LOCAL_N = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*]");
    private static final Pattern LOCAL_N_F = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*,\\s*(\\d+)\\s*]");

    private final ExecutorSettings settings;
    private final JavaSparkContext given;
    private final CellStore store;

    /** An executor that starts its own Spark context for each {@link #execute} call and stops it after. */
    public SparkExecutor(ExecutorSettings settings, CellStore store) {
        if (settings.workers() < 1) {
            throw new IllegalArgumentException("workers must be >= 1 (was " + settings.workers() + ")");
        }
        this.settings = settings;
        this.given = null;
        this.store = store;
    }

    /** An executor on a context the caller owns (a notebook, a spark-submit main); it is never stopped here. */
    public SparkExecutor(JavaSparkContext context, CellStore store) {
        this.settings = null;
        this.given = context;
        this.store = store;
    }

    /**
     * The Spark configuration these settings give: the master ({@code local[workers]} when neither
     * the settings nor {@code spark.master} name one), app name {@code raven}, {@code spark.task.cpus}
     * 1 and {@code OMP_NUM_THREADS} of executors equal to it, unless the conf pairs say otherwise.
     */
    public static SparkConf configuration(ExecutorSettings settings) {
        SparkConf conf = new SparkConf(true); // picks up spark.* system properties (spark-submit sets them)
        if (settings.master() != null) {
            conf.setMaster(settings.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + settings.workers() + "]");
        }
        conf.setIfMissing("spark.app.name", "raven");
        settings.conf().forEach(conf::set);
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus"));
        return conf;
    }

    /**
     * Attempts Spark makes per task for this configuration: in local mode {@code F} of
     * {@code local[N,F]}, else 1 (Spark ignores spark.task.maxFailures there); elsewhere
     * {@code spark.task.maxFailures} (default 4).
     */
    static int maxAttempts(SparkConf conf) {
        String master = conf.get("spark.master", "local").trim();
        Matcher nf = LOCAL_N_F.matcher(master);
        if (nf.matches()) {
            return Integer.parseInt(nf.group(2));
        }
        if (master.equals("local") || LOCAL_N.matcher(master).matches()) {
            return 1;
        }
        return conf.getInt("spark.task.maxFailures", 4);
    }

    @Override
    public List<CellResult> execute(List<CellTask> cells) {
        if (cells.isEmpty()) {
            return List.of(); // nothing to run: no context to start
        }
        JavaSparkContext sc = given != null ? given : new JavaSparkContext(configuration(settings));
        try {
            return run(sc, cells);
        } finally {
            if (given == null) {
                sc.stop();
            }
        }
    }

    private List<CellResult> run(JavaSparkContext sc, List<CellTask> cells) {
        SparkConf conf = sc.getConf();
        int attempts = maxAttempts(conf);
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        int blasThreads = conf.getInt(BLAS_THREADS, taskCpus);
        String extensions = System.getProperty(RavenModule.EXTENSIONS_PROPERTY);
        List<CellRef> refs = cells.stream().map(c -> new CellRef(c.key(), c.dir().toAbsolutePath().toString())).toList();
        SparkContext context = sc.sc();
        LOG.info("Spark {} application {} on {}: {} cell(s), one task each ({} cpu(s), {} BLAS thread(s) per task,"
                        + " {} attempt(s) per cell)", context.version(), context.applicationId(), context.master(),
                cells.size(), taskCpus, blasThreads, attempts);
        String start = Instant.now().toString();
        sc.setJobGroup("raven", "raven: " + cells.size() + " cell(s)", true);

        Map<String, CellOutcome> outcomes = new LinkedHashMap<>();
        String aborted = null;
        Throwable abortCause = null;
        try {
            for (CellOutcome o : sc.parallelize(refs, refs.size()).map(new RunCell(extensions, attempts, blasThreads))
                    .collect()) {
                outcomes.put(o.key(), o);
            }
        } catch (Exception e) { // SparkException (job aborted or cancelled): Scala throws it undeclared
            aborted = "Spark aborted the job: " + RunCell.describe(e);
            abortCause = e;
            LOG.error("{}; keeping the cells that wrote their result.json", aborted, e);
        } finally {
            sc.clearJobGroup();
        }

        List<CellResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable first = abortCause;
        ObjectMapper json = store.mapper();
        for (CellTask cell : cells) {
            CellOutcome o = outcomes.get(cell.key());
            if (o != null && !o.failed()) {
                CellResult result = read(json, o);
                if (!o.reused()) {
                    store.writeResult(cell.dir(), result); // the driver's copy of what the task wrote, atomically
                }
                results.add(result);
            } else if (o != null) {
                failures.add(cell.key() + ": " + o.error() + " (after " + (o.attempt() + 1) + " attempt(s))");
                first = first == null ? new IllegalStateException(cell.key() + ": " + o.error()) : first;
            } else {
                Optional<CellResult> kept = finished(cell);
                if (kept.isPresent()) {
                    results.add(kept.get());
                } else {
                    failures.add(cell.key() + ": " + aborted);
                }
            }
        }
        writeSparkFile(cells, context, conf, attempts, blasThreads, start, outcomes, aborted);
        if (!failures.isEmpty()) {
            throw new CellFailedException(failures, first);
        }
        return results;
    }

    private Optional<CellResult> finished(CellTask cell) {
        try {
            return store.finished(cell.dir(), store.cellHash(cell.dir()));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static CellResult read(ObjectMapper json, CellOutcome o) {
        try {
            return json.readValue(o.resultJson(), CellResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result of cell " + o.key() + " sent by executor "
                    + o.executorId() + ": " + e.getMessage(), e);
        }
    }

    /** {@code spark.json} in the run folder ({@code out} of {@code out/cells/<key>}), atomically. */
    private void writeSparkFile(List<CellTask> cells, SparkContext context, SparkConf conf, int attempts,
            int blasThreads, String start, Map<String, CellOutcome> outcomes, String aborted) {
        ObjectNode root = store.mapper().createObjectNode();
        root.put("master", context.master());
        root.put("applicationId", context.applicationId());
        root.put("applicationName", context.appName());
        root.put("sparkVersion", context.version());
        root.put("defaultParallelism", context.defaultParallelism());
        root.put("taskCpus", conf.getInt("spark.task.cpus", 1));
        root.put("blasThreads", blasThreads);
        root.put("maxAttempts", attempts);
        root.put("start", start);
        root.put("end", Instant.now().toString());
        if (aborted != null) {
            root.put("aborted", aborted);
        }
        ArrayNode list = root.putArray("cells");
        for (CellTask cell : cells) {
            ObjectNode n = list.addObject();
            n.put("key", cell.key());
            CellOutcome o = outcomes.get(cell.key());
            if (o == null) { // the job was aborted before this task reported back
                n.put("status", finished(cell).isPresent() ? "kept" : "lost");
                continue;
            }
            n.put("status", o.failed() ? "failed" : o.reused() ? "reused" : "done");
            n.put("attempts", o.attempt() + 1);
            n.put("executorId", o.executorId());
            n.put("host", o.host());
            n.put("start", o.start());
            n.put("end", o.end());
            if (o.failed()) {
                n.put("error", o.error());
            }
        }
        Path folder = runFolder(cells.get(0).dir());
        try {
            AtomicFiles.write(folder.resolve(SPARK_FILE), store.mapper().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(SPARK_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The run folder of a cell folder: {@code out} for {@code out/cells/<key>}, else the cell's parent. */
    static Path runFolder(Path cellDir) {
        Path parent = cellDir.toAbsolutePath().getParent();
        return parent.getFileName() != null && parent.getFileName().toString().equals(ExperimentRunner.CELLS)
                && parent.getParent() != null ? parent.getParent() : parent;
    }
}

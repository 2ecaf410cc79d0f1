package org.raven.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.data.Dataset;
import org.raven.attacks.EnsembleAttack;
import org.raven.core.arch.MlpSpec;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ModelSpec;

/**
 * Checks of a spec before any cell starts, each problem {@code <file>: <json path> - <message>} like the spec's own:
 * what needs the loaded data ({@link #againstData}), and what would not fit the machine or the file system
 * ({@link #limits}), from an estimate of parameters, memory and cells ({@link #estimate}). An mlp's size is
 * known in closed form; other architectures are not estimated.
 */
public final class RunChecks {

    /** More cells than this is not an experiment but a mistake (each cell is a folder). */
    public static final long MAX_CELLS = 100_000;
    /** Bytes per parameter while training: weights, gradients and Adam's two moments, float32 each. */
    static final int TRAINING_BYTES_PER_PARAMETER = 16;
    /**
     * Assumed sustained speed of one worker, for the wall time estimate only: calibrated on examples/fig2-mnist.json
     * (estimated 0.6 hours with 2 workers; it took 29.5 minutes on the 2-core machine, docs/results.md).
     */
    static final double FLOPS_PER_WORKER = 2e10;
    /** Estimated wall times above this need {@code --yes}. */
    public static final double CONFIRM_ABOVE_HOURS = 24;

    private RunChecks() {
    }

    /**
     * The spec against its loaded data: {@code testPoints} within the test set, and each budget within the largest
     * distance between two images in [0, 1] (1 in linf, sqrt(features) in l2).
     */
    public static List<String> againstData(String file, ExperimentSpec spec, Dataset data, ObjectMapper mapper) {
        List<String> problems = new ArrayList<>();
        int test = data.test().size();
        java.util.Map<String, Integer> points = new java.util.LinkedHashMap<>();
        points.put("evaluation.testPoints", spec.evaluation().testPoints());
        for (int i = 0; i < spec.models().size(); i++) {
            points.put("models[" + i + "].testPoints", spec.models().get(i).testPoints());
        }
        points.forEach((path, value) -> {
            if (value != null && value > test) {
                problems.add(file + ": $." + path + " - must be <= " + test + ", the size of the test set of "
                        + data.description() + " (was " + value + ")");
            }
        });
        if ("l2".equals(norm(spec, mapper))) {
            double diameter = Math.sqrt(data.train().shape().size());
            for (int i = 0; i < spec.evaluation().budgets().size(); i++) {
                double b = spec.evaluation().budgets().get(i);
                if (b > diameter) {
                    problems.add(file + ": $.evaluation.budgets[" + i + "] - must be <= " + format(diameter) + " = sqrt("
                            + data.train().shape().size() + "), the largest l2 distance between two images in [0, 1] (was "
                            + b + ")");
                }
            }
        }
        return problems;
    }

    /** The attack's {@code norm} key, {@code linf} for attacks without one. */
    public static String norm(ExperimentSpec spec, ObjectMapper mapper) {
        return mapper.valueToTree(spec.evaluation().attack()).path("norm").asText("linf");
    }

    /**
     * What a run of {@code spec} costs.
     *
     * @param parameters per model (null where not estimated), in the spec's order; Long.MAX_VALUE on overflow
     * @param cells      models x seeds
     * @param hours      wall time with {@code workers} workers; NaN when some model is not estimated
     */
    public record Estimate(List<Long> parameters, long cells, double hours) {
    }

    /**
     * Estimates {@code spec} on data of {@code features} per example and {@code trainSize} training examples
     * (from the loaded dataset; 1 and 0 as lower bounds before it is loaded).
     */
    public static Estimate estimate(ExperimentSpec spec, ObjectMapper mapper, int features, int trainSize, int workers) {
        List<Long> parameters = new ArrayList<>();
        double flops = 0;
        boolean known = true;
        JsonNode attack = mapper.valueToTree(spec.evaluation().attack());
        long attackSteps = "ensemble".equals(attack.path("type").asText()) ? EnsembleAttack.stepsPerPoint()
                : Math.max(1, attack.path("steps").asLong(1)) * Math.max(1, attack.path("restarts").asLong(1));
        attackSteps *= Math.max(1, attack.path("eotSamples").asLong(1));
        long budgets = spec.evaluation().budgets().stream().filter(b -> b != null && b > 0).count();
        for (ModelSpec model : spec.models()) {
            Long p = model.pretrained() == null ? parameters(spec.architectureOf(model), features) : null;
            parameters.add(p);
            if (p == null || p == Long.MAX_VALUE) {
                known = false;
                continue;
            }
            double epochs = spec.trainingOf(model).epochs();
            // forward and backward: about 6 flops per parameter and example; attacks run the encoder (about half)
            flops += 6.0 * p * (epochs * trainSize + 0.5 * budgets * attackSteps * spec.evaluationOf(model).testPoints());
        }
        long cells = (long) spec.models().size() * spec.seeds().size();
        double hours = known ? flops * spec.seeds().size() / (FLOPS_PER_WORKER * Math.max(1, Math.min(workers, cells))) / 3600
                : Double.NaN;
        return new Estimate(parameters, cells, hours);
    }

    /** The estimate for people: minutes below an hour ("about 25 minutes"), else hours ("about 1.4 hours"). */
    public static String describe(double hours) {
        long minutes = Math.max(1, Math.round(hours * 60));
        return hours >= 1 ? String.format(Locale.ROOT, "about %.1f hours", hours)
                : "about " + minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** Parameters of an mlp VAE (encoder to mean and log-variance, mirrored decoder); null for other architectures. */
    static Long parameters(ArchitectureSpec architecture, int features) {
        if (!(architecture instanceof MlpSpec mlp) || !mlp.validate().isEmpty()) {
            return null;
        }
        try {
            long total = 0;
            long in = features;
            for (int h : mlp.hidden()) {
                total = Math.addExact(total, dense(in, h));
                in = h;
            }
            total = Math.addExact(total, dense(in, 2L * mlp.latentDim()));
            in = mlp.latentDim();
            for (int i = mlp.hidden().size() - 1; i >= 0; i--) {
                total = Math.addExact(total, dense(in, mlp.hidden().get(i)));
                in = mlp.hidden().get(i);
            }
            return Math.addExact(total, dense(in, features)); // a lower bound: a Gaussian likelihood has two outputs per feature
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long dense(long in, long out) {
        return Math.addExact(Math.multiplyExact(in, out), out);
    }

    /**
     * What cannot fit: more than {@link #MAX_CELLS} cells, or a model whose training needs more than
     * {@code memoryPerCell} bytes ({@code memorySource} says why, for the message).
     */
    public static List<String> limits(String file, ExperimentSpec spec, Estimate estimate, long memoryPerCell,
            String memorySource) {
        List<String> problems = new ArrayList<>();
        if (estimate.cells() > MAX_CELLS) {
            problems.add(file + ": $.seeds - " + spec.models().size() + " models x " + spec.seeds().size() + " seeds = "
                    + estimate.cells() + " cells; at most " + MAX_CELLS + " per run (each cell is a folder): split the"
                    + " experiment");
        }
        for (int i = 0; i < spec.models().size(); i++) {
            Long p = estimate.parameters().get(i);
            if (p == null) {
                continue;
            }
            ModelSpec model = spec.models().get(i);
            String at = model.architecture() != null ? "$.models[" + i + "].architecture" : "$.architecture";
            MlpSpec mlp = (MlpSpec) spec.architectureOf(model);
            String shape = "hidden " + mlp.hidden() + ", latentDim " + mlp.latentDim();
            if (p == Long.MAX_VALUE) {
                problems.add(file + ": " + at + " - model '" + model.name() + "' (" + shape + ") has more parameters than"
                        + " a long can count");
                continue;
            }
            double bytes = (double) p * TRAINING_BYTES_PER_PARAMETER;
            if (bytes > memoryPerCell) {
                problems.add(file + ": " + at + " - model '" + model.name() + "' (" + shape + ") has about "
                        + String.format(Locale.ROOT, "%.3g", (double) p) + " parameters and needs about " + gb(bytes)
                        + " to train; a cell has " + gb(memoryPerCell) + " here (" + memorySource + ")");
            }
        }
        return problems;
    }

    /**
     * Memory one cell may use: the JVM's maximum heap, which also bounds ND4J's off-heap arrays (JavaCPP's default),
     * unless {@code org.bytedeco.javacpp.maxbytes} says otherwise, and at most the machine's memory shared by the
     * workers.
     */
    public static long memoryPerCell(int workers, StringBuilder source) {
        long limit = Runtime.getRuntime().maxMemory();
        String what = "-Xmx " + gb(limit);
        String javacpp = System.getProperty("org.bytedeco.javacpp.maxbytes");
        if (javacpp != null) {
            long parsed = parseBytes(javacpp);
            if (parsed > 0) {
                limit = parsed;
                what = "org.bytedeco.javacpp.maxbytes " + gb(limit);
            }
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
            long share = os.getTotalMemorySize() / Math.max(1, workers);
            if (share < limit) {
                limit = share;
                what = "the machine's " + gb(os.getTotalMemorySize()) + " shared by " + workers + " worker(s)";
            }
        }
        source.append(what);
        return limit;
    }

    private static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String gb(double bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1L << 30));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

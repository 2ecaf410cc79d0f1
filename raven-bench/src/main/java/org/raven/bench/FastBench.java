package org.raven.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.model.Posterior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.fast.AdamSettings;
import org.raven.core.fast.FusedMlpVae;
import org.raven.core.fast.MlpLayout;
import org.raven.core.fast.StepProfile;
import org.raven.core.fast.StepTimer;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.StandardNormalPrior;

/**
 * Benchmark of the fused mlp path (784-512-512, latent 16, batch 128, Adam, Bernoulli) for the
 * current {@code OMP_NUM_THREADS}: prints one table with the plain-gemm roofline, vae / raven
 * training steps, the latent-SKL PGD attack step, roofline ratios, a time breakdown and peak RSS.
 *
 * <p>FLOP convention: one mlp forward (encoder + decoder) is 2.70 MFLOP per example; a
 * {@code vae} sample counts 3x that (8.1 MFLOP), a {@code raven} pair 16.2 MFLOP, an attack step
 * 2.7 MFLOP per example (encoder forward + input-gradient backward, 2 x 1.36). The roofline is the
 * GFLOP/s of plain {@code Nd4j.gemm} into preallocated outputs on the forward shapes at batch 128,
 * measured in the same run; "gemm-only" rows time the exact gemm sequence of each step alone.
 *
 * <p>Run with {@code ./raven bench} (one fresh JVM per thread setting) or {@code raven-bench/bench.sh};
 * measured figures are in {@code raven-bench/README.md}.
 * Options: {@code --windows N} (default 7), {@code --window-seconds S} (default 1.0), {@code --samediff}
 * (also time the SameDiff Vae step and attack for a before/after comparison).
 */
public final class FastBench {

    static final int IN = 784;
    static final List<Integer> HIDDEN = List.of(512, 512);
    static final int LATENT = 16;
    static final int BATCH = 128;
    static final double FWD_MFLOP = 2.70;

    private final int windows;
    private final double windowSeconds;
    private final List<String[]> rows = new ArrayList<>();
    private Body roofBody;
    private double roofFlops;

    private final int javaThreads;

    private FastBench(int windows, double windowSeconds, int javaThreads) {
        this.windows = windows;
        this.windowSeconds = windowSeconds;
        this.javaThreads = javaThreads;
    }

    public static void main(String[] args) throws Exception {
        int windows = 7;
        double seconds = 1.0;
        boolean samediff = false;
        int javaThreads = "2".equals(System.getenv("OMP_NUM_THREADS")) ? 2 : 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--windows" -> windows = Integer.parseInt(args[++i]);
                case "--window-seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--samediff" -> samediff = true;
                case "--java-threads" -> javaThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option '" + args[i]
                        + "'; expected --windows N, --window-seconds S, --samediff, --java-threads 1|2");
            }
        }
        new FastBench(windows, seconds, javaThreads).run(samediff);
    }

    /** Something timed: one call does {@code units} of work. */
    interface Body {
        void run();
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Median and range of units per wall-clock second over the windows, after a warm-up window; the
     * fourth value is the median of units per second of process CPU time, which the other tenants
     * of a shared machine disturb less (with one thread it is the rate an idle core would give).
     */
    private double[] measure(Body body, double unitsPerCall) {
        return measure(body, unitsPerCall, 0);
    }

    /**
     * As {@link #measure(Body, double)}; when {@code mflopPerUnit > 0} every window is preceded by a
     * half-length window of the roofline gemm sequence, and values 4-6 are the median, min and max of
     * the per-window ratio (achieved FLOP/s over the roofline just measured), so a machine whose load
     * changes during the run still gives comparable ratios.
     */
    private double[] measure(Body body, double unitsPerCall, double mflopPerUnit) {
        long warmEnd = System.nanoTime() + (long) (windowSeconds * 1.5e9);
        while (System.nanoTime() < warmEnd) {
            body.run();
        }
        double[] rates = new double[windows];
        double[] cpuRates = new double[windows];
        double[] ratios = new double[windows];
        for (int w = 0; w < windows; w++) {
            double roofRate = 0;
            if (mflopPerUnit > 0) {
                long roofEnd = System.nanoTime() + (long) (windowSeconds * 0.5e9);
                long roofStart = System.nanoTime();
                int roofCalls = 0;
                long t;
                do {
                    roofBody.run();
                    roofCalls++;
                    t = System.nanoTime();
                } while (t < roofEnd);
                roofRate = roofCalls * roofFlops / ((t - roofStart) / 1e9);
            }
            long cpu0 = OS.getProcessCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (windowSeconds * 1e9);
            int calls = 0;
            long now;
            do {
                body.run();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            rates[w] = calls * unitsPerCall / ((now - start) / 1e9);
            cpuRates[w] = calls * unitsPerCall / ((OS.getProcessCpuTime() - cpu0) / 1e9);
            ratios[w] = mflopPerUnit > 0 ? rates[w] * mflopPerUnit * 1e6 / roofRate : 0;
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        Arrays.sort(cpuRates);
        Arrays.sort(ratios);
        int mid = windows / 2;
        return new double[] {sorted[mid], sorted[0], sorted[windows - 1], cpuRates[mid], ratios[mid], ratios[0], ratios[windows - 1]};
    }

    private void row(String what, double[] m, String unit, String note) {
        rows.add(new String[] {what, fmt(m[0]), fmt(m[1]) + " - " + fmt(m[2]), fmt(m[3]), unit, note});
    }

    private static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private void run(boolean samediff) throws IOException {
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)");
        String policy = System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)");
        MlpLayout layout = new MlpLayout(IN, HIDDEN, LATENT);
        SplittableRandom random = new SplittableRandom(2026);
        int sets = 4;
        INDArray[] x = new INDArray[sets];
        INDArray[] xn = new INDArray[sets];
        INDArray[] eps = new INDArray[sets];
        INDArray[] epsN = new INDArray[sets];
        for (int s = 0; s < sets; s++) {
            x[s] = mnistLike(random, BATCH);
            xn[s] = noisy(random, x[s]);
            eps[s] = gaussian(random, BATCH, LATENT);
            epsN[s] = gaussian(random, BATCH, LATENT);
        }

        // 1. roofline: plain gemm on the forward shapes, and each step's exact gemm sequence
        roofBody = gemmSequence(layout, BATCH, Sequence.FORWARD);
        roofFlops = gemmFlops(layout, BATCH, Sequence.FORWARD);
        double[] roof = measure(roofBody, roofFlops / 1e9);
        row("gemm roofline: forward shapes, batch 128", roof, "GFLOP/s", "Nd4j.gemm into preallocated C");
        double[] gVae = measure(gemmSequence(layout, BATCH, Sequence.TRAIN), gemmFlops(layout, BATCH, Sequence.TRAIN) / 1e9);
        row("gemm-only: vae step sequence (128 rows)", gVae, "GFLOP/s", secondsPerCall(gVae, gemmFlops(layout, BATCH, Sequence.TRAIN)));
        double[] gRaven = measure(gemmSequence(layout, 2 * BATCH, Sequence.TRAIN), gemmFlops(layout, 2 * BATCH, Sequence.TRAIN) / 1e9);
        row("gemm-only: raven step sequence (256 rows)", gRaven, "GFLOP/s", secondsPerCall(gRaven, gemmFlops(layout, 2 * BATCH, Sequence.TRAIN)));
        double[] gAttack = measure(gemmSequence(layout, BATCH, Sequence.ATTACK), gemmFlops(layout, BATCH, Sequence.ATTACK) / 1e9);
        row("gemm-only: attack step sequence (128 rows)", gAttack, "GFLOP/s", secondsPerCall(gAttack, gemmFlops(layout, BATCH, Sequence.ATTACK)));

        // 2. training steps
        FusedMlpVae.Config vaeConfig = new FusedMlpVae.Config(layout, LikelihoodSpec.bernoulli(), new StandardNormalPrior(),
                1.0, AdamSettings.of(1e-3), DataType.FLOAT);
        FusedMlpVae vae = FusedMlpVae.initialised(vaeConfig, 1);
        vae.setThreads(javaThreads);
        int[] k = {0};
        double[] vaeRate = measure(() -> {
            int s = k[0]++ & (sets - 1);
            vae.trainStep(x[s], eps[s]);
        }, BATCH, 3 * FWD_MFLOP);
        row("vae step (fused)", vaeRate, "samples/s", ratio(vaeRate, 3 * FWD_MFLOP, roof));
        long[] alloc = allocationPerStep(() -> {
            int s = k[0]++ & (sets - 1);
            vae.trainStep(x[s], eps[s]);
        });

        FusedMlpVae.Config ravenConfig = new FusedMlpVae.Config(layout, LikelihoodSpec.bernoulli(), new AdditivePrior(0.5),
                1.0, AdamSettings.of(1e-3), DataType.FLOAT);
        FusedMlpVae raven = FusedMlpVae.initialised(ravenConfig, 1);
        raven.setThreads(javaThreads);
        double[] ravenRate = measure(() -> {
            int s = k[0]++ & (sets - 1);
            raven.trainStep(x[s], eps[s], xn[s], epsN[s]);
        }, BATCH, 6 * FWD_MFLOP);
        row("raven step (fused, x and x' as 256 rows)", ravenRate, "pairs/s", ratio(ravenRate, 6 * FWD_MFLOP, roof));
        long[] allocRaven = allocationPerStep(() -> {
            int s = k[0]++ & (sets - 1);
            raven.trainStep(x[s], eps[s], xn[s], epsN[s]);
        });

        String vaeProfile = profile(vae, () -> {
            int s = k[0]++ & (sets - 1);
            vae.trainStep(x[s], eps[s]);
        });
        String ravenProfile = profile(raven, () -> {
            int s = k[0]++ & (sets - 1);
            raven.trainStep(x[s], eps[s], xn[s], epsN[s]);
        });

        // 3. attack step: encode x_adv, latent-SKL gradient, VJP, signed step with projection
        Attack attack = new Attack(raven.encoder(), x[0], 0.1, 0.01, random);
        double[] attackRate = measure(attack::step, BATCH, FWD_MFLOP);
        row("latent-SKL PGD step (fused encoder)", attackRate, "example-steps/s", ratio(attackRate, FWD_MFLOP, roof));
        long[] allocAttack = allocationPerStep(attack::step);

        // 4. where the time goes (1 step of each, seconds from the medians)
        // from CPU-time rates: on a shared machine wall-clock windows taken at different moments do not add up
        double vaeMs = 1e3 * BATCH / vaeRate[3];
        double ravenMs = 1e3 * BATCH / ravenRate[3];
        double vaeGemmMs = 1e3 * gemmFlops(layout, BATCH, Sequence.TRAIN) / (gVae[3] * 1e9);
        double ravenGemmMs = 1e3 * gemmFlops(layout, 2 * BATCH, Sequence.TRAIN) / (gRaven[3] * 1e9);
        double attackMs = 1e3 * BATCH / attackRate[3];
        double attackGemmMs = 1e3 * gemmFlops(layout, BATCH, Sequence.ATTACK) / (gAttack[3] * 1e9);

        long fastRssKb = peakRssKb();
        if (samediff) {
            SameDiffBaseline.run(this, layout, x, xn, eps, epsN, roof);
        }

        System.out.printf(Locale.ROOT, "%nFastBench: mlp %d-%s latent %d, batch %d, Adam, Bernoulli; OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s;"
                        + " Java threads %d; %d windows of %.1f s after a warm-up; %d CPUs; OPENBLAS_CORETYPE=%s; Adam loop: %s%n",
                IN, HIDDEN, LATENT, BATCH, threads, policy, javaThreads, windows, windowSeconds, Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "Vector API"
                        : "scalar (no --add-modules=jdk.incubator.vector)");
        System.out.println("FLOP convention: forward 2.70 MFLOP/example; vae sample 8.1, raven pair 16.2, attack example-step 2.7"
                + " (encoder fwd + input-gradient bwd). ratio = achieved FLOP/s / roofline, per window, each step window"
                + " preceded by a roofline window (median and range over windows). 'per CPU-s' = units per second of process CPU time.");
        printTable();
        if (!"1".equals(threads) || javaThreads != 1) {
            System.out.println();
            System.out.println("CPU time per step: not shown with 2 threads (process CPU time then sums both cores); see the profile.");
        } else {
            System.out.printf(Locale.ROOT, "%nCPU time per step (medians of per-CPU-s rates; Adam's share is in the profile below):"
                            + " vae %.2f ms = gemm %.2f + other %.2f; raven %.2f ms = gemm %.2f + other %.2f;"
                            + " attack %.2f ms = gemm %.2f + other %.2f%n",
                    vaeMs, vaeGemmMs, vaeMs - vaeGemmMs, ravenMs, ravenGemmMs, ravenMs - ravenGemmMs,
                    attackMs, attackGemmMs, attackMs - attackGemmMs);
        }
        System.out.println("Profiled steps (this thread's CPU time per phase, 40 steps; with 2 threads the helper's and OpenMP's share is not counted): vae " + vaeProfile);
        System.out.println("    raven " + ravenProfile);
        System.out.printf(Locale.ROOT, "Allocation per step (Java heap bytes / off-heap bytes, JavaCPP-tracked): vae %d / %d, raven %d / %d, attack %d / %d%n",
                alloc[0], alloc[1], allocRaven[0], allocRaven[1], allocAttack[0], allocAttack[1]);
        System.out.printf(Locale.ROOT, "Peak RSS (VmHWM) after the fused rows: %.2f GB%s%n", fastRssKb / 1024.0 / 1024.0,
                samediff ? String.format(Locale.ROOT, "; after the SameDiff rows: %.2f GB", peakRssKb() / 1024.0 / 1024.0) : "");
    }

    private void printTable() {
        String[] head = {"what", "median", "range (min - max)", "per CPU-s", "unit", "note"};
        int[] w = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int j = 0; j < all.size(); j++) {
            String[] r = all.get(j);
            StringBuilder sb = new StringBuilder("| ");
            for (int i = 0; i < r.length; i++) {
                sb.append(String.format(Locale.ROOT,  i >= 1 && i <= 3 ? "%" + w[i] + "s" : "%-" + w[i] + "s", r[i])).append(" | ");
            }
            System.out.println(sb.toString().stripTrailing());
            if (j == 0) {
                StringBuilder sep = new StringBuilder("|");
                for (int width : w) {
                    sep.append("-".repeat(width + 2)).append("|");
                }
                System.out.println(sep);
            }
        }
    }

    void addRow(String what, double[] m, String unit, String note) {
        row(what, m, unit, note);
    }

    double[] time(Body body, double units, double mflopPerUnit) {
        return measure(body, units, mflopPerUnit);
    }

    /** Achieved GFLOP/s (median) and the roofline ratio from interleaved windows. */
    static String ratio(double[] rate, double mflopPerUnit, double[] roof) {
        double gflops = rate[0] * mflopPerUnit / 1e3;
        return String.format(Locale.ROOT, "%.1f GFLOP/s, ratio %.2f (range %.2f - %.2f)", gflops, rate[4], rate[5], rate[6]);
    }

    private static String secondsPerCall(double[] gflops, double flops) {
        return String.format(Locale.ROOT, "%.2f ms per step of gemms", 1e3 * flops / (gflops[0] * 1e9));
    }

    /** Per-phase time of 40 steps with the model's timers on (then off again). */
    private static String profile(FusedMlpVae model, Body body) {
        StepProfile p = new StepProfile();
        model.setTimer(p);
        for (int i = 0; i < 40; i++) {
            body.run();
        }
        model.setTimer(StepTimer.OFF);
        return p.summary();
    }

    /** Java heap bytes (this thread) and JavaCPP-tracked off-heap bytes per call, over 50 calls. */
    private static long[] allocationPerStep(Body body) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long heap0 = mx.getThreadAllocatedBytes(tid);
        long off0 = org.bytedeco.javacpp.Pointer.totalBytes();
        int n = 50;
        for (int i = 0; i < n; i++) {
            body.run();
        }
        return new long[] {(mx.getThreadAllocatedBytes(tid) - heap0) / n, (org.bytedeco.javacpp.Pointer.totalBytes() - off0) / n};
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    enum Sequence { FORWARD, TRAIN, ATTACK }

    /** The gemms of one step with these row counts, on preallocated arrays (values irrelevant). */
    private static Body gemmSequence(MlpLayout layout, int rows, Sequence kind) {
        List<Runnable> ops = new ArrayList<>();
        List<MlpLayout.Layer> layers = new ArrayList<>(layout.encoderHidden());
        layers.add(layout.muHead());
        layers.add(layout.logVarHead());
        if (kind != Sequence.ATTACK) {
            layers.addAll(layout.decoder());
        }
        for (MlpLayout.Layer l : layers) {
            INDArray in = Nd4j.rand(DataType.FLOAT, rows, l.in());
            INDArray w = Nd4j.rand(DataType.FLOAT, l.in(), l.out());
            INDArray out = Nd4j.create(DataType.FLOAT, rows, l.out());
            INDArray dOut = Nd4j.rand(DataType.FLOAT, rows, l.out());
            INDArray dW = Nd4j.create(DataType.FLOAT, l.in(), l.out());
            INDArray dIn = Nd4j.create(DataType.FLOAT, rows, l.in());
            ops.add(() -> Nd4j.gemm(in, w, out, false, false, 1.0, 0.0));
            boolean first = l == layout.encoderHidden().get(0);
            if (kind == Sequence.TRAIN) {
                ops.add(() -> Nd4j.gemm(in, dOut, dW, true, false, 1.0, 0.0));
                if (!first) {
                    ops.add(() -> Nd4j.gemm(dOut, w, dIn, false, true, 1.0, 0.0));
                }
            } else if (kind == Sequence.ATTACK) {
                ops.add(() -> Nd4j.gemm(dOut, w, dIn, false, true, 1.0, 0.0));
            }
        }
        return () -> {
            for (Runnable r : ops) {
                r.run();
            }
        };
    }

    static double gemmFlops(MlpLayout layout, int rows, Sequence kind) {
        double enc = layout.encoderMacs();
        double dec = layout.decoderMacs();
        double first = (double) layout.inputSize() * layout.hidden().get(0);
        return switch (kind) {
            case FORWARD -> 2.0 * rows * (enc + dec);
            case TRAIN -> 2.0 * rows * (3 * (enc + dec) - first);
            case ATTACK -> 2.0 * rows * 2 * enc;
        };
    }

    /** Images with about 80% zero pixels, the rest uniform in (0, 1], like MNIST. */
    static INDArray mnistLike(SplittableRandom r, int rows) {
        float[] v = new float[rows * IN];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        }
        return Nd4j.create(v, new long[] {rows, IN}, 'c');
    }

    static INDArray noisy(SplittableRandom r, INDArray x) {
        float[] v = x.data().asFloat();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.min(1, Math.max(0, v[i] + 0.3 * r.nextGaussian()));
        }
        return Nd4j.create(v, x.shape(), 'c');
    }

    static INDArray gaussian(SplittableRandom r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    /**
     * One L-inf PGD step of the latent symmetric-KL attack (Kuzina et al. 2022) on a batch, written
     * the way an attack would use any {@link org.raven.api.model.DifferentiableEncoder}: encode x_adv,
     * gradient of SKL(q(z|x_adv), q(z|x)) with respect to (mu, logVar), VJP, signed step, projection.
     */
    static final class Attack {
        final org.raven.api.model.DifferentiableEncoder encoder;
        final INDArray x0;
        final INDArray xAdv;
        final INDArray gMu;
        final INDArray gLv;
        final INDArray lower;
        final INDArray upper;
        final INDArray signs;
        final java.nio.FloatBuffer x0v;
        final java.nio.FloatBuffer advV;
        final double[] mu0;
        final double[] lv0;
        final double delta;
        final double alpha;
        final int n;
        final int d;

        Attack(org.raven.api.model.DifferentiableEncoder encoder, INDArray x, double delta, double alpha, SplittableRandom r) {
            this.encoder = encoder;
            this.x0 = x.castTo(DataType.FLOAT).dup('c');
            this.xAdv = x0.dup('c');
            this.delta = delta;
            this.alpha = alpha;
            this.n = (int) x.length();
            this.d = encoder.latentDim();
            int rows = (int) x.size(0);
            gMu = Nd4j.create(x.dataType(), rows, d);
            gLv = Nd4j.create(x.dataType(), rows, d);
            x0v = x0.data().asNioFloat();
            advV = xAdv.data().asNioFloat();
            Posterior q0 = encoder.encode(x0);
            mu0 = q0.mu().reshape(q0.mu().length()).toDoubleVector();
            lv0 = q0.logVar().reshape(q0.logVar().length()).toDoubleVector();
            lower = x0.dup('c');
            upper = x0.dup('c');
            signs = x0.dup('c');
            java.nio.FloatBuffer lo = lower.data().asNioFloat();
            java.nio.FloatBuffer hi = upper.data().asNioFloat();
            for (int i = 0; i < n; i++) { // the feasible box [max(0, x - delta), min(1, x + delta)]
                lo.put(i, (float) Math.max(0, x0v.get(i) - delta));
                hi.put(i, (float) Math.min(1, x0v.get(i) + delta));
            }
            for (int i = 0; i < n; i++) { // random start: the SKL gradient is zero at x_adv = x
                double v = x0v.get(i) + delta * (2 * r.nextDouble() - 1);
                advV.put(i, (float) Math.min(1, Math.max(0, v)));
            }
        }

        /** The array itself when it owns its buffer (the fused encoder's case), else a copy (other encoders). */
        private static INDArray own(INDArray a) {
            return !a.isView() && a.offset() == 0 && a.ordering() == 'c' && a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT).dup('c');
        }

        void step() {
            Posterior q = encoder.encode(xAdv);
            java.nio.FloatBuffer mu = own(q.mu()).data().asNioFloat();
            java.nio.FloatBuffer lv = own(q.logVar()).data().asNioFloat();
            java.nio.FloatBuffer gm = gMu.data().asNioFloat();
            java.nio.FloatBuffer gl = gLv.data().asNioFloat();
            int m = mu0.length;
            for (int i = 0; i < m; i++) {
                // SKL = 1/4 sum[(s + dm^2)/s0 + (s0 + dm^2)/s - 2] (0.5 KL + 0.5 KL), s = exp(lv), dm = mu - mu0
                double s = Math.exp(lv.get(i));
                double s0 = Math.exp(lv0[i]);
                double dm = mu.get(i) - mu0[i];
                gm.put(i, (float) (0.5 * dm * (1 / s0 + 1 / s)));
                gl.put(i, (float) (0.25 * (s / s0 - (s0 + dm * dm) / s)));
            }
            INDArray g = encoder.inputGradient(xAdv, gMu, gLv);
            // x_adv = clip(x_adv + alpha sign(g), [max(0, x - delta), min(1, x + delta)]) as native in-place ops
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(g, signs));
            Nd4j.getBlasWrapper().level1().axpy(n, alpha, signs, xAdv);
            Transforms.max(xAdv, lower, false);
            Transforms.min(xAdv, upper, false);
        }
    }
}

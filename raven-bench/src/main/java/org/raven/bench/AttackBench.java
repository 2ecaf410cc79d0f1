package org.raven.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.attack.Attack;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.attacks.ApgdProvider;
import org.raven.attacks.ApgdSpec;
import org.raven.attacks.LatentSklPgdProvider;
import org.raven.attacks.LatentSklPgdSpec;

/**
 * Throughput of {@code latent-skl-pgd} in example-steps per second (examples in the batch times
 * gradient steps, per second of wall time), on {@link MlpEncoder} 784-512-512-(16+16) by default or
 * on any encoder through {@link #measure}.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp raven-bench/target/classes:$(cat /tmp/cp.txt) org.raven.bench.AttackBench [--batch 128] [--steps 50] [--windows 7] [--norm linf] [--attack latent-skl-pgd|apgd]
 * </pre>
 * {@code --attack apgd} measures {@code apgd} with the SKL objective (Auto-PGD) instead.
 * Prints two figures per window: the encoder alone (one forward and one input-gradient pass per step,
 * what any attack must pay) and the whole attack run (clean encode, random start, steps, projection,
 * best-iterate tracking, final evaluation), and the medians.
 */
public final class AttackBench {

    /**
     * Figures of one benchmark: per-window example-steps per second of wall time, and per second of
     * this thread's CPU time (with OMP_NUM_THREADS=1 all the work runs on the calling thread, so the
     * CPU-time figure ignores time spent descheduled when other processes compete for the cores; it
     * still includes their effect on caches and memory bandwidth).
     */
    public record Figures(double[] encoderWindows, double[] attackWindows, double[] encoderCpuWindows,
                          double[] attackCpuWindows) {
        public double encoderMedian() {
            return median(encoderWindows);
        }

        public double attackMedian() {
            return median(attackWindows);
        }

        /** The fastest window: on a shared machine, the one least disturbed by other processes. */
        public double attackBest() {
            return Arrays.stream(attackWindows).max().orElse(0);
        }

        public double encoderBest() {
            return Arrays.stream(encoderWindows).max().orElse(0);
        }

        public double encoderCpuMedian() {
            return median(encoderCpuWindows);
        }

        public double attackCpuMedian() {
            return median(attackCpuWindows);
        }
    }

    private AttackBench() {
    }

    public static void main(String[] args) {
        int batch = intArg(args, "--batch", 128);
        int steps = intArg(args, "--steps", 50);
        int windows = intArg(args, "--windows", 7);
        String norm = stringArg(args, "--norm", "linf");
        String attackId = stringArg(args, "--attack", "latent-skl-pgd");
        System.out.printf(Locale.ROOT, "AttackBench: " + attackId + " %s, MlpEncoder 784-512-512-(16+16) float32, batch %d,"
                        + " %d steps per run, %d windows%n", norm, batch, steps, windows);
        System.out.printf(Locale.ROOT, "env: OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s OPENBLAS_CORETYPE=%s; backend %s;"
                        + " java %s; %d processors%n", System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"),
                System.getenv("OPENBLAS_CORETYPE"), Nd4j.getBackend().getClass().getSimpleName(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load average before: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        MlpEncoder encoder = MlpEncoder.paperShape(1);
        INDArray x = uniform(batch, encoder.inputSize(), 2);
        Figures f = switch (attackId) {
            case "latent-skl-pgd" -> measure(encoder, x, norm, steps, windows);
            case "apgd" -> measure(new ApgdProvider().create(new ApgdSpec("skl", norm, steps, 1), null), encoder, x,
                    steps, windows);
            default -> throw new IllegalArgumentException("--attack must be latent-skl-pgd or apgd (was " + attackId + ")");
        };
        double flopsPerExampleStep = 4.0 * encoder.macsPerExample(); // forward + input backward, 2 FLOP per MAC
        System.out.printf(Locale.ROOT, "encoder forward+VJP   median %,.0f best %,.0f example-steps/s (median %.1f GFLOP/s);"
                        + " windows %s%n", f.encoderMedian(), f.encoderBest(), f.encoderMedian() * flopsPerExampleStep / 1e9,
                format(f.encoderWindows()));
        System.out.printf(Locale.ROOT, "%s attack median %,.0f best %,.0f example-steps/s (median %.1f GFLOP/s);"
                        + " windows %s%n", attackId, f.attackMedian(), f.attackBest(), f.attackMedian() * flopsPerExampleStep / 1e9,
                format(f.attackWindows()));
        System.out.printf(Locale.ROOT, "per CPU-second of the benchmark thread: encoder median %,.0f, attack median %,.0f"
                        + " example-steps/s (attack windows %s)%n", f.encoderCpuMedian(), f.attackCpuMedian(),
                format(f.attackCpuWindows()));
        double[][] floor = gemmFloor(batch, steps, windows);
        System.out.printf(Locale.ROOT, "gemm floor (the 8 products alone) median %,.0f best %,.0f example-steps/s, per CPU-second"
                        + " median %,.0f; windows %s%n", median(floor[0]), Arrays.stream(floor[0]).max().orElse(0),
                median(floor[1]), format(floor[0]));
        System.out.printf(Locale.ROOT, "load average after: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "reference (PyTorch 1.13, this machine, 1 thread): 27,700 example-steps/s%n");
    }

    /**
     * Measures {@code encoder}: each window times one full attack run of {@code steps} steps at budget 0.1
     * on {@code x}, and separately {@code steps} encode + inputGradient passes. Two warm-up runs first.
     */
    public static Figures measure(DifferentiableEncoder encoder, INDArray x, String norm, int steps, int windows) {
        Attack attack = new LatentSklPgdProvider().create(new LatentSklPgdSpec(norm, steps, null, true, 1), null);
        return measure(attack, encoder, x, steps, windows);
    }

    /** As {@link #measure(DifferentiableEncoder, INDArray, String, int, int)} for any attack of {@code steps} gradient steps per run. */
    public static Figures measure(Attack attack, DifferentiableEncoder encoder, INDArray x, int steps, int windows) {
        long n = x.size(0);
        INDArray gMu = uniform(n, encoder.latentDim(), 3).subi(0.5);
        INDArray gLogVar = uniform(n, encoder.latentDim(), 4).subi(0.5);
        for (int w = 0; w < 2; w++) {
            attack.run(encoder, x, null, 0.1, w);
            encoderPasses(encoder, x, gMu, gLogVar, steps);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] enc = new double[windows];
        double[] att = new double[windows];
        double[] encCpu = new double[windows];
        double[] attCpu = new double[windows];
        for (int w = 0; w < windows; w++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            encoderPasses(encoder, x, gMu, gLogVar, steps);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            attack.run(encoder, x, null, 0.1, 100 + w);
            long t2 = System.nanoTime();
            long c2 = threads.getCurrentThreadCpuTime();
            enc[w] = n * steps / ((t1 - t0) / 1e9);
            att[w] = n * steps / ((t2 - t1) / 1e9);
            encCpu[w] = n * steps / ((c1 - c0) / 1e9);
            attCpu[w] = n * steps / ((c2 - c1) / 1e9);
        }
        return new Figures(enc, att, encCpu, attCpu);
    }

    /**
     * The matrix products of one forward and one input-gradient pass of the 784-512-512-(16+16) encoder,
     * into preallocated outputs and nothing else: the ceiling for any implementation on this BLAS.
     * Returns per-window example-steps/s of wall time and of CPU time.
     */
    static double[][] gemmFloor(int n, int steps, int windows) {
        INDArray x = uniform(n, 784, 5);
        INDArray w1 = uniform(784, 512, 6);
        INDArray w2 = uniform(512, 512, 7);
        INDArray w3 = uniform(512, 16, 8);
        INDArray a1 = uniform(n, 512, 9);
        INDArray a2 = uniform(n, 512, 10);
        INDArray o = uniform(n, 16, 11);
        INDArray gx = uniform(n, 784, 12);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] out = new double[windows];
        double[] cpu = new double[windows];
        for (int w = -2; w < windows; w++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                Nd4j.gemm(x, w1, a1, false, false, 1.0, 0.0);
                Nd4j.gemm(a1, w2, a2, false, false, 1.0, 0.0);
                Nd4j.gemm(a2, w3, o, false, false, 1.0, 0.0);
                Nd4j.gemm(a2, w3, o, false, false, 1.0, 0.0);
                Nd4j.gemm(o, w3, a2, false, true, 1.0, 0.0);
                Nd4j.gemm(o, w3, a2, false, true, 1.0, 1.0);
                Nd4j.gemm(a2, w2, a1, false, true, 1.0, 0.0);
                Nd4j.gemm(a1, w1, gx, false, true, 1.0, 0.0);
            }
            if (w >= 0) {
                out[w] = (double) n * steps / ((System.nanoTime() - t0) / 1e9);
                cpu[w] = (double) n * steps / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
            }
        }
        return new double[][] {out, cpu};
    }

    private static void encoderPasses(DifferentiableEncoder encoder, INDArray x, INDArray gMu, INDArray gLogVar,
                                      int steps) {
        for (int s = 0; s < steps; s++) {
            Posterior p = encoder.encode(x);
            p.mu().getDouble(0); // read the result as an attack would
            encoder.inputGradient(x, gMu, gLogVar).getDouble(0);
        }
    }

    static INDArray uniform(long rows, long cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String format(double[] a) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", a[i]));
        }
        return b.append(']').toString();
    }

    private static int intArg(String[] args, String name, int def) {
        String v = stringArg(args, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}

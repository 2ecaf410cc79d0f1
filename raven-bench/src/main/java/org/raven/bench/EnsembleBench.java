package org.raven.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.attacks.EnsembleAttack;
import org.raven.attacks.EnsembleProvider;
import org.raven.attacks.EnsembleSpec;
import org.raven.testkit.ToyHead;

/**
 * Wall time of the {@code ensemble} attack on one MNIST-shaped cell: {@link MlpEncoder} 784-512-512-(16+16) float32
 * with random weights, raven-testkit's {@link ToyHead} 16-32-10 (tanh) as the classifier, whose clean predictions are
 * the labels (so every point
 * starts unbroken), uniform inputs, at several budgets.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp raven-bench/target/classes:$(cat /tmp/cp.txt) org.raven.bench.EnsembleBench [--points 1000] [--budgets 0.05,0.1,0.15,0.2] [--norm linf] [--standalone true]
 * </pre>
 * With random weights the members break points at other rates than on a trained model; in the default standalone
 * mode every member attacks every point at every budget whatever it breaks, so the time does not depend on that.
 */
public final class EnsembleBench {

    private EnsembleBench() {
    }

    public static void main(String[] args) {
        int points = Integer.parseInt(arg(args, "--points", "1000"));
        double[] budgets = Arrays.stream(arg(args, "--budgets", "0.05,0.1,0.15,0.2").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        String norm = arg(args, "--norm", "linf");
        boolean standalone = Boolean.parseBoolean(arg(args, "--standalone", "true"));
        System.out.printf(Locale.ROOT, "EnsembleBench: %s %s, %d points, budgets %s, standalone %s, MlpEncoder"
                        + " 784-512-512-(16+16) float32, OMP_NUM_THREADS=%s; load average before %.2f%n",
                EnsembleAttack.VERSION, norm, points, Arrays.toString(budgets), standalone, System.getenv("OMP_NUM_THREADS"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        MlpEncoder encoder = MlpEncoder.paperShape(1);
        ToyHead head = new ToyHead(16, 32, 10, 2);
        INDArray x = AttackBench.uniform(points, encoder.inputSize(), 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        double[] mu = encoder.encode(x).mu().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').reshape(-1)
                .toDoubleVector();
        double[] logits = new double[points * head.classes()];
        head.logits(mu, points, logits);
        int[] labels = new int[points];
        for (int i = 0; i < points; i++) {
            for (int c = 1; c < head.classes(); c++) {
                labels[i] = logits[i * head.classes() + c] > logits[i * head.classes() + labels[i]] ? c : labels[i];
            }
        }
        EnsembleAttack ensemble = (EnsembleAttack) new EnsembleProvider().create(new EnsembleSpec(norm, standalone, 1), null);
        // with OMP_NUM_THREADS=1 the work runs on this thread: its CPU time is what an idle core would take
        java.lang.management.ThreadMXBean thread = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = thread.getCurrentThreadCpuTime();
        for (int b = 0; b < budgets.length; b++) {
            long t0 = System.nanoTime();
            long c0 = thread.getCurrentThreadCpuTime();
            EnsembleAttack.Outcome o = ensemble.evaluate(encoder, head, x, labels, budgets[b], b);
            System.out.printf(Locale.ROOT, "budget %s: %.1f s wall, %.1f s CPU of this thread, accuracy %.3f, members %s,"
                            + " broken first %s%n", budgets[b], (System.nanoTime() - t0) / 1e9,
                    (thread.getCurrentThreadCpuTime() - c0) / 1e9, o.accuracy(), Arrays.toString(o.memberAccuracy()),
                    Arrays.toString(o.brokenCounts()));
        }
        System.out.printf(Locale.ROOT, "total %.1f s wall, %.1f s CPU of this thread, for %d points x %d budgets; load"
                        + " average after %.2f%n", (System.nanoTime() - start) / 1e9,
                (thread.getCurrentThreadCpuTime() - cpuStart) / 1e9, points, budgets.length,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Nd4j.getMemoryManager().invokeGc();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}

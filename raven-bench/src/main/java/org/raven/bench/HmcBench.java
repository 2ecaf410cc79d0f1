package org.raven.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.data.InputShape;
import org.raven.api.defence.InferenceProcedure;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.core.JointDensity;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.fast.FusedInference;
import org.raven.core.prior.StandardNormalPrior;
import org.raven.defences.HmcCorrection;

/**
 * Time of one {@code Corrected.encode} of the {@code hmc} defence (the defences benchmark's {@code mcmc} spec:
 * steps 10, leapfrogSteps 5, stepSize 0.02, samples 1) on 128 uniform MNIST-shaped rows, for a freshly created
 * mlp {@link Vae} 784-512-512, latent 16, Bernoulli, float32, with the target the evaluation uses; then its parts:
 * the target's calls, the SameDiff decoder's passes alone, and the plain-gemm floor of one decoder forward + backward.
 * Last, one attack step (encode + inputGradient, what each APGD step asks of the model) of the plain and the corrected
 * model, whose ratio scales an ensemble evaluation's time from the plain model's to the corrected one's.
 * Wall time and this thread's CPU time (ThreadMXBean: with OMP_NUM_THREADS=1 the work runs on this thread, so it is
 * what an idle core would take on a loaded machine).
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp raven-bench/target/classes:$(cat /tmp/cp.txt) org.raven.bench.HmcBench [--encodes 10]
 * </pre>
 */
public final class HmcBench {

    private static final int ROWS = 128;
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private HmcBench() {
    }

    public static void main(String[] args) {
        int encodes = Integer.parseInt(arg(args, "--encodes", "10"));
        System.out.printf(Locale.ROOT, "HmcBench: hmc(steps 10, leapfrogSteps 5, stepSize 0.02, samples 1), mlp 784-512-512,"
                        + " latent 16, Bernoulli, float32, %d rows, OMP_NUM_THREADS=%s; load average before %.2f%n", ROWS,
                System.getenv("OMP_NUM_THREADS"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Vae vae = Vae.create(new VaeConfig(new MlpArchitecture(List.of(512, 512), 16), new StandardNormalPrior(), null,
                LikelihoodSpec.bernoulli(), 1.0, new InputShape(1, 28, 28)), 1);
        AutoEncoder frozen = FusedInference.view(vae);
        INDArray x = AttackBench.uniform(ROWS, 784, 3);
        InferenceProcedure hmc = new HmcCorrection().create(new HmcCorrection.Spec(10, 5, 0.02, 1), new PluginContext(null, true));
        INDArray z = frozen.encode(x).mu();
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray zd = z.castTo(DataType.DOUBLE);
        double[] zFlat = zd.dup('c').data().asDouble();
        int calls = 10 * encodes;
        double plainStep = report("attack step of the plain model: encode + inputGradient", attackStep(frozen, x), calls);
        for (LatentTarget target : List.of(JointDensity.of(vae), FusedInference.target(vae))) {
            InferenceProcedure.Corrected corrected = hmc.wrap(frozen, target, 11);
            report("Corrected.encode (" + target + ")", () -> corrected.encode(x), encodes);
            System.out.println("  diagnostics " + corrected.diagnostics());
            report("  target.gradient", () -> target.gradient(xd, zd), calls);
            report("  target.logDensity", () -> target.logDensity(xd, zd), calls);
            double[] logP = new double[ROWS];
            double[] grad = new double[zFlat.length];
            report("  target.evaluate (both)", () -> target.evaluate(xd, zFlat, logP, grad), calls);
            double ms = report("  attack step: encode + inputGradient", attackStep(corrected, x), encodes);
            System.out.printf(Locale.ROOT, "  = %.0f x the plain model's attack step%n", ms / plainStep);
        }
        DifferentiableDecoder decoder = vae.decoder();
        INDArray g = Nd4j.rand(DataType.FLOAT, ROWS, 784);
        report("SameDiff decoder.decode", () -> decoder.decode(z), calls);
        report("SameDiff decoder.latentGradient", () -> decoder.latentGradient(z, g), calls);
        report("fused encoder encode", () -> frozen.encode(x), calls);
        report("plain gemm floor: decoder forward + backward", gemmFloor(), calls);
        System.out.printf(Locale.ROOT, "load average after %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** What an attack step asks of the model: the code at x, then the input gradient of an objective on it. */
    private static Runnable attackStep(AutoEncoder model, INDArray x) {
        INDArray g = Nd4j.rand(DataType.FLOAT, ROWS, 16);
        return () -> {
            model.encode(x);
            model.inputGradient(x, g, g);
        };
    }

    /** The six gemms of one decoder forward (16-512-512-784) and its backward to z, into arrays made once. */
    private static Runnable gemmFloor() {
        int[] widths = {16, 512, 512, 784};
        INDArray[] w = new INDArray[3];
        INDArray[] a = new INDArray[4];
        INDArray[] d = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            a[i] = Nd4j.rand(DataType.FLOAT, ROWS, widths[i]);
            d[i] = Nd4j.rand(DataType.FLOAT, ROWS, widths[i]);
        }
        for (int i = 0; i < 3; i++) {
            w[i] = Nd4j.rand(DataType.FLOAT, widths[i], widths[i + 1]);
        }
        return () -> {
            for (int i = 0; i < 3; i++) {
                Nd4j.gemm(a[i], w[i], a[i + 1], false, false, 1.0, 0.0);
            }
            for (int i = 2; i >= 0; i--) {
                Nd4j.gemm(d[i + 1], w[i], d[i], false, true, 1.0, 0.0);
            }
        };
    }

    /**
     * Median over calls (after a quarter of them, at least 2, as warm-up) of wall and thread CPU ms per call; returns
     * the CPU median.
     */
    private static double report(String what, Runnable call, int calls) {
        for (int i = 0; i < Math.max(2, calls / 4); i++) {
            call.run();
        }
        double[] wall = new double[calls];
        double[] cpu = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            long c0 = THREAD.getCurrentThreadCpuTime();
            call.run();
            cpu[i] = (THREAD.getCurrentThreadCpuTime() - c0) / 1e6;
            wall[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-50s %9.2f ms wall [%.2f-%.2f], %9.2f ms CPU of this thread [%.2f-%.2f] (median [min-max] of %d)%n",
                what, wall[calls / 2], wall[0], wall[calls - 1], cpu[calls / 2], cpu[0], cpu[calls - 1], calls);
        return cpu[calls / 2];
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

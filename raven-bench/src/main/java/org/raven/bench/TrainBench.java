package org.raven.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.StandardNormalPrior;
import org.raven.core.train.Adam;

/**
 * Throughput of the SameDiff training step (what {@link org.raven.core.train.Trainer} runs per batch:
 * noise, eps, forward + backward, Adam) for the {@code vae} and {@code raven} modes on the paper's mlp
 * (784-512-512, latent 16), batch 128, Bernoulli likelihood. Prints a table; run with
 * {@code OMP_NUM_THREADS=1}.
 *
 * <pre>
 * mvn -o -q -pl raven-bench -am package -DskipTests
 * mvn -o -q -pl raven-bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 java -cp raven-bench/target/classes:$(cat /tmp/cp.txt) org.raven.bench.TrainBench 7 30
 * </pre>
 * Arguments: number of timed windows (default 7), steps per window (default 30).
 */
public final class TrainBench {

    private static final int BATCH = 128;
    private static final InputShape SHAPE = new InputShape(1, 28, 28);

    private TrainBench() {
    }

    public static void main(String[] args) {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.printf("TrainBench: mlp 784-512-512-16, batch %d, Adam, Bernoulli; %d windows x %d steps; OMP_NUM_THREADS=%s%n",
                BATCH, windows, steps, System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
        double[] vae = run("vae", new StandardNormalPrior(), null, windows, steps);
        double[] raven = run("raven", new AdditivePrior(0.5), new GaussianNoise(0.3), windows, steps);
        System.out.println();
        System.out.printf("%-8s %14s %14s %14s %12s%n", "step", "median /s", "min /s", "max /s", "ms/step");
        print("vae", "samples", vae);
        print("raven", "pairs", raven);
        double ratio = median(vae) / median(raven);
        System.out.printf("cost of a raven step / a vae step (same batch of 128): %.2f%n", ratio);
        System.out.printf("reference (PyTorch 1.13 CPU, 1 thread, same 2-core machine; raven-bench/README.md): vae 7,500 samples/s, raven 4,700 pairs/s%n");
    }

    private static double[] run(String name, Prior prior, NoiseModel noise, int windows, int steps) {
        VaeConfig config = new VaeConfig(new MlpArchitecture(List.of(512, 512), 16), prior, noise, LikelihoodSpec.bernoulli(),
                1.0, SHAPE);
        Vae vae = Vae.create(config, 1);
        Adam adam = new Adam(vae.weights());
        SplittableRandom random = new SplittableRandom(2);
        float[] pixels = new float[BATCH * SHAPE.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextDouble() < 0.8 ? 0f : (float) random.nextDouble();
        }
        INDArray x = Nd4j.create(pixels, new long[] {BATCH, SHAPE.size()}, 'c');
        INDArray xNoisy = x.ulike();
        for (int i = 0; i < 20; i++) {
            step(vae, adam, x, xNoisy, noise, random);
        }
        double[] rates = new double[windows];
        for (int w = 0; w < windows; w++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step(vae, adam, x, xNoisy, noise, random);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            rates[w] = steps * BATCH / seconds;
            System.out.printf("  %s window %d: %.0f %s/s%n", name, w + 1, rates[w], noise == null ? "samples" : "pairs");
        }
        return rates;
    }

    private static void step(Vae vae, Adam adam, INDArray x, INDArray xNoisy, NoiseModel noise, SplittableRandom random) {
        INDArray eps = Vae.gaussian(random, BATCH, 16, DataType.FLOAT);
        INDArray epsNoisy = null;
        if (noise != null) {
            noise.augment(x, SHAPE, xNoisy, random);
            epsNoisy = Vae.gaussian(random, BATCH, 16, DataType.FLOAT);
        }
        Vae.Step s = vae.step(x, noise == null ? null : xNoisy, eps, epsNoisy);
        adam.update(vae.weights(), s.gradients(), 1e-4);
    }

    private static void print(String name, String unit, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%-8s %14s %14s %14s %12.1f%n", name, String.format("%,.0f %s", median(rates), unit),
                String.format("%,.0f", sorted[0]), String.format("%,.0f", sorted[sorted.length - 1]), 1000.0 * BATCH / median(rates));
    }

    private static double median(double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}

package org.raven.onnx;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.Posterior;

/**
 * Throughput of the imported fixtures, batch 128, float32: encode alone (examples/s) and encode + input gradient
 * (example-steps/s, what one attack step costs). A benchmark, not a test: run it by hand (raven-onnx/README.md).
 */
public final class OnnxBench {

    private OnnxBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        for (String name : new String[] {"mlp", "conv"}) {
            OnnxModel vae = OnnxModel.load(name.equals("mlp") ? Fixtures.mlp("float32") : Fixtures.conv("float32"));
            SplittableRandom random = new SplittableRandom(1);
            double[] v = new double[128 * 784];
            Arrays.setAll(v, i -> random.nextDouble());
            INDArray x = Nd4j.create(v, new long[] {128, 784}, DataType.DOUBLE).castTo(DataType.FLOAT);
            INDArray ones = Nd4j.ones(DataType.FLOAT, 128, vae.latentDim());
            double encode = rate(seconds, () -> vae.encode(x));
            double step = rate(seconds, () -> {
                Posterior q = vae.encode(x);
                vae.inputGradient(x, ones, q.logVar());
            });
            System.out.printf("%-4s encode %,10.0f examples/s   encode + input gradient %,10.0f example-steps/s%n",
                    name, 128 * encode, 128 * step);
        }
    }

    /** Calls per second over {@code seconds}, after one second of warm-up. */
    private static double rate(double seconds, Runnable call) {
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 1e9) {
            call.run();
        }
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            call.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}

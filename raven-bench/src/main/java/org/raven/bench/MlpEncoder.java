package org.raven.bench;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/**
 * The benchmark's reference target: an ND4J float32 MLP encoder {@code inputs-h1-h2-(latent+latent)}
 * with ReLU, written so that a step allocates nothing: every activation and gradient lives in buffers
 * made once per batch size, matrix products go through {@code Nd4j.gemm} into them, elementwise ops
 * run in place.
 *
 * <p>{@link #inputGradient} reuses the activations of the last {@link #encode} when it is called with
 * the same input values (an attack encodes x+e and then asks for the gradient at that same point), so
 * a PGD step costs one forward and one backward pass; otherwise it runs the forward pass again.
 *
 * <p>Not thread-safe. The arrays it returns are its own buffers, valid until the next call: callers
 * (the attacks of this module do) must read them before calling the encoder again.
 */
public final class MlpEncoder implements DifferentiableEncoder {

    private final int inputs;
    private final int h1;
    private final int h2;
    private final int latent;
    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;
    private final INDArray wMu;
    private final INDArray bMu;
    private final INDArray wLogVar;
    private final INDArray bLogVar;

    private long batch = -1;
    private INDArray xSeen;
    private INDArray a1;
    private INDArray a2;
    private INDArray mu;
    private INDArray logVar;
    private INDArray g2;
    private INDArray g1;
    private INDArray gx;
    private INDArray mask1;
    private INDArray mask2;
    private boolean forwardValid;

    /** He-initialised random weights from {@code seed}, biases 0 except logVar's (-2). */
    public MlpEncoder(int inputs, int h1, int h2, int latent, long seed) {
        this.inputs = inputs;
        this.h1 = h1;
        this.h2 = h2;
        this.latent = latent;
        SplittableRandom rng = new SplittableRandom(seed);
        w1 = gaussian(rng, inputs, h1, Math.sqrt(2.0 / inputs));
        b1 = Nd4j.zeros(DataType.FLOAT, 1, h1);
        w2 = gaussian(rng, h1, h2, Math.sqrt(2.0 / h1));
        b2 = Nd4j.zeros(DataType.FLOAT, 1, h2);
        wMu = gaussian(rng, h2, latent, Math.sqrt(1.0 / h2));
        bMu = Nd4j.zeros(DataType.FLOAT, 1, latent);
        wLogVar = gaussian(rng, h2, latent, 0.3 * Math.sqrt(1.0 / h2));
        bLogVar = Nd4j.zeros(DataType.FLOAT, 1, latent).addi(-2.0);
    }

    /** The paper's encoder shape: 784-512-512-(16+16). */
    public static MlpEncoder paperShape(long seed) {
        return new MlpEncoder(784, 512, 512, 16, seed);
    }

    private static INDArray gaussian(SplittableRandom rng, int rows, int cols, double scale) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int latentDim() {
        return latent;
    }

    /** The parameters in order w1, b1, w2, b2, wMu, bMu, wLogVar, bLogVar (live arrays, for tests). */
    INDArray[] parameters() {
        return new INDArray[] {w1, b1, w2, b2, wMu, bMu, wLogVar, bLogVar};
    }

    /** Multiply-adds per example for one forward pass (the backward input pass costs the same). */
    public long macsPerExample() {
        return (long) inputs * h1 + (long) h1 * h2 + 2L * h2 * latent;
    }

    private void buffers(long n) {
        if (n == batch) {
            return;
        }
        batch = n;
        xSeen = Nd4j.createUninitialized(DataType.FLOAT, n, inputs);
        a1 = Nd4j.createUninitialized(DataType.FLOAT, n, h1);
        a2 = Nd4j.createUninitialized(DataType.FLOAT, n, h2);
        mu = Nd4j.createUninitialized(DataType.FLOAT, n, latent);
        logVar = Nd4j.createUninitialized(DataType.FLOAT, n, latent);
        g2 = Nd4j.createUninitialized(DataType.FLOAT, n, h2);
        g1 = Nd4j.createUninitialized(DataType.FLOAT, n, h1);
        gx = Nd4j.createUninitialized(DataType.FLOAT, n, inputs);
        mask1 = Nd4j.createUninitialized(DataType.FLOAT, n, h1);
        mask2 = Nd4j.createUninitialized(DataType.FLOAT, n, h2);
        forwardValid = false;
    }

    private static INDArray asFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    }

    @Override
    public Posterior encode(INDArray x) {
        forward(asFloat(x));
        return new Posterior(mu, logVar);
    }

    private void forward(INDArray x) {
        buffers(x.size(0));
        xSeen.assign(x);
        Nd4j.gemm(x, w1, a1, false, false, 1.0, 0.0);
        Transforms.relu(a1.addiRowVector(b1), false);
        Nd4j.gemm(a1, w2, a2, false, false, 1.0, 0.0);
        Transforms.relu(a2.addiRowVector(b2), false);
        Nd4j.gemm(a2, wMu, mu, false, false, 1.0, 0.0);
        mu.addiRowVector(bMu);
        Nd4j.gemm(a2, wLogVar, logVar, false, false, 1.0, 0.0);
        logVar.addiRowVector(bLogVar);
        forwardValid = true;
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        INDArray xf = asFloat(x);
        if (!forwardValid || xf.size(0) != batch || !sameValues(xf, xSeen)) {
            forward(xf);
        }
        Nd4j.gemm(asFloat(gradMu), wMu, g2, false, true, 1.0, 0.0);
        Nd4j.gemm(asFloat(gradLogVar), wLogVar, g2, false, true, 1.0, 1.0);
        // ReLU backward: g *= (a > 0), with sign(a) in {0, 1} as the mask (ThresholdReluBp, a custom
        // op, measured 10x slower than these two legacy ops here)
        g2.muli(Nd4j.getExecutioner().exec(new Sign(a2, mask2)));
        Nd4j.gemm(g2, w2, g1, false, true, 1.0, 0.0);
        g1.muli(Nd4j.getExecutioner().exec(new Sign(a1, mask1)));
        Nd4j.gemm(g1, w1, gx, false, true, 1.0, 0.0);
        return gx;
    }

    /** Exact comparison over the raw buffers (no allocation); views fall back to "different". */
    private static boolean sameValues(INDArray x, INDArray seen) {
        if (x == seen) {
            return true;
        }
        if (!Nd4j.getEnvironment().isCPU() || x.isView() || x.offset() != 0 || x.ordering() != 'c'
                || x.length() != seen.length()) {
            return false;
        }
        int n = Math.toIntExact(x.length());
        FloatBuffer a = x.data().asNioFloat().limit(n);
        FloatBuffer b = seen.data().asNioFloat().limit(n);
        return a.mismatch(b) == -1; // vectorised compare of the raw bits
    }
}

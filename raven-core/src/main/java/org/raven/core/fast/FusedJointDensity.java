package org.raven.core.fast;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.defence.LatentTarget;

/**
 * {@code log p(x|z) + log N(z; 0, I)} of a frozen mlp and its z-gradient from ONE decoder forward pass and one
 * backward pass, into buffers made once per batch size (the last 4 sizes kept): what {@code org.raven.core.JointDensity}
 * computes through the SameDiff decoder with two forward passes, one backward pass and an allocating op per element
 * step. The likelihood is read from the decoder's logits l, in one pass that also gives d/dl (raven-core's fused
 * likelihood kernel): Bernoulli {@code x l - softplus(l)}, which is {@code x log m + (1 - x) log(1 - m)} at
 * m = sigmoid(l) without JointDensity's clamp of m to [1e-6, 1 - 1e-6] (it differs only where |l| > 13.8, where the
 * clamp makes that value and its gradient wrong); Gaussian {@code -||x - sigmoid(l)||^2 / (2 v)}. Not thread-safe.
 */
final class FusedJointDensity implements LatentTarget {

    private static final int MAX_BATCH_SIZES = 4;

    private final MlpLayout layout;
    private final DataType dataType;
    private final boolean gaussian;
    private final double variance;
    private final INDArray[] weights;
    private final INDArray[] biasRows;
    private final Kernels.Scratch scratch;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            return size() > MAX_BATCH_SIZES; // an evaluation has at most two batch sizes (full and last)
        }
    };

    /** A frozen copy of the decoder entries of {@code parameters} (other entries are ignored). */
    FusedJointDensity(MlpLayout layout, Map<String, INDArray> parameters, DataType dataType, boolean gaussian,
                      double variance) {
        this.layout = layout;
        this.dataType = dataType;
        this.gaussian = gaussian;
        this.variance = variance;
        List<MlpLayout.Layer> dec = layout.decoder();
        weights = new INDArray[dec.size()];
        biasRows = new INDArray[dec.size()];
        for (int l = 0; l < dec.size(); l++) {
            MlpLayout.Layer layer = dec.get(l);
            weights[l] = copy(parameters, layer.weightName(), layout.shape(layer.weightName()));
            biasRows[l] = copy(parameters, layer.biasName(), layout.shape(layer.biasName())).reshape('c', 1, layer.out());
        }
        scratch = new Kernels.Scratch(layout.inputSize());
    }

    private INDArray copy(Map<String, INDArray> parameters, String name, long[] shape) {
        INDArray v = parameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameters: missing entry '" + name + "'");
        }
        if (!Arrays.equals(v.shape(), shape)) {
            throw new IllegalArgumentException("parameters: '" + name + "' has shape " + Arrays.toString(v.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        return v.castTo(dataType).dup('c');
    }

    @Override
    public double[] logDensity(INDArray x, INDArray z) {
        double[] out = new double[(int) x.size(0)];
        evaluate(x, rowMajor(x, z), out, new double[(int) z.length()]);
        return out;
    }

    @Override
    public INDArray gradient(INDArray x, INDArray z) {
        double[] g = new double[(int) z.length()];
        evaluate(x, rowMajor(x, z), new double[(int) x.size(0)], g);
        return Nd4j.create(g, z.shape(), DataType.DOUBLE).castTo(z.dataType());
    }

    private double[] rowMajor(INDArray x, INDArray z) {
        if (z == null || z.rank() != 2 || z.size(0) != x.size(0) || z.size(1) != layout.latentDim()) {
            throw new IllegalArgumentException("z must be [" + x.size(0) + ", " + layout.latentDim() + "] (was "
                    + (z == null ? "null" : Arrays.toString(z.shape())) + ")");
        }
        return z.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    @Override
    public void evaluate(INDArray x, double[] z, double[] logDensity, double[] gradient) {
        Buffers b = buffersFor(x);
        int d = layout.latentDim();
        int cols = layout.inputSize();
        if (z.length != b.rows * d || logDensity.length < b.rows || gradient.length != z.length) {
            throw new IllegalArgumentException("z and gradient must hold " + b.rows + " x " + d + " values and logDensity "
                    + b.rows + " (were " + z.length + ", " + gradient.length + ", " + logDensity.length + ")");
        }
        b.in.assign(x);
        for (int i = 0; i < z.length; i++) {
            b.zVec.set(i, z[i]);
        }
        INDArray h = b.z;
        int last = weights.length - 1;
        for (int l = 0; l < last; l++) {
            Dense.affine(h, weights[l], biasRows[l], b.onesCol, b.h[l], StepTimer.OFF);
            Nd4j.exec(b.relu[l]);
            h = b.h[l];
        }
        Dense.affine(h, weights[last], biasRows[last], b.onesCol, b.logits, StepTimer.OFF);
        for (int r = 0; r < b.rows; r++) {
            // scale -1: the logits become d log p(x|z) / d logit; the return value is row r's negative log-likelihood
            double logPrior = 0;
            for (int j = r * d; j < (r + 1) * d; j++) {
                logPrior -= 0.5 * z[j] * z[j];
            }
            logDensity[r] = logPrior - Kernels.likelihood(gaussian, variance, b.logitsVec, b.inVec, r, r + 1, cols, -1.0,
                    scratch, 0);
        }
        INDArray above = b.logits;
        for (int l = last; l > 0; l--) {
            Nd4j.gemm(above, weights[l], b.dH[l - 1], false, true, 1.0, 0.0);
            Nd4j.exec(b.reluBack[l - 1]);
            above = b.dH[l - 1];
        }
        Nd4j.gemm(above, weights[0], b.dZ, false, true, 1.0, 0.0);
        for (int i = 0; i < z.length; i++) {
            gradient[i] = b.dZVec.get(i) - z[i];
        }
    }

    private Buffers buffersFor(INDArray x) {
        if (x == null || x.rank() != 2 || x.size(1) != layout.inputSize() || x.size(0) < 1) {
            throw new IllegalArgumentException("x must be [batch, " + layout.inputSize() + "] (was "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + ")");
        }
        return buffers.computeIfAbsent((int) x.size(0), Buffers::new);
    }

    @Override
    public String toString() {
        return "log p(x|z) + log N(z; 0, I), " + (gaussian ? "gaussian(variance=" + variance + ")" : "bernoulli")
                + ", fused " + layout;
    }

    private final class Buffers {
        final int rows;
        final INDArray in;
        final INDArray z;
        final INDArray[] h;
        final INDArray[] dH;
        final RectifiedLinear[] relu;
        final RectifiedLinearDerivative[] reluBack;
        final INDArray onesCol;
        final INDArray logits;
        final INDArray dZ;
        final Vec inVec;
        final Vec zVec;
        final Vec logitsVec;
        final Vec dZVec;

        Buffers(int rows) {
            this.rows = rows;
            List<MlpLayout.Layer> dec = layout.decoder();
            int hidden = dec.size() - 1;
            in = Nd4j.create(dataType, rows, layout.inputSize());
            z = Nd4j.create(dataType, rows, layout.latentDim());
            h = new INDArray[hidden];
            dH = new INDArray[hidden];
            relu = new RectifiedLinear[hidden];
            reluBack = new RectifiedLinearDerivative[hidden];
            for (int l = 0; l < hidden; l++) {
                h[l] = Nd4j.create(dataType, rows, dec.get(l).out());
                dH[l] = Nd4j.create(dataType, rows, dec.get(l).out());
                relu[l] = Dense.reluOp(h[l]);
                reluBack[l] = Dense.reluBackwardOp(h[l], dH[l]);
            }
            onesCol = Nd4j.ones(dataType, rows, 1);
            logits = Nd4j.create(dataType, rows, layout.inputSize());
            dZ = Nd4j.create(dataType, rows, layout.latentDim());
            inVec = Vec.of(in);
            zVec = Vec.of(z);
            logitsVec = Vec.of(logits);
            dZVec = Vec.of(dZ);
        }
    }
}

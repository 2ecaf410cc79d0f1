package org.raven.testkit;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;

/**
 * A tiny encoder/decoder with exact hand-written gradients, in double precision, for tests of code that
 * consumes {@link AutoEncoder}s (attacks, evaluation) without a real model.
 *
 * <p>Encoder: h = tanh(x W + b), mu = h M, logVar = h V. Decoder: sigmoid(z D + d). Weights are drawn from
 * {@code seed}. Results come back in the input's data type.
 */
public final class ToyAutoEncoder implements AutoEncoder {

    private final int inputSize;
    private final int latentDim;
    private final INDArray w;
    private final INDArray b;
    private final INDArray m;
    private final INDArray v;
    private final INDArray d;
    private final INDArray dBias;

    public ToyAutoEncoder(int inputSize, int hidden, int latentDim, long seed) {
        this.inputSize = inputSize;
        this.latentDim = latentDim;
        SplittableRandom random = new SplittableRandom(seed);
        this.w = gaussian(random, inputSize, hidden, 2.0 / Math.sqrt(inputSize));
        this.b = gaussian(random, 1, hidden, 0.1);
        this.m = gaussian(random, hidden, latentDim, 1.0 / Math.sqrt(hidden));
        this.v = gaussian(random, hidden, latentDim, 0.5 / Math.sqrt(hidden));
        this.d = gaussian(random, latentDim, inputSize, 1.0 / Math.sqrt(latentDim));
        this.dBias = gaussian(random, 1, inputSize, 0.1);
    }

    private static INDArray gaussian(SplittableRandom random, int rows, int cols, double scale) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            // Box-Muller from the explicit stream: no global RNG.
            double u = 1.0 - random.nextDouble();
            values[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    private INDArray hidden(INDArray x) {
        return Transforms.tanh(x.castTo(DataType.DOUBLE).mmul(w).addiRowVector(b), false);
    }

    @Override
    public Posterior encode(INDArray x) {
        INDArray h = hidden(x);
        return new Posterior(h.mmul(m).castTo(x.dataType()), h.mmul(v).castTo(x.dataType()));
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        INDArray h = hidden(x);
        INDArray gh = gradMu.castTo(DataType.DOUBLE).mmul(m.transpose())
                .addi(gradLogVar.castTo(DataType.DOUBLE).mmul(v.transpose()));
        INDArray oneMinusH2 = h.mul(h).rsubi(1.0);
        return gh.muli(oneMinusH2).mmul(w.transpose()).castTo(x.dataType());
    }

    @Override
    public DifferentiableDecoder decoder() {
        return new DifferentiableDecoder() {
            @Override
            public INDArray decode(INDArray z) {
                return Transforms.sigmoid(z.castTo(DataType.DOUBLE).mmul(d).addiRowVector(dBias), false)
                        .castTo(z.dataType());
            }

            @Override
            public INDArray latentGradient(INDArray z, INDArray gradOutput) {
                INDArray out = Transforms.sigmoid(z.castTo(DataType.DOUBLE).mmul(d).addiRowVector(dBias), false);
                INDArray slope = out.mul(out.rsub(1.0));
                return gradOutput.castTo(DataType.DOUBLE).mul(slope).mmul(d.transpose()).castTo(z.dataType());
            }
        };
    }
}

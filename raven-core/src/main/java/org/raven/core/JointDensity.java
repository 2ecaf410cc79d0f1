package org.raven.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.DifferentiableDecoder;

/**
 * {@code log p(x|z) + log p(z)} of a trained model, up to a constant per row, with its z-gradient through the
 * decoder: the target of test-time MCMC. p(z) is N(0, I), the z-marginal of every prior in raven-core. The
 * likelihood is read from the decoder mean m: Bernoulli {@code sum x log m + (1 - x) log(1 - m)} or Gaussian
 * {@code -||x - m||^2 / (2 v)}. For Bernoulli the mean is clamped to [1e-6, 1 - 1e-6] (float decoders saturate), so
 * the gradient there is {@code (x - m)} only up to that clamp. For the fused-capable mlp,
 * {@code org.raven.core.fast.FusedInference.target} computes the same density and gradient from the logits in one
 * decoder forward and backward pass (without the clamp).
 */
public final class JointDensity implements LatentTarget {

    private static final double CLAMP = 1e-6;

    private final DifferentiableDecoder decoder;
    private final boolean gaussian;
    private final double variance;

    /** @param variance the Gaussian likelihood's variance (ignored for Bernoulli) */
    public JointDensity(DifferentiableDecoder decoder, boolean gaussian, double variance) {
        this.decoder = decoder;
        this.gaussian = gaussian;
        this.variance = variance;
    }

    /** The density of a trained {@link Vae}: its decoder and likelihood (a learned variance at its trained value). */
    public static JointDensity of(Vae vae) {
        LikelihoodSpec l = vae.config().likelihood();
        if (!l.isGaussian()) {
            return new JointDensity(vae.decoder(), false, Double.NaN);
        }
        double v = l.variance();
        if (l.learnVariance()) {
            v = Math.exp(vae.weights().get(Likelihood.LOG_VARIANCE).getDouble(0));
        }
        return new JointDensity(vae.decoder(), l.isGaussian(), v);
    }

    /** Whether the likelihood is Gaussian (else Bernoulli). */
    public boolean gaussian() {
        return gaussian;
    }

    /** The Gaussian likelihood's variance (meaningless for Bernoulli). */
    public double variance() {
        return variance;
    }

    @Override
    public double[] logDensity(INDArray x, INDArray z) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray zd = z.castTo(DataType.DOUBLE);
        INDArray m = decoder.decode(z).castTo(DataType.DOUBLE);
        INDArray ll;
        if (gaussian) {
            INDArray d = xd.sub(m);
            ll = d.mul(d).sum(1).mul(-0.5 / variance);
        } else {
            m = Transforms.min(Transforms.max(m, CLAMP, false), 1 - CLAMP, false);
            INDArray lm = Transforms.log(m, true);
            INDArray l1m = Transforms.log(m.rsub(1.0), false);
            ll = xd.mul(lm).add(xd.rsub(1.0).mul(l1m)).sum(1);
        }
        return ll.sub(zd.mul(zd).sum(1).mul(0.5)).toDoubleVector();
    }

    @Override
    public INDArray gradient(INDArray x, INDArray z) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray m = decoder.decode(z).castTo(DataType.DOUBLE);
        INDArray gMean;
        if (gaussian) {
            gMean = xd.sub(m).div(variance);
        } else {
            INDArray c = Transforms.min(Transforms.max(m, CLAMP, true), 1 - CLAMP, false);
            gMean = xd.sub(c).div(c.mul(c.rsub(1.0)));
        }
        INDArray g = decoder.latentGradient(z, gMean.castTo(z.dataType())).castTo(DataType.DOUBLE);
        return g.sub(z.castTo(DataType.DOUBLE)).castTo(z.dataType());
    }

    @Override
    public String toString() {
        return "log p(x|z) + log N(z; 0, I), " + (gaussian ? "gaussian(variance=" + variance + ")" : "bernoulli");
    }
}

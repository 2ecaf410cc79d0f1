package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableEncoder;

/** The objectives the built-in attacks maximise, and the way to make one from a {@link LatentLoss}. */
public final class Objectives {

    private Objectives() {
    }

    /**
     * {@code loss} of q(z|x+e) for a batch of {@code n} examples. Each gradient costs one {@code encode}
     * and one {@code inputGradient} call; the objective reuses its buffers, so make one per batch.
     */
    public static Objective latent(DifferentiableEncoder model, int n, LatentLoss loss) {
        return new LatentObjective(model, n, loss);
    }

    /** SKL(q(z|x+e), q(z|x)) per example: the untargeted latent objective (Kuzina et al. 2022). */
    public static Objective symmetricKlFromClean(DifferentiableEncoder model, INDArray x) {
        Latents clean = Latents.of(model.encode(x));
        return latent(model, clean.n(), LatentLoss.symmetricKlTo(clean));
    }

    /** sum_j (mu_j(x+e) - mu_j(x))^2 / exp(logVar_j(x)) per example: mu's shift under the clean posterior's metric. */
    public static Objective mahalanobisFromClean(DifferentiableEncoder model, INDArray x) {
        Latents clean = Latents.of(model.encode(x));
        return latent(model, clean.n(), LatentLoss.mahalanobisTo(clean));
    }

    /** ||dec(mu(x+e)) - dec(mu(x))||^2 per example: how far the reconstruction moves. */
    public static Objective reconstructionChange(AutoEncoder model, INDArray x) {
        return new OutputObjective(model, x);
    }

    /**
     * Expectation over transformation: the objective and its gradient averaged over {@code samples} evaluations,
     * for stochastic encoders and randomised test-time defences, where one evaluation is one random draw of the
     * encoder. Each evaluation calls the encoder it is given, so the encoder does its own sampling. One sample is
     * {@code objective} itself, unchanged.
     *
     * @throws IllegalArgumentException if samples is below 1
     */
    public static Objective expectation(Objective objective, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("eotSamples must be >= 1 (was " + samples + ")");
        }
        return samples == 1 ? objective : new ExpectedObjective(objective, samples);
    }

    /** {@link #expectation} for more than one sample. */
    private static final class ExpectedObjective implements Objective {
        private final Objective inner;
        private final int samples;
        private double[] one = new double[0];
        private INDArray sum;

        ExpectedObjective(Objective inner, int samples) {
            this.inner = inner;
            this.samples = samples;
        }

        @Override
        public void value(INDArray xAdv, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (int s = 0; s < samples; s++) {
                inner.value(xAdv, buffer(out.length));
                accumulate(out);
            }
        }

        @Override
        public INDArray valueAndGradient(INDArray xAdv, double[] out) {
            java.util.Arrays.fill(out, 0);
            for (int s = 0; s < samples; s++) {
                INDArray g = inner.valueAndGradient(xAdv, buffer(out.length));
                accumulate(out);
                if (s == 0) {
                    if (sum == null || sum.dataType() != g.dataType() || !java.util.Arrays.equals(sum.shape(), g.shape())) {
                        sum = HostIo.plain(g.dataType(), g.size(0), g.size(1));
                    }
                    sum.assign(g); // g may be the model's buffer: copy before the next call
                } else {
                    sum.addi(g);
                }
            }
            return sum.divi(samples);
        }

        private double[] buffer(int n) {
            if (one.length != n) {
                one = new double[n];
            }
            return one;
        }

        private void accumulate(double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] += one[i] / samples;
            }
        }
    }
}

package com.example.raven;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;
import org.raven.api.prior.PriorSpec;

/**
 * {@code {"type": "scaled-normal", "scale": 2.0}}: independent z and z', each N(0, diag c^2) with c =
 * {@code scale} in every latent dimension, or {@code "scales": [c_1, ..., c_d]} per dimension. A wider or
 * narrower standard prior, as an example of a third-party prior.
 *
 * <p>KL(N(mu, s^2) || N(0, c^2)) = 1/2 sum_j [ (s_j^2 + mu_j^2) / c_j^2 - 1 + log c_j^2 - log s_j^2 ].
 * The prior implements {@link ClosedFormPrior} (that KL and its gradients in plain arrays), so the trainer
 * runs it on the fused engine; the SameDiff form serves the graph engine.
 */
public final class ScaledNormalPrior extends BasePlugin<ScaledNormalPrior.Spec, Prior>
        implements PriorProvider<ScaledNormalPrior.Spec> {

    /**
     * @param scale  standard deviation c of each latent coordinate under the prior; default 2.0, must be > 0
     * @param scales optional, one standard deviation per latent dimension (then {@code scale} is unused);
     *               each > 0, exactly {@code latentDim} of them
     */
    public record Spec(Double scale, List<Double> scales) implements PriorSpec {
        public Spec {
            scale = scale == null ? 2.0 : scale;
            scales = scales == null ? null : List.copyOf(scales);
        }

        @Override
        public List<Problem> validate() {
            Problem.Collector c = new Problem.Collector().positive("scale", scale);
            if (scales != null) {
                for (int i = 0; i < scales.size(); i++) {
                    c.positive("scales[" + i + "]", scales.get(i));
                }
            }
            return c.problems();
        }

        @Override
        public List<Problem> validateFor(int latentDim) {
            return new Problem.Collector().check(scales == null || scales.size() == latentDim, "scales",
                    "has " + (scales == null ? 0 : scales.size()) + " entries, expected one per latent dimension (latentDim = "
                            + latentDim + ")").problems();
        }
    }

    public ScaledNormalPrior() {
        super("scaled-normal", Spec.class, new Spec(null, null),
                "independent N(0, scale^2 I) for z and z' (example third-party prior)");
    }

    @Override
    public Prior create(Spec spec, PluginContext context) {
        double[] variances = spec.scales() == null ? new double[] {spec.scale() * spec.scale()}
                : spec.scales().stream().mapToDouble(c -> c * c).toArray();
        return new Scaled(variances);
    }

    /** Variances c_j^2; a single entry applies to every dimension. Deliberately without toString (see the tests). */
    private static final class Scaled implements ClosedFormPrior {
        private final double[] variances;
        private final double[] logVariances;

        Scaled(double[] variances) {
            this.variances = variances;
            this.logVariances = Arrays.stream(variances).map(Math::log).toArray();
        }

        @Override
        public double kl(double[] mu, double[] logVar, int off, int d, double[] gMu, double[] gLogVar) {
            double kl = 0;
            for (int j = 0; j < d; j++) {
                int k = off + j;
                double c2 = variances.length == 1 ? variances[0] : variances[j];
                double logC2 = logVariances.length == 1 ? logVariances[0] : logVariances[j];
                double s = Math.exp(logVar[k]);
                kl += (s + mu[k] * mu[k]) / c2 - 1 + logC2 - logVar[k];
                if (gMu != null) {
                    gMu[k] = mu[k] / c2;
                }
                if (gLogVar != null) {
                    gLogVar[k] = 0.5 * (s / c2 - 1);
                }
            }
            return 0.5 * kl;
        }

        @Override
        public double pairKl(double[] mu, double[] logVar, double[] muNoisy, double[] logVarNoisy, int off, int d,
                             double[] gMu, double[] gLogVar, double[] gMuNoisy, double[] gLogVarNoisy) {
            return kl(mu, logVar, off, d, gMu, gLogVar) + kl(muNoisy, logVarNoisy, off, d, gMuNoisy, gLogVarNoisy);
        }

        @Override
        public SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
            SDVariable perDim;
            if (variances.length == 1) {
                perDim = sd.math().exp(logVar).add(mu.mul(mu)).div(variances[0]).sub(1.0 - logVariances[0]).sub(logVar);
            } else {
                // [latentDim] rows broadcast over the batch, in the graph's data type
                SDVariable inverse = sd.constant(Nd4j.createFromArray(Arrays.stream(variances).map(v -> 1 / v).toArray())
                        .castTo(mu.dataType()));
                SDVariable logC2 = sd.constant(Nd4j.createFromArray(logVariances).castTo(mu.dataType()));
                perDim = sd.math().exp(logVar).add(mu.mul(mu)).mul(inverse).add(logC2).sub(1.0).sub(logVar);
            }
            return perDim.sum(1).mul(0.5);
        }

        @Override
        public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy, SDVariable logVarNoisy) {
            return kl(sd, mu, logVar).add(kl(sd, muNoisy, logVarNoisy));
        }

        @Override
        public boolean paired() {
            return false;
        }
    }
}

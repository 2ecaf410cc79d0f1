package com.example.raven;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;
import org.raven.api.prior.PriorSpec;

/**
 * {@code {"type": "scaled-normal", "scale": 2.0}}: independent z and z', each N(0, scale^2 I). A wider or
 * narrower standard prior, as an example of a third-party prior.
 *
 * <p>KL(N(mu, s^2) || N(0, c^2)) = 1/2 sum_j [ (s_j^2 + mu_j^2) / c^2 - 1 + log c^2 - log s_j^2 ].
 */
public final class ScaledNormalPrior extends BasePlugin<ScaledNormalPrior.Spec, Prior>
        implements PriorProvider<ScaledNormalPrior.Spec> {

    /** @param scale standard deviation c of each latent coordinate under the prior; default 2.0, must be > 0 */
    public record Spec(Double scale) implements PriorSpec {
        public Spec {
            scale = scale == null ? 2.0 : scale;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector().positive("scale", scale).problems();
        }
    }

    public ScaledNormalPrior() {
        super("scaled-normal", Spec.class, new Spec(null), "independent N(0, scale^2 I) for z and z' (example third-party prior)");
    }

    @Override
    public Prior create(Spec spec, PluginContext context) {
        double variance = spec.scale() * spec.scale();
        return new Prior() {
            @Override
            public SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
                SDVariable perDim = sd.math().exp(logVar).add(mu.mul(mu)).div(variance)
                        .sub(1.0 - Math.log(variance)).sub(logVar);
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
        };
    }
}

package org.raven.defences;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.defence.TrainingDefenceSpec;

/**
 * {@code beta-tcvae} (Chen et al. 2018): the KL of the bound splits into index-code mutual information, total
 * correlation and dimension-wise KL; beta-TCVAE weighs the total correlation by beta. With the other two weights at 1
 * that is the plain bound plus {@code (beta - 1) TC}, which is the term this defence adds (TC estimated by minibatch
 * weighted sampling, {@link TotalCorrelation}). A SameDiff term, so the model trains on the SameDiff engine.
 */
public final class BetaTcvae extends BasePlugin<BetaTcvae.Spec, TrainingDefence>
        implements TrainingDefenceProvider<BetaTcvae.Spec> {

    /**
     * @param beta weight of the total correlation; default 6.0 (Chen et al.'s dSprites setting), >= 1 (1 is the plain bound)
     */
    public record Spec(Double beta) implements TrainingDefenceSpec {
        public Spec {
            beta = beta == null ? 6.0 : beta;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector()
                    .check(beta >= 1 && !beta.isInfinite(), "beta", "must be finite and >= 1 (was " + beta + ")")
                    .problems();
        }
    }

    /** The term {@code (beta - 1) TC_mws}. */
    record Term(double beta) implements ObjectiveTerm {
        @Override
        public SDVariable term(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable z, SDVariable datasetSize) {
            return TotalCorrelation.minibatchWeighted(sd, mu, logVar, z, datasetSize).mul(beta - 1);
        }
    }

    public BetaTcvae() {
        super("beta-tcvae", Spec.class, new Spec(null),
                "beta-TCVAE (Chen et al. 2018): the bound plus (beta - 1) x total correlation, minibatch-weighted sampling");
    }

    @Override
    public TrainingDefence create(Spec spec, PluginContext context) {
        return new Term(spec.beta());
    }
}

package com.example.raven;

import java.util.List;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackSpec;
import org.raven.attacks.AttackInputs;
import org.raven.attacks.LatentLoss;
import org.raven.attacks.Latents;
import org.raven.attacks.Norm;
import org.raven.attacks.Objectives;
import org.raven.attacks.PgdEngine;

/**
 * {@code {"type": "latent-shift", "steps": 20}}: moves the posterior mean as far as possible, maximising
 * ||mu(x+e) - mu(x)||^2 subject to ||e||_inf <= delta and x+e in [0,1], by projected sign-gradient ascent
 * from a random start. An example of a third-party attack: the loss is its own, the stepping, projection,
 * best-iterate bookkeeping and seeding are raven-attacks' {@link PgdEngine}.
 */
public final class LatentShiftAttack extends BasePlugin<LatentShiftAttack.Spec, Attack>
        implements AttackProvider<LatentShiftAttack.Spec> {

    /**
     * @param steps    gradient steps; default 20, must be >= 1
     * @param stepSize step as a fraction of the budget; default 0.25, must be > 0
     */
    public record Spec(Integer steps, Double stepSize) implements AttackSpec {
        public Spec {
            steps = steps == null ? 20 : steps;
            stepSize = stepSize == null ? 0.25 : stepSize;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector()
                    .check(steps >= 1, "steps", "must be >= 1 (was " + steps + ")")
                    .positive("stepSize", stepSize)
                    .problems();
        }
    }

    public LatentShiftAttack() {
        super("latent-shift", Spec.class, new Spec(null, null),
                "maximise ||mu(x+e) - mu(x)||^2, L-inf PGD (example third-party attack)");
    }

    @Override
    public Attack create(Spec spec, PluginContext context) {
        PgdEngine engine = new PgdEngine(id(), new PgdEngine.Config(Norm.LINF, spec.steps(), null, spec.stepSize(), true, 1));
        return (model, x, labels, budget, seed) -> {
            AttackInputs.check(id(), model, x, budget);
            Latents clean = Latents.of(model.encode(x));
            return engine.run(Objectives.latent(model, clean.n(), meanShiftFrom(clean)), x, budget, seed);
        };
    }

    /** ||mu - mu_clean||^2 per example; its gradient is 2 (mu - mu_clean) in mu and 0 in logVar. */
    static LatentLoss meanShiftFrom(Latents clean) {
        return (adversarial, value, gMu, gLogVar) -> {
            int d = adversarial.d();
            for (int i = 0; i < adversarial.n(); i++) {
                double sum = 0;
                for (int k = i * d; k < (i + 1) * d; k++) {
                    double shift = adversarial.mu()[k] - clean.mu()[k];
                    sum += shift * shift;
                    if (gMu != null) {
                        gMu[k] = 2 * shift;
                        gLogVar[k] = 0;
                    }
                }
                value[i] = sum;
            }
        };
    }
}

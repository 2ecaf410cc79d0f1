package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/**
 * Spec of {@code latent-targeted}: minimise KL(q(z|x+e) || q(z|x_target)) by projected gradient descent.
 *
 * @param norm        {@code "linf"} (default) or {@code "l2"}
 * @param steps       gradient steps per restart, default 50, at least 1
 * @param stepSize    step size, default null meaning {@code 2.5 * budget / steps}; &gt; 0 when given
 * @param randomStart start each restart from a uniform random point of the budget ball, default true
 * @param restarts    independent restarts, default 1, at least 1; the best iterate per example wins
 * @param eotSamples  expectation over transformation: objective and gradient averaged over this many encoder calls,
 *                    default 1 (none), at least 1
 */
public record LatentTargetedSpec(String norm, Integer steps, Double stepSize, Boolean randomStart, Integer restarts,
                               Integer eotSamples) implements AttackSpec, PgdSettings {

    public LatentTargetedSpec {
        norm = norm == null ? SpecChecks.DEFAULT_NORM : norm;
        steps = steps == null ? SpecChecks.DEFAULT_STEPS : steps;
        randomStart = randomStart == null ? Boolean.TRUE : randomStart;
        restarts = restarts == null ? SpecChecks.DEFAULT_RESTARTS : restarts;
        eotSamples = eotSamples == null ? 1 : eotSamples;
    }

    /** With one EOT sample. */
    public LatentTargetedSpec(String norm, Integer steps, Double stepSize, Boolean randomStart, Integer restarts) {
        this(norm, steps, stepSize, randomStart, restarts, null);
    }

    /** Every key at its default. */
    public static LatentTargetedSpec defaults() {
        return new LatentTargetedSpec(null, null, null, null, null, null);
    }

    @Override
    public List<Problem> validate() {
        return SpecChecks.pgd(this);
    }
}

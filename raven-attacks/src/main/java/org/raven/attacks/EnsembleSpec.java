package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/**
 * Spec of {@code ensemble}: the fixed, versioned attack ensemble ({@link EnsembleAttack}). Its members and their
 * settings are not keys: they are fixed by {@link EnsembleAttack#VERSION}, so that no figure rests on settings tuned
 * per model.
 *
 * @param norm       {@code "linf"} (default) or {@code "l2"}, for every member
 * @param standalone default true: every member attacks every point, so each member's own accuracy is reported beside
 *                   the ensemble's; false: AutoAttack's cascade, each member only on the points no earlier member
 *                   broke (faster; the members' own accuracies are then not known)
 * @param eotSamples expectation over transformation for the gradient members, default 1, at least 1
 */
public record EnsembleSpec(String norm, Boolean standalone, Integer eotSamples) implements AttackSpec {

    public EnsembleSpec {
        norm = norm == null ? SpecChecks.DEFAULT_NORM : norm;
        standalone = standalone == null ? Boolean.TRUE : standalone;
        eotSamples = eotSamples == null ? 1 : eotSamples;
    }

    /** Every key at its default. */
    public static EnsembleSpec defaults() {
        return new EnsembleSpec(null, null, null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = SpecChecks.norm(new Problem.Collector(), norm);
        c.check(eotSamples >= 1, "eotSamples", "must be >= 1 (was " + eotSamples + ")");
        return c.problems();
    }
}

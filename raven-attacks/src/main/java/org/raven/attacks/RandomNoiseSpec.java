package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/**
 * Spec of {@code random-noise}: uniform noise within the budget, the baseline an attack must beat.
 *
 * @param norm {@code "linf"} (default) or {@code "l2"}
 */
public record RandomNoiseSpec(String norm) implements AttackSpec {

    public RandomNoiseSpec {
        norm = norm == null ? SpecChecks.DEFAULT_NORM : norm;
    }

    /** Every key at its default. */
    public static RandomNoiseSpec defaults() {
        return new RandomNoiseSpec(null);
    }

    @Override
    public List<Problem> validate() {
        return SpecChecks.norm(new Problem.Collector(), norm).problems();
    }
}

package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/**
 * Spec of {@code fgsm}: one gradient step of size budget on the latent SKL from a random start.
 *
 * @param norm {@code "linf"} (default) or {@code "l2"}
 */
public record FgsmSpec(String norm) implements AttackSpec {

    public FgsmSpec {
        norm = norm == null ? SpecChecks.DEFAULT_NORM : norm;
    }

    /** Every key at its default. */
    public static FgsmSpec defaults() {
        return new FgsmSpec(null);
    }

    @Override
    public List<Problem> validate() {
        return SpecChecks.norm(new Problem.Collector(), norm).problems();
    }
}

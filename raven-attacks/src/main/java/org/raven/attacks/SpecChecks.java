package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;

/** Validation shared by the attack specs, so that every attack words its problems the same way. */
final class SpecChecks {

    static final String DEFAULT_NORM = "linf";
    static final int DEFAULT_STEPS = 50;
    static final int DEFAULT_RESTARTS = 1;

    private SpecChecks() {
    }

    static Problem.Collector norm(Problem.Collector c, String norm) {
        return c.check(Norm.ids().contains(norm), "norm", Norm.invalidMessage(norm));
    }

    static List<Problem> pgd(PgdSettings s) {
        Problem.Collector c = new Problem.Collector();
        norm(c, s.norm());
        c.check(s.steps() >= 1, "steps", "must be >= 1 (was " + s.steps() + ")");
        if (s.stepSize() != null) {
            c.positive("stepSize", s.stepSize());
            c.check(!Double.isInfinite(s.stepSize()), "stepSize", "must be finite (was " + s.stepSize() + ")");
        }
        c.check(s.restarts() >= 1, "restarts", "must be >= 1 (was " + s.restarts() + ")");
        c.check(s.eotSamples() >= 1, "eotSamples", "must be >= 1 (was " + s.eotSamples() + ")");
        return c.problems();
    }

    /** The engine settings for a validated spec. */
    static PgdEngine.Config config(PgdSettings s) {
        return new PgdEngine.Config(Norm.parse(s.norm()), s.steps(), s.stepSize(), 2.5 / s.steps(),
                s.randomStart(), s.restarts());
    }
}

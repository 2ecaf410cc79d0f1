package org.raven.eval.testplugins;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/** Test-only attack spec. */
public record TestAttackSpec(Integer steps, Double stepSize) implements AttackSpec {
    public TestAttackSpec {
        steps = steps == null ? 10 : steps;
        stepSize = stepSize == null ? 0.01 : stepSize;
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("steps", steps).positive("stepSize", stepSize).problems();
    }
}

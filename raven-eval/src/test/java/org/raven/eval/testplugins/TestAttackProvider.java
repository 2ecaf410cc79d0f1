package org.raven.eval.testplugins;

import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackResult;

/** Test-only attack: returns the input unchanged (objective 0). */
public final class TestAttackProvider implements AttackProvider<TestAttackSpec> {
    @Override
    public String id() {
        return "test-attack";
    }

    @Override
    public Class<TestAttackSpec> specType() {
        return TestAttackSpec.class;
    }

    @Override
    public TestAttackSpec defaultSpec() {
        return new TestAttackSpec(null, null);
    }

    @Override
    public Attack create(TestAttackSpec spec, PluginContext context) {
        return (model, x, labels, budget, seed) -> {
            int n = (int) x.size(0);
            return new AttackResult(x.dup(), new double[n], new double[n], new int[n]);
        };
    }
}

package org.raven.eval.testplugins;

import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackResult;

/** Test-only attack: returns the input unchanged (objective 0). */
public final class TestAttackProvider extends BasePlugin<TestAttackSpec, Attack>
        implements AttackProvider<TestAttackSpec> {

    public TestAttackProvider() {
        super("test-attack", TestAttackSpec.class, new TestAttackSpec(null, null), "test only: the input unchanged");
    }

    @Override
    public Attack create(TestAttackSpec spec, PluginContext context) {
        return (model, x, labels, budget, seed) -> {
            int n = (int) x.size(0);
            return new AttackResult(x.dup(), new double[n], new double[n], new int[n]);
        };
    }
}

package org.raven.eval.testplugins;

import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Test-only prior provider; {@code create} is not needed by the spec tests. */
public final class TestPriorProvider implements PriorProvider<TestPriorSpec> {
    @Override
    public String id() {
        return "test-prior";
    }

    @Override
    public Class<TestPriorSpec> specType() {
        return TestPriorSpec.class;
    }

    @Override
    public TestPriorSpec defaultSpec() {
        return new TestPriorSpec(null);
    }

    @Override
    public Prior create(TestPriorSpec spec, PluginContext context) {
        throw new UnsupportedOperationException("test-prior only exercises specs");
    }
}

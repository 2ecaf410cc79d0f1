package org.raven.eval.testplugins;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/** Test-only prior provider for spec tests. */
public final class TestPriorProvider extends BasePlugin<TestPriorSpec, Prior> implements PriorProvider<TestPriorSpec> {

    public TestPriorProvider() {
        super("test-prior", TestPriorSpec.class, new TestPriorSpec(null), "test only: a prior for spec checks");
    }

    /** A prior that only answers {@link Prior#paired()} (false): enough for spec checks. */
    @Override
    public Prior create(TestPriorSpec spec, PluginContext context) {
        return new Prior() {
            @Override
            public SDVariable pairKl(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable muNoisy,
                    SDVariable logVarNoisy) {
                throw new UnsupportedOperationException("test-prior only exercises specs");
            }

            @Override
            public SDVariable kl(SameDiff sd, SDVariable mu, SDVariable logVar) {
                throw new UnsupportedOperationException("test-prior only exercises specs");
            }

            @Override
            public boolean paired() {
                return false;
            }
        };
    }
}

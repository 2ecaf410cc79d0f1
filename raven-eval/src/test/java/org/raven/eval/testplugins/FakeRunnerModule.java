package org.raven.eval.testplugins;

import com.google.inject.AbstractModule;
import org.raven.eval.run.CellRunner;

/** Test-only Guice module, named with {@code -Draven.modules}, that binds {@link FakeCellRunner}. */
public final class FakeRunnerModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CellRunner.class).to(FakeCellRunner.class);
    }
}

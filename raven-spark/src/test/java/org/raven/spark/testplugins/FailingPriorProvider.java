package org.raven.spark.testplugins;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.core.prior.StandardNormalPriorProvider;
import org.raven.core.prior.StandardNormalPriorSpec;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;

/**
 * Test-only prior {@code spark-test-failing} whose {@code create} throws inside a Spark task (spec
 * checking on the driver also creates it, and must pass), so every cell of a model using it fails;
 * {@link #CALLS} counts the attempts (tasks run in this JVM in local mode).
 */
public final class FailingPriorProvider extends BasePlugin<FailingPriorSpec, Prior>
        implements PriorProvider<FailingPriorSpec> {

    /** Attempts so far; tests reset it. Test-only shared state: Spark local tasks are threads of this JVM. */
    public static final AtomicInteger CALLS = new AtomicInteger();

    public FailingPriorProvider() {
        super("spark-test-failing", FailingPriorSpec.class, new FailingPriorSpec(),
                "test only: fails inside a Spark task");
    }

    @Override
    public Prior create(FailingPriorSpec spec, PluginContext context) {
        if (TaskContext.get() == null) {
            return new StandardNormalPriorProvider().create(new StandardNormalPriorSpec(), context);
        }
        CALLS.incrementAndGet();
        throw new IllegalStateException("deliberate failure of spark-test-failing");
    }
}

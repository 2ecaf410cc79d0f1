package org.raven.spark.testplugins;

import java.util.concurrent.CountDownLatch;
import org.apache.spark.TaskContext;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;
import org.raven.core.prior.StandardNormalPriorProvider;
import org.raven.core.prior.StandardNormalPriorSpec;

/**
 * Test-only prior {@code spark-test-blocking}: inside a Spark task it signals {@link #STARTED} and then
 * blocks until the task is interrupted (the job cancelled) or 60 s pass; elsewhere it is the standard normal prior.
 */
public final class BlockingPriorProvider extends BasePlugin<BlockingPriorSpec, Prior>
        implements PriorProvider<BlockingPriorSpec> {

    /** Counted down when a task reaches the block; tests replace it. Test-only shared state (local mode). */
    public static volatile CountDownLatch STARTED = new CountDownLatch(1);

    public BlockingPriorProvider() {
        super("spark-test-blocking", BlockingPriorSpec.class, new BlockingPriorSpec(),
                "test only: blocks inside a Spark task until cancelled");
    }

    @Override
    public Prior create(BlockingPriorSpec spec, PluginContext context) {
        if (TaskContext.get() == null) {
            return new StandardNormalPriorProvider().create(new StandardNormalPriorSpec(), context);
        }
        STARTED.countDown();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("spark-test-blocking was not cancelled within 60 s");
    }
}

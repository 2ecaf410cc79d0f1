package org.raven.eval.testplugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.raven.eval.run.BudgetResult;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.CellTimings;
import org.raven.eval.run.EpochMetrics;

/**
 * Test-only runner: reads {@code {"hash", "cell": {"model", "seed"}}} from cell.json and returns a
 * result with accuracy 0.5 + seed / 10 (after {@code sleepMs}, if given) whose clean bound is this process's id, so tests can tell
 * where a cell ran. Counts its runs.
 */
public final class FakeCellRunner implements CellRunner {

    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    /** Cells computed by this instance. */
    public int runs() {
        return runs.get();
    }

    @Override
    public CellResult run(Path cellDir) {
        try {
            JsonNode cell = new ObjectMapper().readTree(cellDir.resolve("cell.json").toFile());
            if (cell.path("fail").asBoolean(false)) {
                throw new IllegalStateException("asked to fail");
            }
            runs.incrementAndGet();
            Thread.sleep(cell.path("sleepMs").asLong(0)); // long enough for a test to kill this process meanwhile
            long seed = cell.path("cell").path("seed").asLong();
            double acc = 0.5 + seed / 10.0;
            double pid = ProcessHandle.current().pid();
            return new CellResult("test-data", cell.path("cell").path("model").asText(), seed,
                    cell.path("hash").asText(), acc, pid, 0.01,
                    List.of(new BudgetResult(0.0, acc, 0.0, 0.01), new BudgetResult(0.1, acc / 2, 1.0, 0.02)),
                    List.of(new EpochMetrics(1, 10.0, -10.0, 0.1, 0.1)), null,
                    new CellTimings("2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 0.5, 0.5, false), "samediff", null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

}

package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.RavenModule;
import org.raven.eval.testplugins.FakeCellRunner;
import org.raven.eval.testplugins.FakeRunnerModule;

class LocalExecutorTest {

    private final CellStore store = new CellStore();

    private List<CellTask> cells(Path root, int n, int failing) throws Exception {
        List<CellTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path dir = Files.createDirectories(root.resolve("m-seed" + i));
            Files.writeString(dir.resolve(CellStore.CELL_FILE), "{\"hash\": \"h" + i + "\", \"cell\": {\"model\": \"m\", \"seed\": "
                    + i + "}" + (i == failing ? ", \"fail\": true" : "") + "}");
            tasks.add(new CellTask("m-seed" + i, dir));
        }
        return tasks;
    }

    @Test
    void inProcessRunsInOrderAndWritesResults(@TempDir Path root) throws Exception {
        List<CellTask> tasks = cells(root, 3, -1);
        GridProgress progress = new GridProgress(5, 2, System::nanoTime); // two cells were finished before
        List<CellResult> results = new LocalExecutor(1, new FakeCellRunner(), store).execute(tasks, progress);
        assertThat(progress.snapshot().done()).isEqualTo(5);
        assertThat(progress.snapshot().doneThisRun()).isEqualTo(3);
        assertThat(results).extracting(CellResult::seed).containsExactly(0L, 1L, 2L);
        assertThat(results).extracting(CellResult::cleanBound).containsOnly((double) ProcessHandle.current().pid());
        assertThat(store.finished(tasks.get(1).dir(), "h1")).contains(results.get(1));
        assertThat(store.finished(tasks.get(1).dir(), "other")).isEmpty();
    }

    @Test
    void aFailedCellIsReportedAfterTheOthersFinish(@TempDir Path root) throws Exception {
        List<CellTask> tasks = cells(root, 3, 1);
        GridProgress progress = GridProgress.of(3);
        assertThatThrownBy(() -> new LocalExecutor(1, new FakeCellRunner(), store).execute(tasks, progress))
                .isInstanceOf(CellFailedException.class)
                .hasMessage("1 cell(s) failed: m-seed1: asked to fail");
        assertThat(progress.snapshot().done()).as("a failed cell is counted as processed").isEqualTo(3);
        assertThat(store.finished(tasks.get(2).dir(), "h2")).isPresent();
        assertThat(tasks.get(1).dir().resolve(CellStore.RESULT_FILE)).doesNotExist();
    }

    @Test
    void workerProcessesComputeTheSameResultsElsewhere(@TempDir Path root) throws Exception {
        String previous = System.getProperty(RavenModule.EXTENSIONS_PROPERTY);
        System.setProperty(RavenModule.EXTENSIONS_PROPERTY, FakeRunnerModule.class.getName());
        try {
            List<CellTask> tasks = cells(root, 3, -1);
            GridProgress progress = GridProgress.of(3);
            List<CellResult> results = new LocalExecutor(2, new FakeCellRunner(), store).execute(tasks, progress);
            assertThat(progress.snapshot().done()).isEqualTo(3);
            assertThat(results).extracting(CellResult::seed).containsExactly(0L, 1L, 2L);
            assertThat(results).extracting(CellResult::cleanAccuracy).containsExactly(0.5, 0.6, 0.7);
            // Each cell ran in its own process, none in this one.
            assertThat(results).extracting(CellResult::cleanBound).doesNotHaveDuplicates()
                    .doesNotContain((double) ProcessHandle.current().pid());
            assertThat(Files.readString(tasks.get(0).dir().resolve("worker.log"))).startsWith("==== worker ");
            new LocalExecutor(2, new FakeCellRunner(), store).execute(tasks, GridProgress.of(3));
            assertThat(Files.readString(tasks.get(0).dir().resolve("worker.log")).lines()
                    .filter(l -> l.startsWith("==== worker "))).as("appended, one separator per attempt").hasSize(2);
        } finally {
            if (previous == null) {
                System.clearProperty(RavenModule.EXTENSIONS_PROPERTY);
            } else {
                System.setProperty(RavenModule.EXTENSIONS_PROPERTY, previous);
            }
        }
    }

    @Test
    void workerOutputKeepsMilestonesWarningsAndTracesButNotEpochChatter() {
        assertThat(LocalExecutor.shownFromWorker("03:12:07 INFO  Trainer - epoch 1/20 (VAE): bound -255.9")).isFalse();
        assertThat(LocalExecutor.shownFromWorker("03:12:01 INFO  IdxDatasetLoader - loaded mnist")).isFalse();
        assertThat(LocalExecutor.shownFromWorker("03:13:00 INFO  VaeCellRunner - vae-seed1: clean accuracy 0.82")).isTrue();
        assertThat(LocalExecutor.shownFromWorker("03:13:00 WARN  IdxDatasetLoader - mnist: nothing complete")).isTrue();
        assertThat(LocalExecutor.shownFromWorker("03:13:00 ERROR CellWorker - failed")).isTrue();
        assertThat(LocalExecutor.shownFromWorker("java.lang.IllegalStateException: boom")).isTrue();
        assertThat(LocalExecutor.shownFromWorker("\tat org.raven.eval.run.CellWorker.main(CellWorker.java:25)")).isTrue();
        assertThat(LocalExecutor.shownFromWorker("WARNING: Using incubator modules: jdk.incubator.vector")).isFalse();
    }
}

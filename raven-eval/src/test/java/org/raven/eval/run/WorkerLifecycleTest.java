package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers die with their parent, and a cell is computed by one process at a time. */
class WorkerLifecycleTest {

    @Test
    void aCellLockedHereIsRefusedWithTheOwnerAndFreedOnClose(@TempDir Path dir) {
        try (CellLock held = CellLock.acquire(dir)) {
            assertThatThrownBy(() -> CellLock.acquire(dir))
                    .isInstanceOf(CellLock.CellLockedException.class)
                    .hasMessage(dir + ": this cell is being computed by this process (cell.lock is locked); wait for that"
                            + " run to finish or stop it, then --resume");
        }
        CellLock.acquire(dir).close();
    }

    @Test
    void killingTheParentWithSigkillStopsItsWorkersAndFreesTheirCells(@TempDir Path root) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), OrphanTestParent.class.getName()));
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectories(root.resolve("m-seed" + i));
            Files.writeString(dir.resolve(CellStore.CELL_FILE),
                    "{\"hash\": \"h" + i + "\", \"sleepMs\": 600000, \"cell\": {\"model\": \"m\", \"seed\": " + i + "}}");
            dirs.add(dir);
            command.add(dir.toString());
        }
        Process parent = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("parent.log").toFile()).start();
        try {
            List<ProcessHandle> workers = new ArrayList<>();
            for (Path dir : dirs) {
                workers.add(ProcessHandle.of(awaitLockOwner(dir, parent)).orElseThrow());
            }
            assertThat(workers).allSatisfy(w -> assertThat(w.parent().map(ProcessHandle::pid)).contains(parent.pid()));
            assertThatThrownBy(() -> CellLock.acquire(dirs.get(0)))
                    .hasMessageContaining("being computed by process " + workers.get(0).pid() + " (alive)");

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
            parent.waitFor();
            for (ProcessHandle worker : workers) {
                worker.onExit().get(60, TimeUnit.SECONDS); // fails with a TimeoutException if it lives on
            }
            for (Path dir : dirs) {
                CellLock.acquire(dir).close();
                assertThat(dir.resolve(CellStore.RESULT_FILE)).doesNotExist();
                assertThat(Files.readString(dir.resolve(LocalExecutor.WORKER_LOG))).startsWith("==== worker ");
            }
        } finally {
            parent.destroyForcibly();
        }
    }

    /** The pid a worker wrote into {@code dir}'s lock file once it holds the lock. */
    private static long awaitLockOwner(Path dir, Process parent) throws Exception {
        Path file = dir.resolve(CellLock.FILE);
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            assertThat(parent.isAlive()).as("parent alive while waiting for its workers").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("no worker locked " + dir);
    }
}

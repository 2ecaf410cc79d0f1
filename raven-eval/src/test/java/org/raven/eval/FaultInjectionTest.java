package org.raven.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.cli.RavenCli;

/**
 * kill -9 at 20 seeded random moments of {@code raven run} (start-up, training, evaluation, t-SNE, writing), each
 * followed by {@code --resume} in the same folder; every fifth with {@code --workers 2}, killing the parent only,
 * whose workers must then exit by themselves. The results must equal an uninterrupted run's byte for byte.
 */
class FaultInjectionTest {

    /** EndToEndTest's tiny spec with three epochs, so that kills land in training as well. */
    static final String SPEC = EndToEndTest.SPEC.replace("\"tiny\"", "\"faults\"").replace("\"epochs\": 1", "\"epochs\": 3")
            .replace("\"tsnePoints\": 50", "\"tsnePoints\": 20");

    static final int KILLS = 20;

    @Test
    void twentyKillsThenResumeGiveTheUninterruptedResults(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("faults.json"), SPEC);
        Path reference = dir.resolve("reference");
        Path logs = Files.createDirectories(Path.of("target", "fault-injection")); // kept for a failure's diagnosis
        // The uninterrupted run, timed the way the kills are (from its line about the cells to its exit): kill moments
        // scale with it, so they land inside runs on a fast idle machine as on a loaded one.
        Process uninterrupted = start(spec, reference, false, logs.resolve("reference.log"));
        awaitCells(uninterrupted, logs.resolve("reference.log"));
        long runMillis = System.nanoTime();
        assertThat(uninterrupted.waitFor()).as(Files.readString(logs.resolve("reference.log"))).isZero();
        runMillis = Math.max(200, (System.nanoTime() - runMillis) / 1_000_000);

        Path chain = dir.resolve("chain");
        SplittableRandom random = new SplittableRandom(14);
        int killedWithWorkers = 0;
        int killedWithCells = 0;
        for (int i = 0; i < KILLS; i++) {
            boolean workers = i % 5 == 4;
            Path log = logs.resolve("kill-" + i + ".log");
            Process raven = start(spec, chain, workers, log);
            awaitCells(raven, log);
            // An eighth of an uninterrupted run at most: the chain advances a little per attempt, so most kills find
            // cells under way and the last attempts see the folder finish.
            if (raven.waitFor(random.nextLong(runMillis / 8 + 1), TimeUnit.MILLISECONDS)) {
                continue; // finished before the kill: the next one lands on a finished folder's report
            }
            List<ProcessHandle> children = raven.descendants().toList();
            killedWithCells += Files.isDirectory(chain.resolve("cells")) ? 1 : 0;
            raven.destroyForcibly(); // SIGKILL to the parent only
            raven.waitFor();
            if (workers) {
                killedWithWorkers += children.isEmpty() ? 0 : 1;
                for (ProcessHandle child : children) {
                    child.onExit().get(60, TimeUnit.SECONDS); // a worker that outlives its parent fails here
                }
            }
        }
        Process last = start(spec, chain, false, logs.resolve("final.log"));
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).as(Files.readString(logs.resolve("final.log"))).isZero();
        assertThat(killedWithCells).as("kills that hit a run with cells under way").isGreaterThanOrEqualTo(KILLS / 2);
        assertThat(killedWithWorkers).as("kills of a parent with live workers").isGreaterThan(0);

        assertThat(chain.resolve("results.csv")).isRegularFile();
        assertThat(Files.readAllBytes(chain.resolve("results.csv"))).isEqualTo(Files.readAllBytes(reference.resolve("results.csv")));
        ObjectMapper json = new ObjectMapper();
        for (String cell : List.of("vae-seed1", "raven-seed1", "vae-seed2", "raven-seed2")) {
            JsonNode expected = values(json.readTree(reference.resolve("cells").resolve(cell).resolve("result.json").toFile()));
            JsonNode actual = values(json.readTree(chain.resolve("cells").resolve(cell).resolve("result.json").toFile()));
            assertThat(actual).as(cell).isEqualTo(expected);
        }
        try (Stream<Path> files = Files.walk(chain)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file survives a resume")
                    .noneMatch(n -> n.startsWith(".") && n.endsWith(".tmp"));
        }
    }

    /** A cell's result without what legitimately differs between runs: wall times (of the cell, of each epoch) and provenance. */
    private static JsonNode values(JsonNode result) {
        ObjectNode copy = result.deepCopy();
        copy.remove("timings");
        copy.remove("provenance");
        copy.path("training").forEach(epoch -> ((ObjectNode) epoch).remove("seconds"));
        return copy;
    }

    /** Waits for the run's line about its cells (start-up: JVM, plugins, data is not worth killing in). */
    private static void awaitCells(Process raven, Path log) throws Exception {
        while (raven.isAlive() && !Files.readString(log).contains("; output in ")) {
            Thread.sleep(20);
        }
    }

    private static Process start(Path spec, Path out, boolean workers, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), RavenCli.class.getName(),
                "run", spec.toString(), "--out", out.toString(), "--resume"));
        if (workers) {
            command.addAll(List.of("--workers", "2"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}

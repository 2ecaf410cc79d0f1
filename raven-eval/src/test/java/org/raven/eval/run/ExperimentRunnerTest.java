package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.eval.Plugins;
import org.raven.eval.report.Results;
import org.raven.eval.report.RunReport;
import org.raven.eval.report.Summary;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.SpecException;
import org.raven.eval.spec.SpecMapper;
import org.raven.eval.testplugins.FakeCellRunner;
import org.raven.eval.testplugins.TestPlugins;

/** Planning, hashing and resume, with a fake cell runner that counts its runs. */
class ExperimentRunnerTest {

    private final Plugins plugins = TestPlugins.real(Set.of("test-data"));
    private final ObjectMapper mapper = SpecMapper.create(plugins);
    private final ExperimentSpecs specs = new ExperimentSpecs(mapper, plugins, new PluginContext(Path.of("/nonexistent"), true));
    private final CellStore store = new CellStore();
    private final FakeCellRunner fake = new FakeCellRunner();
    private final ExperimentRunner runner = new ExperimentRunner(mapper, plugins, store,
            workers -> new LocalExecutor(workers, fake, store), new RunReport(store),
            new DatasetCache(plugins, new PluginContext(Path.of("/nonexistent"), true)));

    private ExperimentSpec spec(String budgets) {
        return specs.parse("t.json", """
                {"name": "t", "dataset": {"type": "test-data"}, "seeds": [1, 2],
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}}],
                 "evaluation": {"budgets": %s, "tsnePoints": 0}}
                """.formatted(budgets));
    }

    @Test
    void plansSeedMajorCellsWithResolvedSettings() {
        List<CellSpec> cells = runner.plan(spec("[0, 0.1]"));
        assertThat(cells).extracting(CellSpec::key).containsExactly("vae-seed1", "raven-seed1", "vae-seed2", "raven-seed2");
        assertThat(cells.get(0).evaluation().classifier().hidden()).isEqualTo(4); // 2 x latentDim on every dataset
        assertThat(cells.get(0).evaluation().classifier().hiddenPerLatent()).isNull(); // resolved into hidden
        assertThat(cells.get(0).tsneNoise()).isEqualTo(cells.get(1).noise()); // vae borrows raven's noise
        assertThat(cells).extracting(CellSpec::embed).containsExactly(true, true, false, false);
        assertThat(CellSpec.hash(mapper, cells.get(0))).isEqualTo(CellSpec.hash(mapper, runner.plan(spec("[0, 0.1]")).get(0)))
                .isNotEqualTo(CellSpec.hash(mapper, cells.get(2)))
                .isNotEqualTo(CellSpec.hash(mapper, runner.plan(spec("[0, 0.2]")).get(0)));
        // The training key ignores evaluation settings, so a checkpoint survives a budget change.
        assertThat(CellSpec.hash(mapper, cells.get(0).trainingKey()))
                .isEqualTo(CellSpec.hash(mapper, runner.plan(spec("[0, 0.2]")).get(0).trainingKey()));
    }

    @Test
    void aModelsOwnTestPointsChangeOnlyItsCellsAndLeaveItOutOfThePairing(@TempDir Path root) {
        ExperimentSpec own = specs.parse("t.json", """
                {"name": "t", "dataset": {"type": "test-data"}, "seeds": [1, 2],
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}, "testPoints": 3}],
                 "evaluation": {"budgets": [0, 0.1], "tsnePoints": 0}}
                """);
        List<CellSpec> cells = runner.plan(own);
        List<CellSpec> plain = runner.plan(spec("[0, 0.1]"));
        assertThat(cells).extracting(c -> c.evaluation().testPoints()).containsExactly(1000, 3, 1000, 3);
        assertThat(cells.get(1).evaluation()).isEqualTo(plain.get(1).evaluation().withTestPoints(3));
        // vae's cells are the same cells as without the override (a finished run's vae cells are kept) ...
        assertThat(CellSpec.hash(mapper, cells.get(0))).isEqualTo(CellSpec.hash(mapper, plain.get(0)));
        assertThat(CellSpec.hash(mapper, cells.get(1))).isNotEqualTo(CellSpec.hash(mapper, plain.get(1)));
        // ... and raven keeps its checkpoints: the training key ignores evaluation settings
        assertThat(CellSpec.hash(mapper, cells.get(1).trainingKey()))
                .isEqualTo(CellSpec.hash(mapper, plain.get(1).trainingKey()));

        Results results = runner.run(own, root.resolve("run"), false, null);
        assertThat(results.summary()).extracting(Summary.BudgetSummary::model).contains("vae", "raven");
        assertThat(results.paired()).as("raven was scored on other test points than vae: no seed-by-seed difference")
                .isEmpty();
        assertThat(runner.run(spec("[0, 0.1]"), root.resolve("plain"), false, null).paired())
                .extracting(Summary.PairedDifference::model).containsOnly("raven");
    }

    @Test
    void aFailedResumeWithAChangedSpecLeavesTheFoldersSpecAndResultsAsTheyWere(@TempDir Path root) throws Exception {
        Path out = root.resolve("run");
        runner.run(spec("[0, 0.1]"), out, false, null);
        byte[] resolved = Files.readAllBytes(out.resolve("spec.resolved.json"));
        byte[] results = Files.readAllBytes(out.resolve("results.json"));
        Files.writeString(out.resolve(".results.json.k1ll3d.tmp"), "{\"torn"); // what a killed write leaves
        CellExecutor.Factory failing = workers -> cells -> {
            throw new CellFailedException(List.of(cells.get(0).key() + ": boom"), null);
        };
        assertThatThrownBy(() -> runner.run(spec("[0, 0.2]"), out, true, null, failing))
                .isInstanceOf(CellFailedException.class);
        assertThat(out.resolve("spec.resolved.json")).as("still the spec of results.json").hasBinaryContent(resolved);
        assertThat(out.resolve("results.json")).hasBinaryContent(results);
        assertThat(out.resolve(".results.json.k1ll3d.tmp")).as("removed under the run's lock").doesNotExist();

        runner.run(spec("[0, 0.2]"), out, true, null); // the resume that finishes writes both
        assertThat(specs.read(out.resolve("spec.resolved.json"))).isEqualTo(spec("[0, 0.2]"));
    }

    @Test
    void finishedCellsAreNeverRecomputedAndResumeContinues(@TempDir Path root) throws Exception {
        Path out = root.resolve("run");
        Results first = runner.run(spec("[0, 0.1]"), out, false, null);
        assertThat(fake.runs()).isEqualTo(4);
        assertThat(first.cells()).extracting(CellResult::key)
                .containsExactly("vae-seed1", "vae-seed2", "raven-seed1", "raven-seed2");
        assertThat(out.resolve("spec.resolved.json")).exists();
        assertThat(specs.read(out.resolve("spec.resolved.json"))).isEqualTo(spec("[0, 0.1]"));

        assertThatThrownBy(() -> runner.run(spec("[0, 0.1]"), out, false, null)).isInstanceOf(SpecException.class)
                .hasMessage(out + ": output folder is not empty; pass --resume to continue the run in it, or choose another --out");

        runner.run(spec("[0, 0.1]"), out, true, null);
        assertThat(fake.runs()).isEqualTo(4); // all four finished: nothing recomputed

        Files.delete(out.resolve("cells/raven-seed2/result.json")); // as if killed before it finished
        Results resumed = runner.run(spec("[0, 0.1]"), out, true, null);
        assertThat(fake.runs()).isEqualTo(5);
        assertThat(resumed.cells()).isEqualTo(first.cells());

        runner.run(spec("[0, 0.2]"), out, true, null); // another budget: every cell's hash changes
        assertThat(fake.runs()).isEqualTo(9);
    }

    @Test
    void twoRunsCannotShareAFolder(@TempDir Path root) throws Exception {
        Path out = java.nio.file.Files.createDirectories(root.resolve("run"));
        try (var channel = java.nio.channels.FileChannel.open(out.resolve(ExperimentRunner.LOCK),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var held = channel.lock()) {
            assertThatThrownBy(() -> runner.run(spec("[0]"), out, true, null)).isInstanceOf(SpecException.class)
                    .hasMessage(out + ": another raven run is using this folder");
        }
        assertThat(fake.runs()).isZero();
        runner.run(spec("[0]"), out, true, null);
        assertThat(fake.runs()).isEqualTo(4);
    }

    @Test
    void resultsJsonAndCsvHoldEverySeedAndTheSummary(@TempDir Path root) throws Exception {
        Path out = root.resolve("run");
        runner.run(spec("[0, 0.1]"), out, false, null);
        Results results = new RunReport(store).read(out);
        assertThat(results.name()).isEqualTo("t");
        assertThat(results.spec().path("evaluation").path("budgets").toString()).isEqualTo("[0.0,0.1]");
        assertThat(results.provenance().jvm()).contains("17");
        assertThat(results.summary()).hasSize(4);
        // accuracy 0.5 + seed / 10 at budget 0 (seeds 1, 2): mean 0.65, sample std 0.0707...
        assertThat(results.summary().get(0).accuracy().mean()).isEqualTo(0.65, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(results.summary().get(0).accuracy().std()).isEqualTo(Math.sqrt(0.005), org.assertj.core.api.Assertions.within(1e-12));
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(1 + 2 * 2 * 2);
        assertThat(csv.get(1)).startsWith("test-data,vae,1,0.0,0.6,");
        assertThat(csv.get(8)).startsWith("test-data,raven,2,0.1,0.35,");
        assertThat(out.resolve("robustness.png")).exists();
        assertThat(out.resolve("training-raven.png")).exists();
        assertThat(out.resolve("tsne.png")).doesNotExist(); // tsnePoints 0
    }

    /** Every file under {@code dir} with its SHA-256, to show that nothing changed. */
    private static java.util.Map<String, String> snapshot(Path dir) throws Exception {
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    @Test
    void resumeIntoAnotherExperimentsFolderIsRefusedAndNothingChanges(@TempDir Path root) throws Exception {
        Path out = root.resolve("run");
        runner.run(spec("[0, 0.1]"), out, false, null);
        Path checkpoint = Files.createDirectories(out.resolve("cells/vae-seed1/checkpoints")).resolve("epoch-0001.ckpt");
        Files.write(checkpoint, new byte[] {1, 2, 3});
        java.util.Map<String, String> before = snapshot(out);

        ExperimentSpec other = specs.parse("u.json", """
                {"name": "u", "dataset": {"type": "test-data"}, "seeds": [1, 3],
                 "architecture": {"type": "mlp", "hidden": [16], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}}],
                 "evaluation": {"budgets": [0, 0.1], "tsnePoints": 0}}
                """);
        assertThatThrownBy(() -> runner.run(other, out, true, null)).isInstanceOf(SpecException.class)
                .hasMessage(out + ": holds another experiment ('t'); this spec ('u') differs in name (\"t\" in the folder,"
                        + " \"u\" here); seeds[1] (2 in the folder, 3 here); architecture.hidden[0] (8 in the folder, 16 here)."
                        + " Nothing was changed: resume it with its own spec (spec.resolved.json) or choose another --out");
        // the same experiment with other training settings is another experiment too: its cells would be retrained
        ExperimentSpec longer = specs.parse("t.json", """
                {"name": "t", "dataset": {"type": "test-data"}, "seeds": [1, 2],
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "raven", "prior": {"type": "additive", "tau": 0.7}, "noise": {"type": "gaussian"}}],
                 "training": {"epochs": 3},
                 "evaluation": {"budgets": [0, 0.1], "tsnePoints": 0}}
                """);
        assertThatThrownBy(() -> runner.run(longer, out, true, null)).isInstanceOf(SpecException.class)
                .hasMessageStartingWith(out + ": holds another experiment ('t'); this spec ('t') differs in models[1].prior.tau"
                        + " (0.5 in the folder, 0.7 here); training.epochs (");
        assertThat(snapshot(out)).isEqualTo(before);
        assertThat(fake.runs()).isEqualTo(4);

        // evaluation settings of the same experiment may change: only the evaluation is recomputed
        runner.run(spec("[0, 0.2]"), out, true, null);
        assertThat(fake.runs()).isEqualTo(8);
        assertThat(checkpoint).exists();

        Path foreign = Files.createDirectories(root.resolve("photos"));
        Files.writeString(foreign.resolve("holiday.txt"), "sun");
        assertThatThrownBy(() -> runner.run(spec("[0]"), foreign, true, null)).isInstanceOf(SpecException.class)
                .hasMessage(foreign + ": not a raven run folder (no spec.resolved.json); --resume continues only a folder"
                        + " written by raven run; nothing was changed, choose another --out");
        assertThat(snapshot(foreign)).containsOnlyKeys("holiday.txt");
    }
}

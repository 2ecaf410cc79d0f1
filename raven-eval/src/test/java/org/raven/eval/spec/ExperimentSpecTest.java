package org.raven.eval.spec;

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
import org.raven.attacks.LatentSklPgdSpec;
import org.raven.core.LikelihoodSpec;
import org.raven.core.TrainingSpec;
import org.raven.core.arch.MlpSpec;
import org.raven.core.noise.GaussianNoiseSpec;
import org.raven.core.prior.AdditivePriorSpec;
import org.raven.eval.Plugins;
import org.raven.eval.testplugins.TestDatasetSpec;
import org.raven.eval.testplugins.TestPlugins;

/** Experiment specs with the real plugins of raven-core and raven-attacks (and a test dataset). */
class ExperimentSpecTest {

    static final String ATTACKS = "apgd, ensemble, fgsm, latent-skl-pgd, latent-targeted, output, random-noise";

    private final Plugins plugins = TestPlugins.real(Set.of("test-data"));
    private final ObjectMapper mapper = SpecMapper.create(plugins);
    private final ExperimentSpecs specs = new ExperimentSpecs(mapper, plugins, new PluginContext(Path.of("/nonexistent"), true));

    static final String MINIMAL = """
            {"name": "minimal", "dataset": {"type": "test-data"},
             "models": [{"name": "vae", "prior": {"type": "standard-normal"}}]}
            """;

    private List<String> problems(String json) {
        try {
            specs.parse("fig2.json", json);
        } catch (SpecException e) {
            return e.problems();
        }
        throw new AssertionError("no problems in " + json);
    }

    @Test
    void everyDefaultIsFilledInOnePlace() {
        ExperimentSpec spec = specs.parse("minimal.json", MINIMAL);
        assertThat(spec.seeds()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(spec.architecture()).isEqualTo(new MlpSpec(List.of(512, 512), 16));
        assertThat(spec.likelihood()).isEqualTo(LikelihoodSpec.bernoulli());
        assertThat(spec.beta()).isEqualTo(1.0);
        assertThat(spec.training()).isEqualTo(TrainingSpec.defaults());
        assertThat(spec.dataset()).isEqualTo(new TestDatasetSpec(64));
        EvaluationSpec e = spec.evaluation();
        assertThat(e.attack()).isEqualTo(LatentSklPgdSpec.defaults());
        assertThat(e.budgets()).containsExactly(0.0, 0.05, 0.1, 0.15, 0.2);
        assertThat(e.testPoints()).isEqualTo(1000);
        assertThat(e.tsnePoints()).isEqualTo(1000);
        assertThat(e.tsnePerplexity()).isEqualTo(30.0);
        assertThat(e.classifier()).isEqualTo(new ClassifierSpec(null, 2, 10, 1e-3, 128));
        assertThat(e.classifier().hiddenFor(16)).isEqualTo(32);
        assertThat(new ClassifierSpec(null, 4, null, null, null).hiddenFor(16)).isEqualTo(64);
        assertThat(new ClassifierSpec(50, null, null, null, null).hiddenFor(16)).isEqualTo(50);
        assertThat(new ClassifierSpec(50, null, null, null, null).hiddenPerLatent()).isNull();
        assertThat(new ClassifierSpec(null, 4, null, null, null).resolvedFor(16)).isEqualTo(new ClassifierSpec(64, null, 10, 1e-3, 128));
        assertThat(new ClassifierSpec(50, 4, null, null, null).validate()).extracting(Object::toString)
                .containsExactly("hidden - give hidden or hiddenPerLatent, not both (hidden 50, hiddenPerLatent 4)");
        assertThat(spec.executor().workers()).isEqualTo(1);
        assertThat(spec.models().get(0).noise()).isNull();
        assertThat(spec.trainingOf(spec.models().get(0))).isSameAs(spec.training());
    }

    @Test
    void specAndResolvedFormRoundTrip() throws Exception {
        String json = """
                {"name": "rt", "dataset": {"type": "test-data", "size": 10}, "seeds": [3, 1],
                 "architecture": {"type": "mlp", "hidden": [32], "latentDim": 4},
                 "likelihood": {"type": "gaussian", "variance": 0.5},
                 "models": [{"name": "raven", "prior": {"type": "additive", "tau": 0.5},
                             "noise": {"type": "gaussian", "sigma": 0.3}, "training": {"epochs": 2}}],
                 "training": {"epochs": 1, "batchSize": 16},
                 "evaluation": {"attack": {"type": "fgsm"}, "budgets": [0, 0.1], "testPoints": 20,
                                "classifier": {"hidden": 8}, "tsnePoints": 0},
                 "executor": {"workers": 2}}
                """;
        ExperimentSpec spec = specs.parse("rt.json", json);
        String resolved = specs.toJson(spec);
        ExperimentSpec again = specs.parse("resolved.json", resolved);
        assertThat(again).isEqualTo(spec);
        assertThat(specs.toJson(again)).isEqualTo(resolved);
        assertThat(specs.toJson(specs.parse("minimal.json", specs.toJson(specs.parse("m.json", MINIMAL)))))
                .isEqualTo(specs.toJson(specs.parse("m.json", MINIMAL)));
        assertThat(resolved).contains("\"type\" : \"fgsm\"", "\"type\" : \"mlp\"", "\"latentDim\" : 4",
                "\"type\" : \"additive\"");
    }

    @Test
    void modelTrainingOverridesMergeOverTheExperimentTraining() {
        ExperimentSpec spec = specs.parse("o.json", """
                {"name": "o", "dataset": {"type": "test-data"},
                 "models": [{"name": "a", "prior": {"type": "standard-normal"}, "training": {"epochs": 7}},
                            {"name": "b", "prior": {"type": "standard-normal"}}],
                 "training": {"epochs": 5, "batchSize": 32}}
                """);
        assertThat(spec.trainingOf(spec.models().get(0)).epochs()).isEqualTo(7);
        assertThat(spec.trainingOf(spec.models().get(0)).batchSize()).isEqualTo(32);
        assertThat(spec.trainingOf(spec.models().get(1)).epochs()).isEqualTo(5);
    }

    @Test
    void aProblemOfTheSharedTrainingIsReportedOnceWhereItWasWritten() {
        assertThat(problems("""
                {"name": "o", "dataset": {"type": "test-data"},
                 "models": [{"name": "a", "prior": {"type": "standard-normal"}, "training": {"batchSize": 0}}],
                 "training": {"epochs": 0}}
                """)).containsExactly(
                "fig2.json: $.models[0].training.batchSize - must be > 0 (was 0)",
                "fig2.json: $.training.epochs - must be > 0 (was 0)");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPath() {
        assertThat(problems("""
                {"name": "fig2", "dataset": {"type": "test-data"},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "noisy-vae", "prior": {"type": "standard-normal"}, "noise": {"type": "gaussian", "sigma": 0.3}},
                            {"name": "raven", "prior": {"type": "additive", "tau": 0}, "noise": {"type": "gaussian", "sigma": 0.3}}],
                 "training": {"epoch": 5},
                 "evaluation": {"attack": {"type": "pgd-lnf"}, "budgets": [0.1, 0.05, -0.2]}}
                """)).containsExactly(
                "fig2.json: $.training.epoch - unknown key 'epoch'; expected one of: batchSize, checkpointEvery,"
                        + " commonRandomNumbers, dropLast, engine, epochs, gamma, learningRate, logEvery, schedule, stepEvery, validationFraction",
                "fig2.json: $.evaluation.attack.type - unknown attack 'pgd-lnf'; available: " + ATTACKS,
                "fig2.json: $.models[2].prior.tau - must be > 0 (was 0.0)",
                "fig2.json: $.evaluation.budgets[2] - must be >= 0 (was -0.2)",
                "fig2.json: $.evaluation.budgets - must be in ascending order without repeats (was [0.1, 0.05, -0.2])");
    }

    @Test
    void unknownKeysInsidePluginSpecsAndOutOfRangePluginValues() {
        assertThat(problems("""
                {"name": "p", "dataset": {"type": "test-data"},
                 "architecture": {"type": "mlp", "latent": 4, "hidden": [0]},
                 "models": [{"name": "raven", "prior": {"type": "additive", "tau": -1}, "noise": {"type": "gaussian", "sigmaa": 1}}]}
                """)).containsExactly(
                "fig2.json: $.architecture.latent - unknown key 'latent'; expected one of: hidden, init, latentDim, type",
                "fig2.json: $.models[0].noise.sigmaa - unknown key 'sigmaa'; expected one of: sigma, type",
                "fig2.json: $.architecture.hidden[0] - must be > 0 (was 0)",
                "fig2.json: $.models[0].prior.tau - must be > 0 (was -1.0)");
    }

    @Test
    void structuralErrors() {
        assertThat(problems("""
                {"dataset": {"type": "test-data"}, "seeds": [], "beta": 0,
                 "models": [{"name": "a", "prior": {"type": "standard-normal"}, "testPoints": 0}, {"name": "a"}, {"name": "b c", "prior": {"type": "standard-normal"}}],
                 "evaluation": {"testPoints": 0, "tsnePoints": 2}, "executor": {"workers": 0}}
                """)).containsExactly(
                "fig2.json: $.name - required",
                "fig2.json: $.seeds - must not be empty",
                "fig2.json: $.beta - must be > 0 (was 0.0)",
                "fig2.json: $.models[0].testPoints - must be > 0 (was 0)",
                "fig2.json: $.models[1].name - duplicate model name 'a' (also models[0])",
                "fig2.json: $.models[1].prior - required",
                "fig2.json: $.models[2].name - must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"
                        + " (it names a folder) (was 'b c')",
                "fig2.json: $.evaluation.testPoints - must be > 0 (was 0)",
                "fig2.json: $.evaluation.tsnePoints - must be 0 (off) or >= 4 (was 2)",
                "fig2.json: $.executor.workers - must be >= 1 (was 0)");
        assertThat(problems("{\"name\": \"x\", \"seeds\": [1, 1]}")).containsExactly(
                "fig2.json: $.dataset - required",
                "fig2.json: $.seeds[1] - duplicate seed 1 (also seeds[0])",
                "fig2.json: $.models - required");
    }

    @Test
    void everyProblemAtOnceAcrossStages() {
        // Unknown keys, wrong JSON types (also inside lists), ranges and the plugin checks, in one report.
        assertThat(problems("""
                {"name": "a", "dataset": {"type": "test-data"}, "extra": 1, "beta": "x",
                 "models": [{"name": "v", "prior": {"type": "standard-normal"}},
                            {"name": "w", "prior": {"type": "additive", "tau": 0}, "noise": {"type": "gaussian"}},
                            {"name": "r", "prior": {"type": "additive"}}],
                 "evaluation": {"budgets": [0, "a", 0.1], "testPoints": 0}}
                """)).containsExactly(
                "fig2.json: $.extra - unknown key 'extra'; expected one of: architecture, beta, dataset, evaluation,"
                        + " executor, likelihood, models, name, seeds, training",
                "fig2.json: $.beta - expected a number (was \"x\")",
                "fig2.json: $.evaluation.budgets[1] - expected a number (was \"a\")",
                "fig2.json: $.models[1].prior.tau - must be > 0 (was 0.0)",
                "fig2.json: $.evaluation.testPoints - must be > 0 (was 0)",
                "fig2.json: $.models[2].noise - required with the paired prior 'additive'");
    }

    @Test
    void wrongTypesInsideListsNameTheElement() {
        assertThat(problems("""
                {"name": "a", "dataset": {"type": "test-data"}, "seeds": [1, 99999999999999999999, null, 2.5],
                 "models": [{"name": "v", "prior": {"type": "standard-normal"}}, 7],
                 "evaluation": {"budgets": [0, true, null, {}, [0.1], "0.2"]}}
                """)).containsExactly(
                "fig2.json: $.seeds[1] - expected an integer from -9223372036854775808 to 9223372036854775807"
                        + " (was 99999999999999999999)",
                "fig2.json: $.seeds[3] - expected an integer (was 2.5)",
                "fig2.json: $.models[1] - expected an object (was 7)",
                "fig2.json: $.evaluation.budgets[1] - expected a number (was true)",
                "fig2.json: $.evaluation.budgets[3] - expected a number (was an object)",
                "fig2.json: $.evaluation.budgets[4] - expected a number (was an array)",
                "fig2.json: $.evaluation.budgets[5] - expected a number (was \"0.2\")",
                "fig2.json: $.seeds[2] - expected an integer (was null)",
                "fig2.json: $.evaluation.budgets[2] - expected a number (was null)");
    }

    @Test
    void pairedPriorNeedsNoise() {
        assertThat(problems("""
                {"name": "x", "dataset": {"type": "test-data"},
                 "models": [{"name": "raven", "prior": {"type": "additive"}}]}
                """)).containsExactly("fig2.json: $.models[0].noise - required with the paired prior 'additive'");
    }

    @Test
    void malformedJsonAndMissingFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("fig2.json"), "{\n  \"name\": \"fig2\",\n  \"seeds\": [1, 2,]\n}\n");
        assertThatThrownBy(() -> specs.read(bad)).isInstanceOf(SpecException.class).hasMessage(bad
                + ": line 3, column 18 - Unexpected character (']' (code 93)): expected a valid value"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> specs.read(missing)).isInstanceOf(SpecException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void wrongJsonTypes() {
        assertThat(problems("""
                {"name": "x", "dataset": {"type": "test-data"}, "seeds": [1, "two"], "beta": "high",
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}, "noise": "gaussian"}],
                 "training": {"epochs": 2.5}}
                """)).containsExactly(
                "fig2.json: $.models[0].noise - expected an object (was \"gaussian\")",
                "fig2.json: $.seeds[1] - expected an integer (was \"two\")",
                "fig2.json: $.beta - expected a number (was \"high\")",
                "fig2.json: $.training.epochs - expected an integer (was 2.5)");
    }

    /** The shipped examples stay valid as the plugins evolve. */
    @Test
    void everyExampleSpecValidates() throws Exception {
        List<Path> examples;
        try (var files = Files.list(Path.of("..", "examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).extracting(f -> f.getFileName().toString()).contains("quickstart.json", "fig2-mnist.json");
        for (Path example : examples) {
            ExperimentSpec spec = specs.read(example);
            assertThat(specs.parse("resolved", specs.toJson(spec))).as(example.toString()).isEqualTo(spec);
        }
    }

    @Test
    void theMapperAloneAlsoNamesTheAvailableIds() {
        assertThatThrownBy(() -> mapper.readValue("{\"type\": \"pgd-lnf\"}", org.raven.api.attack.AttackSpec.class))
                .hasMessageStartingWith("unknown attack 'pgd-lnf'; available: " + ATTACKS);
        assertThatThrownBy(() -> mapper.readValue("{\"steps\": 3}", org.raven.api.attack.AttackSpec.class))
                .hasMessageStartingWith("missing \"type\"; available: " + ATTACKS);
        assertThatThrownBy(() -> mapper.readValue("{\"type\": \"fgsm\", \"nrm\": 1}", org.raven.api.attack.AttackSpec.class))
                .hasMessageContaining("Unrecognized field \"nrm\"");
    }

    @Test
    void gaussianNoiseDefaultsReadFromTypeAlone() {
        ExperimentSpec spec = specs.parse("n.json", """
                {"name": "n", "dataset": {"type": "test-data"},
                 "models": [{"name": "r", "prior": {"type": "additive"}, "noise": {"type": "gaussian"}}]}
                """);
        assertThat(spec.models().get(0).noise()).isEqualTo(new GaussianNoiseSpec(null));
        assertThat(spec.models().get(0).prior()).isEqualTo(new AdditivePriorSpec(null));
    }

    @Test
    void testSelectionIsTheFirstPointsOrAFixedRandomDrawSharedByEveryCell() {
        EvaluationSpec first = EvaluationSpec.defaults();
        assertThat(first.testSelection()).isEqualTo("first");
        assertThat(first.testIndices(10_000)).hasSize(1000).startsWith(0, 1, 2).endsWith(999);
        assertThat(first.testIndices(30)).hasSize(30);
        EvaluationSpec random = new EvaluationSpec(null, null, 1000, null, null, null, "random", null, null);
        int[] drawn = random.testIndices(10_000);
        assertThat(drawn).hasSize(1000).isSorted().doesNotHaveDuplicates().isEqualTo(random.testIndices(10_000));
        assertThat(drawn[999]).isLessThan(10_000);
        // about half from the second 5,000 (MNIST's harder half): binomial(1000, 0.5) lands in 450..550 with p = 0.998
        long late = java.util.Arrays.stream(drawn).filter(i -> i >= 5000).count();
        assertThat(late).isBetween(450L, 550L);
        assertThat(new EvaluationSpec(null, null, 1000, null, null, null, "random", 1L, null).testIndices(10_000)).isNotEqualTo(drawn);
        assertThat(new EvaluationSpec(null, null, null, null, null, null, "shuffled", null, null).validate()).extracting(Object::toString)
                .containsExactly("testSelection - unknown test selection 'shuffled'; available: first, random");
    }

    @Test
    void aModelsArchitectureOverrideIsMergedOverTheExperimentsAndPairedReferencesMustBeModels() {
        ExperimentSpec spec = specs.parse("init.json", """
                {"name": "init", "dataset": {"type": "test-data"},
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                            {"name": "vae-torch", "prior": {"type": "standard-normal"}, "architecture": {"type": "mlp", "init": "torch"}},
                            {"name": "vae-conv", "prior": {"type": "standard-normal"}, "architecture": {"type": "conv", "layers": 1}}],
                 "evaluation": {"pairedAgainst": ["vae", "vae-torch"]}}
                """);
        assertThat(spec.architectureOf(spec.models().get(0))).isEqualTo(new MlpSpec(List.of(8), 2, "he"));
        assertThat(spec.architectureOf(spec.models().get(1))).isEqualTo(new MlpSpec(List.of(8), 2, "torch"));
        assertThat(spec.architectureOf(spec.models().get(2))).isEqualTo(new org.raven.core.arch.ConvSpec(null, 1, null));
        assertThat(spec.evaluation().pairedAgainst()).containsExactly("vae", "vae-torch");
        assertThat(problems("""
                {"name": "init", "dataset": {"type": "test-data"},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}, "architecture": {"type": "mlp", "init": "xavier"}}],
                 "evaluation": {"pairedAgainst": ["raven"]}}
                """)).containsExactly(
                "fig2.json: $.models[0].architecture.init - unknown initialisation 'xavier'; available: he, torch",
                "fig2.json: $.evaluation.pairedAgainst[0] - unknown model 'raven'; models: vae");
    }
}

package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.raven.api.PluginContext;
import org.raven.core.arch.MlpSpec;
import org.raven.eval.Plugins;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.SpecMapper;
import org.raven.eval.testplugins.TestPlugins;

/** The estimates behind the limits, in closed form. */
class RunChecksTest {

    private final Plugins plugins = TestPlugins.real(Set.of("test-data"));
    private final ObjectMapper mapper = SpecMapper.create(plugins);
    private final ExperimentSpecs specs = new ExperimentSpecs(mapper, plugins, new PluginContext(Path.of("/nonexistent"), true));

    @Test
    void mlpParametersAreEncoderToMeanAndLogVarianceAndTheMirroredDecoder() {
        // 4 -> 8 (40), 8 -> 2 x 2 (36); 2 -> 8 (24), 8 -> 4 (36)
        assertThat(RunChecks.parameters(new MlpSpec(List.of(8), 2), 4)).isEqualTo(136L);
        // 784 -> 512 -> 512 -> 32, 16 -> 512 -> 512 -> 784: the default mlp on MNIST
        assertThat(RunChecks.parameters(new MlpSpec(null, null), 784)).isEqualTo(
                784L * 512 + 512 + 512L * 512 + 512 + 512L * 32 + 32 + 16L * 512 + 512 + 512L * 512 + 512 + 512L * 784 + 784);
        assertThat(RunChecks.parameters(new MlpSpec(List.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), 16), 4))
                .as("overflow").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void wallTimeIsSixFlopsPerParameterAndExampleOverTheAssumedSpeed() {
        ExperimentSpec spec = specs.parse("t.json", """
                {"name": "t", "dataset": {"type": "test-data"}, "seeds": [1, 2, 3],
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}}],
                 "training": {"epochs": 10},
                 "evaluation": {"attack": {"type": "latent-skl-pgd", "steps": 5, "restarts": 2}, "budgets": [0, 0.1, 0.2],
                                "testPoints": 8}}
                """);
        RunChecks.Estimate e = RunChecks.estimate(spec, mapper, 4, 64, 2);
        assertThat(e.parameters()).containsExactly(136L);
        assertThat(e.cells()).isEqualTo(3);
        double flops = 6.0 * 136 * (10 * 64 + 0.5 * 2 * 5 * 2 * 8) * 3; // 2 budgets above 0, 5 steps x 2 restarts
        assertThat(e.hours()).isEqualTo(flops / (RunChecks.FLOPS_PER_WORKER * 2) / 3600);
    }

    @Test
    void theEnsembleCountsEveryGradientMembersStepsAndEotSamplesMultiply() {
        String spec = """
                {"name": "t", "dataset": {"type": "test-data"}, "seeds": [1],
                 "architecture": {"type": "mlp", "hidden": [8], "latentDim": 2},
                 "models": [{"name": "vae", "prior": {"type": "standard-normal"}}],
                 "training": {"epochs": 10},
                 "evaluation": {"attack": ATTACK, "budgets": [0, 0.1], "testPoints": 8}}
                """;
        RunChecks.Estimate ensemble = RunChecks.estimate(specs.parse("e.json",
                spec.replace("ATTACK", "{\"type\": \"ensemble\", \"eotSamples\": 3}")), mapper, 4, 64, 1);
        // raven-ensemble-1: 4 APGD members x 100 steps, each step 3 EOT passes
        double flops = 6.0 * 136 * (10 * 64 + 0.5 * 1 * 400 * 3 * 8);
        assertThat(ensemble.hours()).isEqualTo(flops / RunChecks.FLOPS_PER_WORKER / 3600);
    }

    @Test
    void estimatesReadInMinutesBelowAnHour() {
        assertThat(RunChecks.describe(0.25)).isEqualTo("about 15 minutes");
        assertThat(RunChecks.describe(1e-6)).isEqualTo("about 1 minute");
        assertThat(RunChecks.describe(0.999)).isEqualTo("about 60 minutes");
        assertThat(RunChecks.describe(1.44)).isEqualTo("about 1.4 hours");
    }
}

package org.raven.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;
import org.raven.attacks.LatentSklPgdSpec;
import org.raven.datasets.MnistSpec;
import org.raven.eval.spec.ExperimentSpec;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.spec.ModelSpec;
import org.raven.eval.spec.SpecMapper;
import org.raven.eval.testplugins.TestPlugins;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./raven run examples/quickstart.json}, on what ships in the repository:
 * its data loads offline and verified, and it compares the paper's three models at the budgets its table shows.
 */
class QuickstartSpecTest {

    private final Plugins plugins = TestPlugins.real(Set.of());
    private final ObjectMapper mapper = SpecMapper.create(plugins);
    private final PluginContext offline = new PluginContext(Path.of("/nonexistent"), true);

    @Test
    void quickstartRunsOnTheShippedMnistSubsetOffline() {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        ExperimentSpec spec = new ExperimentSpecs(mapper, plugins, offline).read(repository.resolve("examples/quickstart.json"));
        assertThat(spec.models()).extracting(ModelSpec::name).containsExactly("vae", "noisy-vae", "raven");
        assertThat(spec.evaluation().budgets()).contains(0.0, 0.1, 0.2);
        assertThat(spec.seeds()).hasSizeGreaterThanOrEqualTo(2); // mean +- std in its table
        assertThat(spec.evaluation().attack()).isInstanceOf(LatentSklPgdSpec.class);

        MnistSpec data = (MnistSpec) spec.dataset();
        assertThat(data.download()).as("never reaches for the network").isFalse();
        // the spec's path is relative to the repository root, where the README runs it; tests run in raven-eval/
        Dataset dataset = plugins.create(data.withPath(repository.resolve(data.path()).toString()), offline);
        assertThat(dataset.description()).startsWith("mnist (quickstart subset, 5000 train / 1000 test, not the official split)");
        assertThat(dataset.test().size()).isGreaterThanOrEqualTo(spec.evaluation().testPoints());
    }

    @Test
    void theSyntheticSmokeSpecNeedsNoFiles() {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        ExperimentSpec spec = new ExperimentSpecs(mapper, plugins, offline).read(repository.resolve("examples/quickstart-synthetic.json"));
        Dataset dataset = plugins.create(spec.dataset(), offline);
        assertThat(dataset.description()).startsWith("synthetic");
        assertThat(spec.models()).extracting(ModelSpec::name).containsExactly("vae", "noisy-vae", "raven");
    }
}

package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raven.api.Problem;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.noise.NoiseSpec;
import org.raven.api.prior.PriorSpec;
import org.raven.core.arch.ConvSpec;
import org.raven.core.arch.MlpSpec;
import org.raven.core.noise.GaussianNoiseSpec;
import org.raven.core.noise.SaltAndPepperNoiseSpec;
import org.raven.core.noise.UniformNoiseSpec;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.AdditivePriorSpec;
import org.raven.core.prior.PairedGaussianPrior;
import org.raven.core.prior.PairedGaussianPriorSpec;
import org.raven.core.prior.StandardNormalPriorSpec;
import org.raven.testkit.PluginContracts;

/** Defaults, exact validation messages and JSON forms of every spec in this module. */
class SpecTest {

    private final ObjectMapper mapper = PluginContracts.mapperFor(getClass().getClassLoader());

    @Test
    void defaultsArePinned() {
        assertThat(new PairedGaussianPriorSpec(null).rho()).isEqualTo(0.9);
        assertThat(new AdditivePriorSpec(null).tau()).isEqualTo(0.5);
        assertThat(new GaussianNoiseSpec(null).sigma()).isEqualTo(0.3);
        assertThat(new UniformNoiseSpec(null).width()).isEqualTo(0.3);
        assertThat(new SaltAndPepperNoiseSpec(null).rate()).isEqualTo(0.1);
        assertThat(new MlpSpec(null, null)).isEqualTo(new MlpSpec(List.of(512, 512), 16));
        assertThat(new ConvSpec(null, null, null)).isEqualTo(new ConvSpec(32, 3, 16));
        assertThat(TrainingSpec.defaults()).isEqualTo(new TrainingSpec(10, 128, 1e-3, "constant", 10, 0.1, 0.1, 1, 0, "auto"));
    }

    @Test
    void invalidParametersAreRejectedWithTheFieldNamed() {
        assertThat(new PairedGaussianPriorSpec(1.0).validate()).containsExactly(new Problem("rho", "must be in [0.0, 1.0) (was 1.0)"));
        assertThat(new PairedGaussianPriorSpec(-0.1).validate()).containsExactly(new Problem("rho", "must be in [0.0, 1.0) (was -0.1)"));
        assertThat(new PairedGaussianPriorSpec(0.0).validate()).isEmpty();
        assertThat(new AdditivePriorSpec(0.0).validate()).containsExactly(new Problem("tau", "must be > 0 (was 0.0)"));
        assertThat(new AdditivePriorSpec(-2.0).validate()).containsExactly(new Problem("tau", "must be > 0 (was -2.0)"));
        assertThat(new GaussianNoiseSpec(-0.1).validate()).containsExactly(new Problem("sigma", "must be >= 0 (was -0.1)"));
        assertThat(new GaussianNoiseSpec(0.0).validate()).isEmpty();
        assertThat(new UniformNoiseSpec(-1.0).validate()).containsExactly(new Problem("width", "must be >= 0 (was -1.0)"));
        assertThat(new SaltAndPepperNoiseSpec(1.5).validate()).containsExactly(new Problem("rate", "must be in [0.0, 1.0] (was 1.5)"));
        assertThat(new MlpSpec(List.of(8, 0), 0).validate()).containsExactly(
                new Problem("hidden[1]", "must be > 0 (was 0)"), new Problem("latentDim", "must be > 0 (was 0)"));
        assertThat(new ConvSpec(0, 3, 16).validate()).containsExactly(new Problem("channels", "must be > 0 (was 0)"));
        assertThat(new TrainingSpec(0, 0, -1.0, "linear", null, 2.0, 1.0, null, null, "gpu").validate()).containsExactly(
                new Problem("epochs", "must be > 0 (was 0)"),
                new Problem("batchSize", "must be > 0 (was 0)"),
                new Problem("learningRate", "must be > 0 (was -1.0)"),
                new Problem("schedule", "unknown schedule 'linear'; available: constant, cosine, step"),
                new Problem("gamma", "must be in (0.0, 1.0] (was 2.0)"),
                new Problem("validationFraction", "must be in [0.0, 1.0) (was 1.0)"),
                new Problem("engine", "unknown engine 'gpu'; available: auto, samediff"));
    }

    @Test
    void objectsRejectWhatTheSpecsReject() {
        assertThatThrownBy(() -> new PairedGaussianPrior(1.0)).hasMessage("rho must be in [0.0, 1.0) (was 1.0)");
        assertThatThrownBy(() -> new AdditivePrior(0.0)).hasMessage("tau must be > 0 (was 0.0)");
    }

    @Test
    void specsReadFromJsonByLogicalName() throws Exception {
        assertThat(mapper.readValue("{\"type\":\"additive\",\"tau\":0.25}", PriorSpec.class)).isEqualTo(new AdditivePriorSpec(0.25));
        assertThat(mapper.readValue("{\"type\":\"paired-gaussian\"}", PriorSpec.class)).isEqualTo(new PairedGaussianPriorSpec(0.9));
        assertThat(mapper.readValue("{\"type\":\"standard-normal\"}", PriorSpec.class)).isEqualTo(new StandardNormalPriorSpec());
        assertThat(mapper.readValue("{\"type\":\"mlp\",\"hidden\":[64],\"latentDim\":4}", ArchitectureSpec.class))
                .isEqualTo(new MlpSpec(List.of(64), 4));
        assertThat(mapper.writeValueAsString(new MlpSpec(null, null))).isEqualTo("{\"type\":\"mlp\",\"hidden\":[512,512],\"latentDim\":16,\"init\":\"he\"}");
        assertThat(mapper.writeValueAsString(new ConvSpec(null, null, null)))
                .isEqualTo("{\"type\":\"conv\",\"channels\":32,\"layers\":3,\"latentDim\":16,\"init\":\"he\"}");
        assertThat(mapper.readValue("{\"type\":\"salt-and-pepper\",\"rate\":0.2}", NoiseSpec.class)).isEqualTo(new SaltAndPepperNoiseSpec(0.2));
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"additive\",\"taw\":0.25}", PriorSpec.class))
                .hasMessageContaining("taw");
    }

    @Test
    void likelihoodReadsFromABareStringOrAnObject() throws Exception {
        assertThat(mapper.readValue("\"bernoulli\"", LikelihoodSpec.class)).isEqualTo(new LikelihoodSpec("bernoulli", null, null));
        assertThat(mapper.readValue("\"gaussian\"", LikelihoodSpec.class)).isEqualTo(new LikelihoodSpec("gaussian", 1.0, false));
        LikelihoodSpec learned = mapper.readValue("{\"type\":\"gaussian\",\"variance\":0.1,\"learnVariance\":true}", LikelihoodSpec.class);
        assertThat(learned).isEqualTo(new LikelihoodSpec("gaussian", 0.1, true));
        assertThat(mapper.readValue(mapper.writeValueAsString(learned), LikelihoodSpec.class)).isEqualTo(learned);
        assertThat(mapper.writeValueAsString(LikelihoodSpec.bernoulli())).isEqualTo("{\"type\":\"bernoulli\"}");
        assertThat(LikelihoodSpec.of("poisson").validate())
                .containsExactly(new Problem("type", "unknown likelihood 'poisson'; available: bernoulli, gaussian"));
        assertThat(new LikelihoodSpec("gaussian", 0.0, false).validate()).containsExactly(new Problem("variance", "must be > 0 (was 0.0)"));
        assertThat(new LikelihoodSpec("bernoulli", 2.0, null).validate())
                .containsExactly(new Problem("variance", "only applies to the gaussian likelihood"));
    }

    @Test
    void trainingSpecRoundTripsJson() throws Exception {
        TrainingSpec spec = mapper.readValue("{\"epochs\":3,\"schedule\":\"cosine\"}", TrainingSpec.class);
        assertThat(spec).isEqualTo(new TrainingSpec(3, 128, 1e-3, "cosine", 10, 0.1, 0.1, 1, 0, "auto"));
        assertThat(mapper.readValue(mapper.writeValueAsString(spec), TrainingSpec.class)).isEqualTo(spec);
        assertThat(spec.learningRate(0)).isEqualTo(1e-3);
        assertThat(spec.learningRate(3)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-18));
        TrainingSpec step = new TrainingSpec(10, null, 1.0, "step", 2, 0.5, null, null, null, null);
        assertThat(step.learningRate(1)).isEqualTo(1.0);
        assertThat(step.learningRate(2)).isEqualTo(0.5);
        assertThat(step.learningRate(5)).isEqualTo(0.25);
        assertThatThrownBy(() -> mapper.readValue("{\"epoch\":3}", TrainingSpec.class)).hasMessageContaining("epoch");
    }
}

package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.RandomStreams;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.api.model.Posterior;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingListener;
import org.raven.core.train.TrainingResult;

/** The five lines at the top of README.md, run on generated data. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns(@TempDir Path runs) {
        LabeledData train = TestModels.labeled(1, 256, new InputShape(1, 28, 28));
        LabeledData test = TestModels.labeled(2, 16, new InputShape(1, 28, 28));
        TrainingSpec spec = TrainingSpec.defaults().withEpochs(1);

        VaeConfig config = new VaeConfig(new MlpArchitecture(List.of(512, 512), 16), new AdditivePrior(0.5),
                new GaussianNoise(0.3), LikelihoodSpec.bernoulli(), 1.0, new InputShape(1, 28, 28)); // raven
        Vae vae = Vae.create(config, 42);
        TrainingResult result = new Trainer().fit(vae, train, spec, new RandomStreams(42),
                runs.resolve("raven/checkpoints"), TrainingListener.NONE);
        Posterior q = vae.encode(test.features());

        assertThat(vae.mode()).isEqualTo(Vae.Mode.RAVEN);
        assertThat(result.epochs()).hasSize(1);
        assertThat(q.mu().shape()).containsExactly(16, 16);
    }
}

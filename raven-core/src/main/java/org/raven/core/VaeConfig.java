package org.raven.core;

import org.raven.api.arch.Architecture;
import org.raven.api.data.InputShape;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;

/**
 * Everything that defines a VAE model. The training mode follows from the prior and the noise model,
 * never from a name: no noise is the plain {@code vae} (single-input bound on clean x); noise with a
 * prior that is not {@link Prior#paired() paired} is {@code noisy-vae} (naive augmentation); noise
 * with a paired prior is {@code raven}.
 *
 * @param architecture encoder/decoder builder
 * @param prior        prior over (z, z')
 * @param noise        noise model making x' from x, or null for the plain VAE
 * @param likelihood   decoder likelihood; null means Bernoulli
 * @param beta         weight of the KL term in the training objective, > 0 (1 is the true bound)
 * @param shape        input image shape
 * @param defence      a training defence (its {@link org.raven.api.defence.ObjectiveTerm} enters the graph's loss;
 *                     the trainer applies its input transform and weight constraint), or null for none
 */
public record VaeConfig(Architecture architecture, Prior prior, NoiseModel noise, LikelihoodSpec likelihood,
                        double beta, InputShape shape, TrainingDefence defence) {

    /** Without a training defence. */
    public VaeConfig(Architecture architecture, Prior prior, NoiseModel noise, LikelihoodSpec likelihood, double beta,
                     InputShape shape) {
        this(architecture, prior, noise, likelihood, beta, shape, null);
    }

    public VaeConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture is required");
        }
        if (prior == null) {
            throw new IllegalArgumentException("prior is required");
        }
        if (shape == null) {
            throw new IllegalArgumentException("shape is required");
        }
        if (likelihood == null) {
            likelihood = LikelihoodSpec.bernoulli();
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be > 0 (was " + beta + ")");
        }
        var problems = likelihood.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("likelihood." + problems.get(0));
        }
    }

    /** This configuration with {@code newDefence} (null for none). */
    public VaeConfig withDefence(TrainingDefence newDefence) {
        return new VaeConfig(architecture, prior, noise, likelihood, beta, shape, newDefence);
    }

    /** The mode the prior and noise model give. */
    public Vae.Mode mode() {
        return Vae.Mode.of(prior, noise);
    }
}

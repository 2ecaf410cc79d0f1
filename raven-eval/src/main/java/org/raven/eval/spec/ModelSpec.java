package org.raven.eval.spec;

import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.noise.NoiseSpec;
import org.raven.api.prior.PriorSpec;
import org.raven.core.TrainingSpec;

/**
 * One model of an experiment: {@code {"name": "raven", "prior": {"type": "additive", "tau": 0.5},
 * "noise": {"type": "gaussian", "sigma": 0.3}}}. Without noise the model is a plain VAE; noise with an
 * unpaired prior is naive augmentation; noise with a paired prior is RAVEN.
 *
 * @param name     unique within the experiment; letters, digits, '.', '_' and '-' (it names folders)
 * @param prior    required
 * @param noise    optional
 * @param training optional override of the experiment's {@code training}: keys given here replace
 *                 those of the experiment (merged when the spec is read)
 * @param architecture optional override of the experiment's {@code architecture}: it names its {@code type}; of the
 *                 experiment's type, its keys are merged over the experiment's (for example
 *                 {@code {"type": "mlp", "init": "torch"}}), of another type it replaces it whole
 */
public record ModelSpec(String name, PriorSpec prior, NoiseSpec noise, TrainingSpec training,
                        ArchitectureSpec architecture) {

    /** Without an architecture override. */
    public ModelSpec(String name, PriorSpec prior, NoiseSpec noise, TrainingSpec training) {
        this(name, prior, noise, training, null);
    }
}

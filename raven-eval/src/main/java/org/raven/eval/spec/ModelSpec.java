package org.raven.eval.spec;

import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.defence.InferenceSpec;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.model.ModelSourceSpec;
import org.raven.api.noise.NoiseSpec;
import org.raven.api.prior.PriorSpec;
import org.raven.core.TrainingSpec;

/**
 * One model of an experiment: {@code {"name": "raven", "prior": {"type": "additive", "tau": 0.5},
 * "noise": {"type": "gaussian", "sigma": 0.3}}}. Without noise the model is a plain VAE; noise with an
 * unpaired prior is naive augmentation; noise with a paired prior is RAVEN. A model trained elsewhere names its
 * files instead of a prior and is not trained: {@code {"name": "my-vae", "pretrained": {"type": "onnx",
 * "encoder": "enc.onnx", "decoder": "dec.onnx"}}} (file names relative to the spec file's folder).
 *
 * @param name     unique within the experiment; letters, digits, '.', '_' and '-' (it names folders)
 * @param prior    required, unless {@code pretrained} is given (then it must be left out)
 * @param noise    optional
 * @param training optional override of the experiment's {@code training}: keys given here replace
 *                 those of the experiment (merged when the spec is read)
 * @param architecture optional override of the experiment's {@code architecture}: it names its {@code type}; of the
 *                 experiment's type, its keys are merged over the experiment's (for example
 *                 {@code {"type": "mlp", "init": "torch"}}), of another type it replaces it whole
 * @param pretrained optional: load this model instead of training one (no prior, noise or training then)
 * @param beta     optional override of the experiment's {@code beta} (the KL weight), > 0: a beta-VAE beside a VAE
 * @param defence  optional training defence, by id: {@code {"type": "adversarial-training", "budget": 0.1}}
 * @param inference optional test-time inference procedure, by id: {@code {"type": "hmc", "steps": 20}}; the classifier
 *                 and the attacks then see the corrected code
 * @param testPoints optional override of the experiment's {@code evaluation.testPoints}, > 0: fewer points for a model
 *                 whose evaluation is expensive (a test-time chain runs inside every attack step). Only the number of
 *                 points: the attack, budgets and classifier are the experiment's for every model, so no model gets an
 *                 easier evaluation; a model scored on other points is left out of the paired comparisons
 */
public record ModelSpec(String name, PriorSpec prior, NoiseSpec noise, TrainingSpec training,
                        ArchitectureSpec architecture, ModelSourceSpec pretrained, Double beta,
                        TrainingDefenceSpec defence, InferenceSpec inference, Integer testPoints) {

    /** Without beta, defence or inference. */
    public ModelSpec(String name, PriorSpec prior, NoiseSpec noise, TrainingSpec training, ArchitectureSpec architecture,
                     ModelSourceSpec pretrained) {
        this(name, prior, noise, training, architecture, pretrained, null, null, null, null);
    }

    /** Trained here, without an architecture override. */
    public ModelSpec(String name, PriorSpec prior, NoiseSpec noise, TrainingSpec training) {
        this(name, prior, noise, training, null, null);
    }

    /** This model with its pretrained files resolved against {@code folder} (the spec file's folder). */
    public ModelSpec resolveAgainst(java.nio.file.Path folder) {
        return pretrained == null ? this
                : new ModelSpec(name, prior, noise, training, architecture, pretrained.resolveAgainst(folder), beta, defence,
                        inference, testPoints);
    }
}

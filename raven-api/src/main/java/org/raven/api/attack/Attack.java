package org.raven.api.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.DifferentiableEncoder;

/**
 * An adversarial attack on a VAE's encoder (or, for reconstruction attacks, on an
 * {@link org.raven.api.model.AutoEncoder}).
 */
public interface Attack {

    /**
     * Attacks a batch.
     *
     * @param model  the model under attack
     * @param x      clean inputs {@code [batch, inputSize]} in [0, 1]; not modified
     * @param labels class labels of {@code x} (targeted attacks pick targets of another class); may be
     *               null for attacks that do not need them
     * @param budget the perturbation budget delta in the attack's norm; 0 returns {@code x} unchanged
     * @param seed   seeds the random start and target choice
     */
    AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed);

    /**
     * Attacks a batch knowing the classifier the evaluation scores with (an adaptive attacker): classifier-aware
     * attacks need it; the others ignore it, which is what this default does.
     *
     * @param head the evaluator's classifier on mu; null when there is none
     */
    default AttackResult run(DifferentiableEncoder model, ClassifierHead head, INDArray x, int[] labels, double budget,
                             long seed) {
        return run(model, x, labels, budget, seed);
    }

    /**
     * What {@link AttackResult#objective()} reports, in words, to label results with (for example
     * {@code SKL = 0.5 KL(q(z|x+e) || q(z|x)) + 0.5 KL(q(z|x) || q(z|x+e))}): reported numbers of different
     * conventions differ by constant factors, so every reported value names its definition.
     */
    default String objective() {
        return "attack objective (" + getClass().getSimpleName() + ")";
    }
}

package org.raven.attacks;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.ClassifierHead;
import org.raven.api.model.DifferentiableEncoder;

/** The argument checks every attack makes first; every message starts with the attack's id. */
public final class AttackInputs {

    private AttackInputs() {
    }

    /**
     * @throws NullPointerException     if model or x is null
     * @throws IllegalArgumentException if x is not {@code [batch >= 1, model.inputSize()]} with values in
     *                                  [0, 1], or the budget is not a finite number &gt;= 0
     */
    public static void check(String attackId, DifferentiableEncoder model, INDArray x, double budget) {
        Objects.requireNonNull(model, attackId + ": model is null");
        Objects.requireNonNull(x, attackId + ": x is null");
        if (x.rank() != 2 || x.size(1) != model.inputSize()) {
            throw new IllegalArgumentException(attackId + ": x has shape " + Arrays.toString(x.shape())
                    + " but the encoder expects [batch, " + model.inputSize() + "]");
        }
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException(attackId + ": budget must be a finite number >= 0 (was " + budget + ")");
        }
        if (x.size(0) == 0) {
            throw new IllegalArgumentException(attackId + ": x is an empty batch");
        }
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (!(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException(attackId + ": x must lie in [0, 1] (found values in [" + min + ", "
                    + max + "])");
        }
    }

    /**
     * The checks of attacks that need the evaluator's classifier head and the labels.
     *
     * @param why what the attack does with the head, for the message (for example
     *            {@code "the cross-entropy objective attacks the evaluator's classifier on mu"})
     * @throws IllegalArgumentException if head is null or there is not one label per example
     */
    public static void checkHead(String attackId, String why, ClassifierHead head, int[] labels, int n) {
        if (head == null) {
            throw new IllegalArgumentException(attackId + ": " + why + ": run it with a ClassifierHead"
                    + " (Attack.run(model, head, x, labels, budget, seed))");
        }
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException(attackId + ": needs one label per example (got "
                    + (labels == null ? "none" : labels.length) + " for " + n + " examples)");
        }
    }
}

package org.raven.attacks;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
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
}

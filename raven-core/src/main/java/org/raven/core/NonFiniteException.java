package org.raven.core;

/**
 * A training step met a NaN or infinite loss or gradient and changed nothing (no weight, no optimiser
 * state). Both step engines (SameDiff and fused) check the same things in the same order: the loss
 * first, then every gradient in weight order, and throw this with what they found.
 */
public final class NonFiniteException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final String weight;
    private final double value;

    private NonFiniteException(String message, String weight, double value) {
        super(message);
        this.weight = weight;
        this.value = value;
    }

    /** The batch's loss is {@code value} (NaN or infinite). */
    public static NonFiniteException loss(double value) {
        return new NonFiniteException("loss is " + value, null, value);
    }

    /** The gradient of {@code weight} holds {@code value} (its first NaN or infinite entry); the loss was finite. */
    public static NonFiniteException gradient(String weight, double value) {
        return new NonFiniteException("gradient of '" + weight + "' is " + value + " (the loss was finite)", weight, value);
    }

    /** True for a non-finite loss, false for a gradient. */
    public boolean isLoss() {
        return weight == null;
    }

    /** The weight whose gradient was not finite, or null when the loss was not. */
    public String weight() {
        return weight;
    }

    /** The offending value: NaN, +Infinity or -Infinity. */
    public double value() {
        return value;
    }
}

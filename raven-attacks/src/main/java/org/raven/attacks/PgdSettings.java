package org.raven.attacks;

/**
 * The keys shared by the projected-gradient attacks' specs ({@link LatentSklPgdSpec},
 * {@link LatentTargetedSpec}, {@link OutputAttackSpec}).
 */
public interface PgdSettings {

    /** {@code "linf"} or {@code "l2"}. */
    String norm();

    /** Gradient steps per restart, at least 1. */
    Integer steps();

    /** Step size; null means {@code 2.5 * budget / steps}. */
    Double stepSize();

    /** Whether each restart starts from a uniform random point of the budget ball. */
    Boolean randomStart();

    /** Independent restarts; the best iterate per example over all of them is returned. */
    Integer restarts();

    /** Expectation over transformation: encoder calls averaged per objective value and gradient, at least 1. */
    default Integer eotSamples() {
        return 1;
    }
}

package org.raven.attacks;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.attack.AttackSpec;

/**
 * Spec of {@code apgd}: Auto-PGD ({@link ApgdEngine}) on one objective of the encoder's outputs. The step
 * size, its schedule and the momentum are fixed, not settings.
 *
 * @param objective what is maximised: {@code "ce"} or {@code "dlr"} (cross-entropy or difference-of-logits ratio
 *                  of the evaluator's classifier on mu; need its {@code ClassifierHead} and labels), {@code "skl"} (default; SKL(q(z|x+e), q(z|x)) = 0.5 KL + 0.5 KL),
 *                  {@code "mu"} (sum (mu(x+e) - mu(x))^2 / exp(logVar(x)), the clean posterior's Mahalanobis
 *                  distance), {@code "targeted"} (-KL(q(z|x+e) || q(z|x_t)) towards an example of another class
 *                  of the batch; needs labels) or {@code "output"} (||dec(mu(x+e)) - dec(mu(x))||^2; needs an
 *                  {@code AutoEncoder})
 * @param norm      {@code "linf"} (default) or {@code "l2"}
 * @param steps     iterations per restart, default 100 (the paper's), at least 1
 * @param restarts  independent random restarts, default 1, at least 1; the best iterate per example wins
 * @param eotSamples expectation over transformation: each gradient and objective is the mean over this many calls of
 *                  the encoder (for stochastic encoders and randomised defences), default 1, at least 1
 */
public record ApgdSpec(String objective, String norm, Integer steps, Integer restarts, Integer eotSamples)
        implements AttackSpec {

    /** The objectives by their JSON names, sorted. */
    public static final List<String> OBJECTIVES = List.of("ce", "dlr", "mu", "output", "skl", "targeted");

    public ApgdSpec {
        objective = objective == null ? "skl" : objective;
        norm = norm == null ? SpecChecks.DEFAULT_NORM : norm;
        steps = steps == null ? 100 : steps;
        restarts = restarts == null ? SpecChecks.DEFAULT_RESTARTS : restarts;
        eotSamples = eotSamples == null ? 1 : eotSamples;
    }

    /** With one EOT sample. */
    public ApgdSpec(String objective, String norm, Integer steps, Integer restarts) {
        this(objective, norm, steps, restarts, null);
    }

    /** Every key at its default. */
    public static ApgdSpec defaults() {
        return new ApgdSpec(null, null, null, null, null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        c.check(OBJECTIVES.contains(objective), "objective",
                "must be one of " + OBJECTIVES + " (was '" + objective + "')");
        SpecChecks.norm(c, norm);
        c.check(steps >= 1, "steps", "must be >= 1 (was " + steps + ")");
        c.check(restarts >= 1, "restarts", "must be >= 1 (was " + restarts + ")");
        c.check(eotSamples >= 1, "eotSamples", "must be >= 1 (was " + eotSamples + ")");
        return c.problems();
    }
}

package org.raven.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import org.raven.api.Problem;
import org.raven.api.Spec;

/**
 * The decoder likelihood p(x|z). Reads from a bare string ({@code "likelihood": "bernoulli"}) or an
 * object ({@code {"type": "gaussian", "variance": 0.1, "learnVariance": true}}).
 *
 * <ul>
 *   <li>{@code bernoulli} (default): binary cross-entropy with logits, summed over pixels.</li>
 *   <li>{@code gaussian}: N(x; sigmoid(logits), variance I), summed over pixels (a scaled MSE plus the
 *       normalising constant). {@code variance} default 1.0, must be > 0; with {@code learnVariance}
 *       (default false) it is the starting value of a learned scalar log-variance ({@code lik.logvar}).</li>
 * </ul>
 * The decoder mean is sigmoid(logits) for both, so means stay in [0, 1].
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LikelihoodSpec(String type, Double variance, Boolean learnVariance) implements Spec {

    public static final String BERNOULLI = "bernoulli";
    public static final String GAUSSIAN = "gaussian";
    public static final double DEFAULT_VARIANCE = 1.0;

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public LikelihoodSpec {
        if (type == null) {
            type = BERNOULLI;
        }
        if (GAUSSIAN.equals(type)) {
            if (variance == null) {
                variance = DEFAULT_VARIANCE;
            }
            if (learnVariance == null) {
                learnVariance = false;
            }
        }
    }

    /** {@code "bernoulli"} or {@code "gaussian"} as a bare JSON string. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static LikelihoodSpec of(String type) {
        return new LikelihoodSpec(type, null, null);
    }

    public static LikelihoodSpec bernoulli() {
        return of(BERNOULLI);
    }

    /** A Gaussian likelihood with a fixed variance. */
    public static LikelihoodSpec gaussian(double variance) {
        return new LikelihoodSpec(GAUSSIAN, variance, false);
    }

    @JsonIgnore
    public boolean isGaussian() {
        return GAUSSIAN.equals(type);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        if (!BERNOULLI.equals(type) && !GAUSSIAN.equals(type)) {
            c.add("type", "unknown likelihood '" + type + "'; available: bernoulli, gaussian"
                    + (type.toLowerCase(Locale.ROOT).equals(type) ? "" : " (ids are lower-case)"));
        } else if (BERNOULLI.equals(type)) {
            c.check(variance == null, "variance", "only applies to the gaussian likelihood");
            c.check(learnVariance == null, "learnVariance", "only applies to the gaussian likelihood");
        } else {
            c.positive("variance", variance);
            c.check(!variance.isInfinite(), "variance", "must be finite (was " + variance + ")");
        }
        return c.problems();
    }
}

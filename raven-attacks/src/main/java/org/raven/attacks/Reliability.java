package org.raven.attacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.attack.ClassifierHead;
import org.raven.api.model.DifferentiableEncoder;

/**
 * Signs that a robustness evaluation may be unreliable (accuracy under attack far above the true robust
 * accuracy), after the checks AutoAttack's authors recommend. Each is a {@link Flag} with a fixed id; none proves a
 * problem, each says where to look.
 */
public final class Reliability {

    /** Random noise broke points every gradient member of the ensemble missed. */
    public static final String NOISE_BREAKS_MISSED = "noise-breaks-missed-points";
    /** Accuracy rose from one budget to a larger one: the larger ball contains the smaller, so the attack fell short. */
    public static final String ACCURACY_RISES = "accuracy-rises-with-budget";
    /** More than {@link #MASKED_SHARE} of the points have a zero or non-finite input gradient. */
    public static final String MASKED_GRADIENTS = "masked-gradients";
    /** The ensemble's accuracy is more than {@link #FAR_BELOW} below its best single member's. */
    public static final String ENSEMBLE_FAR_BELOW = "ensemble-far-below-best-member";

    /**
     * Encoding the ensemble's attacked inputs once more classifies points correctly that a member had broken: the
     * model's code is random (a test-time chain, say), so a single fresh draw would report more than the worst case.
     */
    public static final String REDRAW_FLATTERS = "redraw-flatters-random-model";

    /** The share of points with a zero or non-finite input gradient above which {@link #MASKED_GRADIENTS} is raised. */
    public static final double MASKED_SHARE = 0.01;
    /** The accuracy gap (absolute) between the best member and the ensemble above which {@link #ENSEMBLE_FAR_BELOW} is raised. */
    public static final double FAR_BELOW = 0.05;

    private Reliability() {
    }

    /** One warning: its fixed id, the budget it concerns (NaN: the whole cell) and a one-line explanation. */
    public record Flag(String id, double budget, String message) {

        @Override
        public String toString() {
            return id + (Double.isNaN(budget) ? "" : " at budget " + budget) + ": " + message;
        }
    }

    /**
     * What one budget's evaluation found.
     *
     * @param budget             the budget
     * @param accuracy           accuracy under the attack
     * @param noiseOnlyBreaks    points broken by random noise only (the ensemble's), -1 when not known
     * @param bestMemberAccuracy the lowest accuracy of a single ensemble member, NaN when not known
     */
    public record BudgetCheck(double budget, double accuracy, int noiseOnlyBreaks, double bestMemberAccuracy) {
    }

    /**
     * {@link #REDRAW_FLATTERS} if classifying the attacked inputs once more ({@code redrawn}) gives a higher accuracy
     * than the ensemble's per-point worst case ({@code worstCase}, which is what is reported), else empty.
     */
    public static Optional<Flag> redraw(double budget, double worstCase, double redrawn, int points) {
        if (!(redrawn > worstCase)) {
            return Optional.empty();
        }
        return Optional.of(new Flag(REDRAW_FLATTERS, budget, String.format(Locale.ROOT,
                "encoded once more, the attacked inputs are classified correctly at %.4f, above the ensemble's per-point"
                        + " worst case %.4f (%d of %d points): the model's code is random, so one fresh draw flatters"
                        + " it; the worst case is reported (attack it with eotSamples > 1 to also steer by the average)",
                redrawn, worstCase, Math.round((redrawn - worstCase) * points), points)));
    }

    /**
     * The flags for one model's evaluation over its budgets (ascending), given the share of points with a zero or
     * non-finite input gradient ({@link #maskedGradientShare}; NaN when not measured).
     */
    public static List<Flag> flags(List<BudgetCheck> budgets, int points, double maskedShare) {
        List<Flag> flags = new ArrayList<>();
        if (maskedShare > MASKED_SHARE) {
            flags.add(new Flag(MASKED_GRADIENTS, Double.NaN, String.format(Locale.ROOT,
                    "%.1f%% of the points have a zero or non-finite input gradient of the classifier's DLR loss"
                            + " (threshold %.0f%%): gradient attacks cannot see where to go (masked or obfuscated"
                            + " gradients); try a gradient-free attack or an adaptive one through the defence",
                    100 * maskedShare, 100 * MASKED_SHARE)));
        }
        for (int b = 0; b < budgets.size(); b++) {
            BudgetCheck c = budgets.get(b);
            if (b > 0 && c.accuracy() > budgets.get(b - 1).accuracy()) {
                BudgetCheck previous = budgets.get(b - 1);
                flags.add(new Flag(ACCURACY_RISES, c.budget(), String.format(Locale.ROOT,
                        "accuracy %.4f is above %.4f at the smaller budget %s: the attack does not find what it found"
                                + " inside the smaller ball", c.accuracy(), previous.accuracy(), previous.budget())));
            }
            if (c.noiseOnlyBreaks() > 0) {
                flags.add(new Flag(NOISE_BREAKS_MISSED, c.budget(), String.format(Locale.ROOT,
                        "random noise broke %d of %d points that every gradient attack missed", c.noiseOnlyBreaks(),
                        points)));
            }
            if (c.bestMemberAccuracy() - c.accuracy() > FAR_BELOW) {
                flags.add(new Flag(ENSEMBLE_FAR_BELOW, c.budget(), String.format(Locale.ROOT,
                        "ensemble accuracy %.4f is %.4f below its best single attack's %.4f (threshold %.2f): no single"
                                + " attack comes close to the worst case, so even the ensemble may fall short",
                        c.accuracy(), c.bestMemberAccuracy() - c.accuracy(), c.bestMemberAccuracy(), FAR_BELOW)));
            }
        }
        return flags;
    }

    /**
     * The share of rows of {@code x} whose input gradient of the classifier's DLR loss ({@link HeadLoss#dlr}; it does
     * not saturate as the cross-entropy does for confident points) is all zero or has a non-finite entry, at the clean
     * input, in batches of {@code batchSize}.
     */
    public static double maskedGradientShare(DifferentiableEncoder model, ClassifierHead head, INDArray x, int[] labels,
                                             int batchSize) {
        int n = Math.toIntExact(x.size(0));
        int masked = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            INDArray xb = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            int[] lb = java.util.Arrays.copyOfRange(labels, from, to);
            Objective dlr = Objectives.latent(model, to - from, HeadLoss.dlr(head, lb));
            double[][] g = dlr.valueAndGradient(xb, new double[to - from]).castTo(
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
            for (double[] row : g) {
                boolean zero = true;
                boolean finite = true;
                for (double v : row) {
                    zero &= v == 0;
                    finite &= Double.isFinite(v);
                }
                masked += zero || !finite ? 1 : 0;
            }
        }
        return (double) masked / n;
    }
}

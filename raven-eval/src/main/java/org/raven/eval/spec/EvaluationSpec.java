package org.raven.eval.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;
import org.raven.api.attack.AttackSpec;
import org.raven.attacks.LatentSklPgdSpec;

/**
 * How the trained models are measured.
 *
 * @param attack         default {@code {"type": "latent-skl-pgd"}} with its defaults
 * @param budgets        attack budgets, ascending, each >= 0; default [0, 0.05, 0.1, 0.15, 0.2]
 * @param testPoints     this many test examples are attacked; default 1000, > 0
 * @param classifier     the latent classifier; default {@link ClassifierSpec#defaults()}
 * @param tsnePoints     test pairs embedded with t-SNE for the first seed of each model; default 1000, 0 = off
 * @param tsnePerplexity t-SNE perplexity; default 30, > 0
 * @param testSelection  which test examples: {@code first} (default: the first {@code testPoints}, what every
 *                       committed run used) or {@code random} ({@code testPoints} drawn without replacement from
 *                       {@code testSelectionSeed}, the same for every model and seed, kept in dataset order)
 * @param testSelectionSeed seed of the {@code random} selection; default 0
 * @param pairedAgainst  model names: results report every other model's accuracy minus each of theirs, seed by seed;
 *                       default empty, meaning the experiment's first model
 * @param robustnessRadius r of the r-robustness estimate (Camuto et al. 2021): a reconstruction of an attacked input
 *                       counts as robust when its root-mean-square distance per pixel from the clean reconstruction is
 *                       at most r; default 0.1, > 0
 */
public record EvaluationSpec(AttackSpec attack, List<Double> budgets, Integer testPoints, ClassifierSpec classifier,
                             Integer tsnePoints, Double tsnePerplexity, String testSelection, Long testSelectionSeed,
                             List<String> pairedAgainst, Double robustnessRadius)
        implements Spec {

    public static final String FIRST = "first";
    public static final String RANDOM = "random";

    public static final List<Double> DEFAULT_BUDGETS = List.of(0.0, 0.05, 0.1, 0.15, 0.2);
    public static final int DEFAULT_TEST_POINTS = 1000;
    public static final int DEFAULT_TSNE_POINTS = 1000;
    public static final double DEFAULT_TSNE_PERPLEXITY = 30.0;
    public static final double DEFAULT_ROBUSTNESS_RADIUS = 0.1;

    public EvaluationSpec {
        attack = attack == null ? LatentSklPgdSpec.defaults() : attack;
        budgets = budgets == null ? DEFAULT_BUDGETS : Collections.unmodifiableList(new ArrayList<>(budgets));
        testPoints = testPoints == null ? DEFAULT_TEST_POINTS : testPoints;
        classifier = classifier == null ? ClassifierSpec.defaults() : classifier;
        tsnePoints = tsnePoints == null ? DEFAULT_TSNE_POINTS : tsnePoints;
        tsnePerplexity = tsnePerplexity == null ? DEFAULT_TSNE_PERPLEXITY : tsnePerplexity;
        testSelection = testSelection == null ? FIRST : testSelection;
        testSelectionSeed = testSelectionSeed == null ? Long.valueOf(0) : testSelectionSeed;
        pairedAgainst = pairedAgainst == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(pairedAgainst));
        robustnessRadius = robustnessRadius == null ? DEFAULT_ROBUSTNESS_RADIUS : robustnessRadius;
    }

    /** With the default r-robustness radius. */
    public EvaluationSpec(AttackSpec attack, List<Double> budgets, Integer testPoints, ClassifierSpec classifier,
                          Integer tsnePoints, Double tsnePerplexity, String testSelection, Long testSelectionSeed,
                          List<String> pairedAgainst) {
        this(attack, budgets, testPoints, classifier, tsnePoints, tsnePerplexity, testSelection, testSelectionSeed,
                pairedAgainst, null);
    }

    /** With the first {@code testPoints} test examples. */
    public EvaluationSpec(AttackSpec attack, List<Double> budgets, Integer testPoints, ClassifierSpec classifier,
                          Integer tsnePoints, Double tsnePerplexity) {
        this(attack, budgets, testPoints, classifier, tsnePoints, tsnePerplexity, null, null, null);
    }

    /** Every key at its default. */
    public static EvaluationSpec defaults() {
        return new EvaluationSpec(null, null, null, null, null, null, null, null, null, null);
    }

    /** This spec with another classifier (the cell spec resolves its hidden width). */
    public EvaluationSpec withClassifier(ClassifierSpec replacement) {
        return new EvaluationSpec(attack, budgets, testPoints, replacement, tsnePoints, tsnePerplexity, testSelection,
                testSelectionSeed, pairedAgainst, robustnessRadius);
    }

    /** This spec with {@code points} test examples attacked (a model's own {@code testPoints}). */
    public EvaluationSpec withTestPoints(int points) {
        return new EvaluationSpec(attack, budgets, points, classifier, tsnePoints, tsnePerplexity, testSelection,
                testSelectionSeed, pairedAgainst, robustnessRadius);
    }

    /**
     * Indices of the attacked test examples among {@code size}, ascending: the first {@code testPoints}, or
     * {@code testPoints} drawn from {@code testSelectionSeed} (all of them when there are fewer).
     */
    public int[] testIndices(int size) {
        int n = Math.min(testPoints, size);
        int[] all = java.util.stream.IntStream.range(0, size).toArray();
        if (RANDOM.equals(testSelection)) {
            org.raven.api.RandomStreams.shuffle(all, new org.raven.api.RandomStreams(testSelectionSeed).stream("test-selection"));
            int[] chosen = java.util.Arrays.copyOf(all, n);
            java.util.Arrays.sort(chosen);
            return chosen;
        }
        return java.util.Arrays.copyOf(all, n);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        c.addAll("attack", attack.validate());
        c.check(!budgets.isEmpty(), "budgets", "must not be empty");
        boolean sorted = true;
        for (int i = 0; i < budgets.size(); i++) {
            Double b = budgets.get(i);
            if (b == null) {
                c.add("budgets[" + i + "]", "expected a number (was null)");
                continue;
            }
            c.nonNegative("budgets[" + i + "]", b);
            c.check(!b.isInfinite(), "budgets[" + i + "]", "must be finite (was " + b + ")");
            Double previous = i > 0 ? budgets.get(i - 1) : null;
            sorted &= previous == null || previous < b;
        }
        c.check(sorted, "budgets", "must be in ascending order without repeats (was " + budgets + ")");
        c.positive("testPoints", testPoints);
        c.check(FIRST.equals(testSelection) || RANDOM.equals(testSelection), "testSelection",
                "unknown test selection '" + testSelection + "'; available: first, random");
        c.addAll("classifier", classifier.validate());
        c.nonNegative("tsnePoints", tsnePoints);
        c.check(tsnePoints == 0 || tsnePoints >= 4, "tsnePoints", "must be 0 (off) or >= 4 (was " + tsnePoints + ")");
        c.positive("tsnePerplexity", tsnePerplexity);
        c.positive("robustnessRadius", robustnessRadius);
        c.check(!robustnessRadius.isInfinite(), "robustnessRadius", "must be finite (was " + robustnessRadius + ")");
        return c.problems();
    }
}

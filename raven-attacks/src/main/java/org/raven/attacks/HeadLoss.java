package org.raven.attacks;

import org.raven.api.attack.ClassifierHead;

/**
 * Classifier-aware {@link LatentLoss}es: losses of the evaluator's classifier head on mu(x+e), differentiated
 * through the head ({@link ClassifierHead#backward}) and, by {@link Objectives#latent}, through the encoder's mu.
 * logVar gets a zero gradient: the head sees mu only. The attacker knows the head it is scored with, as an adaptive
 * attacker would.
 */
public final class HeadLoss {

    /** Added to the DLR denominator, as in the reference code, so it is never 0. */
    static final double DLR_EPSILON = 1e-12;

    private HeadLoss() {
    }

    /** What a loss does with one row of logits: its value, and its gradient into {@code g} when asked. */
    @FunctionalInterface
    private interface RowLoss {
        double apply(double[] z, int off, int classes, int label, double[] g);
    }

    /** Cross-entropy {@code logsumexp(z) - z_y} of the head's logits z and the true label y (AutoAttack's CE). */
    public static LatentLoss crossEntropy(ClassifierHead head, int[] labels) {
        return of(head, labels, HeadLoss::crossEntropyRow);
    }

    /**
     * The difference-of-logits ratio of Croce and Hein (2020): {@code (max_{j != y} z_j - z_y) / (z_(1) - z_(3))}
     * with z_(k) the k-th largest logit; positive exactly when the head misclassifies, and unchanged when the logits
     * are scaled. With two classes there is no z_(3), and the denominator is 1 (the plain logit margin).
     */
    public static LatentLoss dlr(ClassifierHead head, int[] labels) {
        return of(head, labels, HeadLoss::dlrRow);
    }

    /** {@code max_{j != y} z_j - z_y} per row of {@code logits} ({@code [n, classes]}): positive = misclassified. */
    public static double[] margins(double[] logits, int classes, int[] labels) {
        double[] m = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int off = i * classes;
            m[i] = logits[off + runnerUp(logits, off, classes, labels[i])] - logits[off + labels[i]];
        }
        return m;
    }

    /**
     * Whether each row is misclassified: its arg-max logit (the first on ties, as the classifier predicts) is not the
     * label.
     */
    public static boolean[] misclassified(double[] logits, int classes, int[] labels) {
        boolean[] wrong = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int off = i * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = logits[off + c] > logits[off + best] ? c : best;
            }
            wrong[i] = best != labels[i];
        }
        return wrong;
    }

    private static LatentLoss of(ClassifierHead head, int[] labels, RowLoss row) {
        int classes = head.classes();
        return new LatentLoss() {
            double[] logits = new double[0];
            double[] gLogits = new double[0];

            @Override
            public void evaluate(Latents p, double[] value, double[] gMu, double[] gLogVar) {
                int n = p.n();
                if (labels == null || labels.length != n) {
                    throw new IllegalArgumentException("a classifier loss needs one label per example: got "
                            + (labels == null ? "none" : labels.length + " labels") + " for " + n + " examples");
                }
                if (p.d() != head.latentDim()) {
                    throw new IllegalArgumentException("the classifier head takes mu of dimension " + head.latentDim()
                            + " but the encoder's is " + p.d());
                }
                if (logits.length != n * classes) {
                    logits = new double[n * classes];
                    gLogits = new double[n * classes];
                }
                head.logits(p.mu(), n, logits);
                for (int i = 0; i < n; i++) {
                    value[i] = row.apply(logits, i * classes, classes, labels[i], gMu == null ? null : gLogits);
                }
                if (gMu != null) {
                    head.backward(p.mu(), n, gLogits, gMu);
                    java.util.Arrays.fill(gLogVar, 0);
                }
            }
        };
    }

    private static double crossEntropyRow(double[] z, int off, int classes, int label, double[] g) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(z[off + c] - max);
        }
        if (g != null) {
            for (int c = 0; c < classes; c++) {
                g[off + c] = Math.exp(z[off + c] - max) / sum - (c == label ? 1 : 0);
            }
        }
        return max + Math.log(sum) - z[off + label];
    }

    private static double dlrRow(double[] z, int off, int classes, int label, double[] g) {
        int other = runnerUp(z, off, classes, label);
        double margin = z[off + other] - z[off + label];
        int first = -1;
        int third = -1;
        double denominator = 1;
        if (classes >= 3) {
            int[] top = top3(z, off, classes);
            first = top[0];
            third = top[2];
            denominator = z[off + first] - z[off + third] + DLR_EPSILON;
        }
        double value = margin / denominator;
        if (g != null) {
            java.util.Arrays.fill(g, off, off + classes, 0);
            g[off + other] += 1 / denominator;
            g[off + label] -= 1 / denominator;
            if (first >= 0) {
                g[off + first] -= value / denominator;
                g[off + third] += value / denominator;
            }
        }
        return value;
    }

    /** The largest logit other than the label's (the first such on ties). */
    private static int runnerUp(double[] z, int off, int classes, int label) {
        int best = -1;
        for (int c = 0; c < classes; c++) {
            if (c != label && (best < 0 || z[off + c] > z[off + best])) {
                best = c;
            }
        }
        return best;
    }

    private static int[] top3(double[] z, int off, int classes) {
        int[] top = {-1, -1, -1};
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < 3; k++) {
                if (top[k] < 0 || z[off + c] > z[off + top[k]]) {
                    System.arraycopy(top, k, top, k + 1, 2 - k);
                    top[k] = c;
                    break;
                }
            }
        }
        return top;
    }
}

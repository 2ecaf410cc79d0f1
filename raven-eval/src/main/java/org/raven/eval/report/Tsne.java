package org.raven.eval.report;

import smile.manifold.TSNE;
import smile.math.MathEx;

/** 2-D t-SNE with Smile 2.6 ({@code smile.manifold.TSNE}, LGPL-3). */
public final class Tsne {

    private Tsne() {
    }

    /**
     * Embeds {@code points} (rows) in two dimensions.
     *
     * @param perplexity clipped to {@code (n - 1) / 3} so that small test runs stay valid
     * @param seed       seeds Smile's per-thread generator, which draws the initial layout
     */
    public static double[][] embed(double[][] points, double perplexity, int iterations, long seed) {
        if (points.length < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + points.length);
        }
        double p = Math.max(1.0, Math.min(perplexity, (points.length - 1) / 3.0));
        // Smile draws its start from a thread-local generator; seeding it is the only way to be repeatable.
        MathEx.setSeed(seed);
        TSNE tsne = new TSNE(points, 2, p, 200.0, iterations);
        return tsne.coordinates;
    }
}

package org.raven.eval.run;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.attacks.GaussianDivergence;

/**
 * The metrics reported beside accuracy for attacked inputs, the same for every attack (see {@link BudgetResult}):
 * SKL (0.5 KL + 0.5 KL), mu's Euclidean shift, the reconstruction's shift, the negative ELBO and Camuto et al.'s
 * r-robustness. Bound to one clean batch; what needs a decoder or a bound is NaN without one.
 */
final class AttackMetrics {

    /** Draws z ~ q(z|x+e) per point for the r-robustness estimate. */
    static final int R_SAMPLES = 16;

    private final DifferentiableEncoder model;
    private final DifferentiableDecoder decoder;
    private final UnaryOperator<INDArray> reconstruct;
    private final ToDoubleFunction<INDArray> bound;
    private final double radius;
    private final double[] cleanMu;
    private final double[] cleanLogVar;
    private final INDArray cleanRecon;
    private final int n;
    private final int d;

    /**
     * @param decoder     null without a decoder
     * @param reconstruct {@code dec(mu(x))}; null without a decoder
     * @param bound       mean ELBO per example of inputs (NaN when unknown)
     * @param radius      r of the r-robustness estimate, as a root-mean-square distance per pixel
     */
    AttackMetrics(DifferentiableEncoder model, DifferentiableDecoder decoder, UnaryOperator<INDArray> reconstruct,
                  ToDoubleFunction<INDArray> bound, double radius, INDArray x) {
        this.model = model;
        this.decoder = reconstruct == null ? null : decoder;
        this.reconstruct = reconstruct;
        this.bound = bound;
        this.radius = radius;
        Posterior clean = model.encode(x);
        this.cleanMu = flat(clean.mu());
        this.cleanLogVar = flat(clean.logVar());
        this.n = Math.toIntExact(x.size(0));
        this.d = Math.toIntExact(clean.mu().size(1));
        this.cleanRecon = reconstruct == null ? null : reconstruct.apply(x).castTo(DataType.DOUBLE);
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
    }

    /** The metrics of {@code adv} (the attacked x, in x's order), the r-robustness draws from {@code random}. */
    BudgetResult measure(double budget, double accuracy, double attackObjective, double reconMse, INDArray adv,
                         SplittableRandom random, java.util.List<BudgetResult.MemberResult> members, int[] brokenBy) {
        Posterior p = model.encode(adv);
        double[] mu = flat(p.mu());
        double[] logVar = flat(p.logVar());
        double[] skl = new double[n];
        GaussianDivergence.symmetricKl(mu, logVar, cleanMu, cleanLogVar, d, skl, null, null);
        double shift = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = i * d; k < (i + 1) * d; k++) {
                s += (mu[k] - cleanMu[k]) * (mu[k] - cleanMu[k]);
            }
            shift += Math.sqrt(s);
        }
        double reconShift = Double.NaN;
        double robust = Double.NaN;
        if (reconstruct != null) {
            reconShift = meanSquare(reconstruct.apply(adv).castTo(DataType.DOUBLE).sub(cleanRecon)) / n;
            robust = rRobustness(mu, logVar, p.mu().dataType(), random);
        }
        return new BudgetResult(budget, accuracy, attackObjective, reconMse, mean(skl), shift / n, reconShift,
                -bound.applyAsDouble(adv), robust, members, brokenBy);
    }

    /** The fraction of (point, draw) pairs whose reconstruction from z ~ q(z|x+e) is within r of dec(mu(x)). */
    private double rRobustness(double[] mu, double[] logVar, DataType type, SplittableRandom random) {
        long within = 0;
        double[] z = new double[n * d];
        int pixels = Math.toIntExact(cleanRecon.size(1));
        for (int s = 0; s < R_SAMPLES; s++) {
            for (int k = 0; k < z.length; k++) {
                z[k] = mu[k] + Math.exp(0.5 * logVar[k]) * gaussian(random);
            }
            INDArray diff = decoder.decode(Nd4j.create(z, new long[] {n, d}, DataType.DOUBLE).castTo(type))
                    .castTo(DataType.DOUBLE).sub(cleanRecon);
            double[] rowSquares = diff.mul(diff).sum(1).toDoubleVector();
            for (double sq : rowSquares) {
                within += Math.sqrt(sq / pixels) <= radius ? 1 : 0;
            }
        }
        return (double) within / ((long) n * R_SAMPLES);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Sum over rows of the mean square per row. */
    private static double meanSquare(INDArray diff) {
        return diff.mul(diff).sumNumber().doubleValue() / diff.size(1);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

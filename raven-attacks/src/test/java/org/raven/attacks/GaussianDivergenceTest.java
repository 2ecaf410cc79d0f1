package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.raven.api.model.Posterior;

class GaussianDivergenceTest {

    private static final int N = 3;
    private static final int D = 4;

    private static double[] randoms(SplittableRandom rng, double scale) {
        double[] a = new double[N * D];
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * rng.nextGaussian();
        }
        return a;
    }

    /** The textbook formula, term by term. */
    private static double textbookKl(double[] muP, double[] lvP, double[] muQ, double[] lvQ, int row) {
        double s = 0;
        for (int j = row * D; j < (row + 1) * D; j++) {
            s += lvQ[j] - lvP[j] + (Math.exp(lvP[j]) + Math.pow(muP[j] - muQ[j], 2)) / Math.exp(lvQ[j]) - 1;
        }
        return 0.5 * s;
    }

    @Test
    void klMatchesTheTextbookFormulaAndSklIsTheMeanOfBothDirections() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] muP = randoms(rng, 1);
        double[] lvP = randoms(rng, 0.7);
        double[] muQ = randoms(rng, 1);
        double[] lvQ = randoms(rng, 0.7);
        double[] pq = new double[N];
        double[] qp = new double[N];
        double[] skl = new double[N];
        GaussianDivergence.kl(muP, lvP, muQ, lvQ, D, pq, null, null);
        GaussianDivergence.kl(muQ, lvQ, muP, lvP, D, qp, null, null);
        GaussianDivergence.symmetricKl(muP, lvP, muQ, lvQ, D, skl, null, null);
        for (int i = 0; i < N; i++) {
            assertThat(pq[i]).isCloseTo(textbookKl(muP, lvP, muQ, lvQ, i), within(1e-12));
            assertThat(qp[i]).isCloseTo(textbookKl(muQ, lvQ, muP, lvP, i), within(1e-12));
            // Kuzina et al.'s convention: 0.5 KL(p||q) + 0.5 KL(q||p), not the sum
            assertThat(skl[i]).isCloseTo(0.5 * pq[i] + 0.5 * qp[i], within(1e-12));
            assertThat(pq[i]).isGreaterThan(0);
        }
    }

    @Test
    void aKnownValue() {
        // N(1, e^1) vs N(0, 1) in one dimension: KL = 1/2 (0 - 1 + (e + 1) - 1) = (e - 1) / 2
        double[] v = new double[1];
        GaussianDivergence.kl(new double[] {1}, new double[] {1}, new double[] {0}, new double[] {0}, 1, v, null, null);
        assertThat(v[0]).isCloseTo((Math.E - 1) / 2, within(1e-15));
        // reverse: 1/2 (1 - 0 + (1 + 1) / e - 1) = 1 / e
        GaussianDivergence.kl(new double[] {0}, new double[] {0}, new double[] {1}, new double[] {1}, 1, v, null, null);
        assertThat(v[0]).isCloseTo(1 / Math.E, within(1e-15));
    }

    @Test
    void divergencesOfIdenticalPosteriorsAreExactlyZeroAndSoAreTheirGradients() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] mu = randoms(rng, 3);
        double[] lv = randoms(rng, 2);
        double[] v = new double[N];
        double[] gm = new double[N * D];
        double[] gl = new double[N * D];
        GaussianDivergence.symmetricKl(mu, lv, mu, lv, D, v, gm, gl);
        assertThat(v).containsOnly(0.0);
        assertThat(gm).containsOnly(0.0);
        assertThat(gl).containsOnly(0.0);
        GaussianDivergence.kl(mu, lv, mu, lv, D, v, gm, gl);
        assertThat(v).containsOnly(0.0);
        assertThat(gl).containsOnly(0.0);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] muP = randoms(rng, 1);
        double[] lvP = randoms(rng, 0.7);
        double[] muQ = randoms(rng, 1);
        double[] lvQ = randoms(rng, 0.7);
        for (boolean symmetric : new boolean[] {true, false}) {
            double[] gm = new double[N * D];
            double[] gl = new double[N * D];
            double[] v = new double[N];
            eval(symmetric, muP, lvP, muQ, lvQ, v, gm, gl);
            double h = 1e-6;
            for (int k = 0; k < N * D; k++) {
                int row = k / D;
                assertThat(fd(symmetric, muP, lvP, muQ, lvQ, muP, k, h, row)).as("dmu %d", k)
                        .isCloseTo(gm[k], within(1e-7 * (1 + Math.abs(gm[k]))));
                assertThat(fd(symmetric, muP, lvP, muQ, lvQ, lvP, k, h, row)).as("dlogVar %d", k)
                        .isCloseTo(gl[k], within(1e-7 * (1 + Math.abs(gl[k]))));
            }
        }
    }

    private static void eval(boolean symmetric, double[] muP, double[] lvP, double[] muQ, double[] lvQ,
                             double[] v, double[] gm, double[] gl) {
        if (symmetric) {
            GaussianDivergence.symmetricKl(muP, lvP, muQ, lvQ, D, v, gm, gl);
        } else {
            GaussianDivergence.kl(muP, lvP, muQ, lvQ, D, v, gm, gl);
        }
    }

    private static double fd(boolean symmetric, double[] muP, double[] lvP, double[] muQ, double[] lvQ,
                             double[] which, int k, double h, int row) {
        double[] v = new double[N];
        double old = which[k];
        which[k] = old + h;
        eval(symmetric, muP, lvP, muQ, lvQ, v, null, null);
        double plus = v[row];
        which[k] = old - h;
        eval(symmetric, muP, lvP, muQ, lvQ, v, null, null);
        double minus = v[row];
        which[k] = old;
        return (plus - minus) / (2 * h);
    }

    @Test
    void posteriorOverloadsAgreeWithTheArrayForm() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] muP = randoms(rng, 1);
        double[] lvP = randoms(rng, 0.5);
        double[] muQ = randoms(rng, 1);
        double[] lvQ = randoms(rng, 0.5);
        Posterior p = new Posterior(Nd.fromFlat(muP, N, D, DataType.DOUBLE), Nd.fromFlat(lvP, N, D, DataType.DOUBLE));
        Posterior q = new Posterior(Nd.fromFlat(muQ, N, D, DataType.DOUBLE), Nd.fromFlat(lvQ, N, D, DataType.DOUBLE));
        double[] v = new double[N];
        GaussianDivergence.symmetricKl(muP, lvP, muQ, lvQ, D, v, null, null);
        assertThat(GaussianDivergence.symmetricKl(p, q)).containsExactly(v);
        GaussianDivergence.kl(muP, lvP, muQ, lvQ, D, v, null, null);
        assertThat(GaussianDivergence.kl(p, q)).containsExactly(v);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThatThrownBy(() -> GaussianDivergence.kl(new double[3], new double[4], new double[4], new double[4], 2,
                new double[2], null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected arrays of 2 x 2 = 4 values, got 3");
    }
}

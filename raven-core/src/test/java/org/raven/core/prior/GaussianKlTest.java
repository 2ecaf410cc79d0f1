package org.raven.core.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.raven.api.prior.ClosedFormPrior;

/** The closed forms against the general matrix formula, Monte Carlo, each other, and finite differences. */
class GaussianKlTest {

    /** A prior with its generative form z' = a z + b eta. */
    record Case(String name, ClosedFormPrior prior, double a, double b) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("standard-normal", new StandardNormalPrior(), 0, 1),
                new Case("paired rho=0.9", new PairedGaussianPrior(0.9), 0.9, Math.sqrt(1 - 0.81)),
                new Case("paired rho=0.3", new PairedGaussianPrior(0.3), 0.3, Math.sqrt(1 - 0.09)),
                new Case("paired rho=0", new PairedGaussianPrior(0.0), 0, 1),
                new Case("additive tau=0.5", new AdditivePrior(0.5), 1, 0.5),
                new Case("additive tau=2", new AdditivePrior(2.0), 1, 2.0));
    }

    private static double[] normal(SplittableRandom r, int d, double scale) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void closedFormEqualsGeneralMatrixFormula(Case c) {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int d = 1 + trial % 4;
            double[] mu = normal(r, d, 1.5);
            double[] lv = normal(r, d, 1.0);
            double[] muN = normal(r, d, 1.5);
            double[] lvN = normal(r, d, 1.0);
            double expected = Gaussians.klDiagonalToFull(Gaussians.concat(mu, muN),
                    Gaussians.concat(Gaussians.exp(lv), Gaussians.exp(lvN)), Gaussians.jointCovariance(d, c.a(), c.b()));
            assertThat(c.prior().pairKl(mu, lv, muN, lvN)).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void singleInputKlIsTheStandardFormula(Case c) {
        SplittableRandom r = new SplittableRandom(5);
        double[] mu = normal(r, 3, 1);
        double[] lv = normal(r, 3, 1);
        double[][] identity = Gaussians.jointCovariance(3, 0, 1);
        double[][] marginal = new double[3][3];
        for (int i = 0; i < 3; i++) {
            marginal[i][i] = identity[i][i];
        }
        assertThat(c.prior().kl(mu, lv)).isCloseTo(Gaussians.klDiagonalToFull(mu, Gaussians.exp(lv), marginal), within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void closedFormAgreesWithMonteCarlo(Case c) {
        int d = 2;
        SplittableRandom r = new SplittableRandom(7);
        double[] mu = {0.4, -0.8};
        double[] lv = {-0.5, 0.3};
        double[] muN = {0.1, -0.2};
        double[] lvN = {-1.0, 0.1};
        double[][] sigma = Gaussians.jointCovariance(d, c.a(), c.b());
        double[][] l = Gaussians.cholesky(sigma);
        double logDetSigma = Gaussians.logDet(l);
        double[] m = Gaussians.concat(mu, muN);
        double[] lvAll = Gaussians.concat(lv, lvN);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        double[] z = new double[2 * d];
        for (int s = 0; s < n; s++) {
            double logQ = 0;
            for (int i = 0; i < 2 * d; i++) {
                double e = r.nextGaussian();
                z[i] = m[i] + Math.exp(0.5 * lvAll[i]) * e;
                logQ += -0.5 * e * e - 0.5 * lvAll[i] - 0.5 * Math.log(2 * Math.PI);
            }
            double[] sz = Gaussians.solve(l, z);
            double quad = 0;
            for (int i = 0; i < 2 * d; i++) {
                quad += z[i] * sz[i];
            }
            double logP = -0.5 * quad - 0.5 * logDetSigma - d * Math.log(2 * Math.PI);
            double w = logQ - logP;
            sum += w;
            sumSq += w * w;
        }
        double mean = sum / n;
        double se = Math.sqrt((sumSq / n - mean * mean) / n);
        assertThat(c.prior().pairKl(mu, lv, muN, lvN)).isCloseTo(mean, within(3 * se));
    }

    @Test
    void rhoZeroIsNaiveAugmentation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            double[] mu = normal(r, 5, 1);
            double[] lv = normal(r, 5, 1);
            double[] muN = normal(r, 5, 1);
            double[] lvN = normal(r, 5, 1);
            double naive = GaussianKl.standard(mu, lv) + GaussianKl.standard(muN, lvN);
            assertThat(GaussianKl.paired(0.0, mu, lv, muN, lvN)).isCloseTo(naive, within(1e-12));
            assertThat(new StandardNormalPrior().pairKl(mu, lv, muN, lvN)).isCloseTo(naive, within(1e-12));
        }
    }

    @Test
    void standardKlIsZeroAtThePrior() {
        assertThat(GaussianKl.standard(new double[3], new double[3])).isEqualTo(0.0);
        // z' = z exactly is the limit rho -> 1; at the prior's own conditional the pair KL is the standard one.
        assertThat(GaussianKl.additive(0.5, new double[] {0}, new double[] {0}, new double[] {0},
                new double[] {Math.log(0.25)})).isCloseTo(0.5 * (0.25 / 0.25 + 1 / 0.25 - 1 + Math.log(0.25) - Math.log(0.25)), within(1e-12));
    }

    static Stream<Arguments> gradientCases() {
        return cases().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("gradientCases")
    void gradientsMatchCentralDifferences(Case c) {
        SplittableRandom r = new SplittableRandom(19);
        int d = 4;
        double[][] args = {normal(r, d, 1), normal(r, d, 1), normal(r, d, 1), normal(r, d, 1)};
        double[][] grads = new double[4][d];
        c.prior().pairKl(args[0], args[1], args[2], args[3], 0, d, grads[0], grads[1], grads[2], grads[3]);
        double h = 1e-6;
        for (int a = 0; a < 4; a++) {
            for (int j = 0; j < d; j++) {
                double keep = args[a][j];
                args[a][j] = keep + h;
                double plus = c.prior().pairKl(args[0], args[1], args[2], args[3]);
                args[a][j] = keep - h;
                double minus = c.prior().pairKl(args[0], args[1], args[2], args[3]);
                args[a][j] = keep;
                assertThat(grads[a][j]).as("argument %d, entry %d", a, j).isCloseTo((plus - minus) / (2 * h), within(1e-7));
            }
        }
    }

    @Test
    void offsetsReadOneRowOfAFlatBuffer() {
        double[] mu = {9, 9, 0.3, -0.2, 9};
        double[] lv = {9, 9, -0.1, 0.4, 9};
        double[] muN = {9, 9, 0.1, 0.0, 9};
        double[] lvN = {9, 9, 0.2, -0.3, 9};
        double whole = GaussianKl.additive(0.5, new double[] {0.3, -0.2}, new double[] {-0.1, 0.4},
                new double[] {0.1, 0.0}, new double[] {0.2, -0.3});
        assertThat(GaussianKl.additive(0.5, mu, lv, muN, lvN, 2, 2, null, null, null, null)).isCloseTo(whole, within(1e-15));
    }
}

package org.raven.defences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingResult;
import org.raven.api.RandomStreams;

class BetaTcvaeTest {

    private static final int M = 5;
    private static final int D = 3;
    private static final double N = 1000;

    private static double[][] draw(SplittableRandom r, double lo, double hi) {
        double[][] a = new double[M][D];
        for (double[] row : a) {
            for (int j = 0; j < D; j++) {
                row[j] = r.nextDouble(lo, hi);
            }
        }
        return a;
    }

    private static double logNormal(double z, double mu, double logVar) {
        return -0.5 * (Math.log(2 * Math.PI) + logVar + (z - mu) * (z - mu) / Math.exp(logVar));
    }

    /** The MWS estimate written out as sums over (i, k, j), no vectorisation: the reference. */
    private static double bruteForce(double[][] mu, double[][] lv, double[][] z) {
        double tc = 0;
        for (int i = 0; i < M; i++) {
            double joint = 0;
            double[] marg = new double[D];
            for (int k = 0; k < M; k++) {
                double s = 0;
                for (int j = 0; j < D; j++) {
                    double l = logNormal(z[i][j], mu[k][j], lv[k][j]);
                    s += l;
                    marg[j] += Math.exp(l);
                }
                joint += Math.exp(s);
            }
            double logQz = Math.log(joint) - Math.log(N * M);
            double logProd = 0;
            for (int j = 0; j < D; j++) {
                logProd += Math.log(marg[j]) - Math.log(N * M);
            }
            tc += logQz - logProd;
        }
        return tc / M;
    }

    private static INDArray arr(double[][] a) {
        return Nd4j.create(a).castTo(DataType.DOUBLE);
    }

    private static double graphTc(double[][] mu, double[][] lv, double[][] z, Map<String, INDArray> grads) {
        SameDiff sd = SameDiff.create();
        SDVariable m = sd.var("mu", arr(mu));
        SDVariable l = sd.var("logVar", arr(lv));
        SDVariable zz = sd.var("z", arr(z));
        SDVariable n = sd.constant("n", Nd4j.scalar(DataType.DOUBLE, N));
        SDVariable tc = TotalCorrelation.minibatchWeighted(sd, m, l, zz, n).rename("tc");
        sd.setLossVariables(tc);
        if (grads != null) {
            grads.putAll(sd.calculateGradients(Map.of(), "mu", "logVar", "z"));
        }
        return tc.eval().getDouble(0);
    }

    @Test
    void estimatorEqualsTheSumsWrittenOut() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] mu = draw(r, -1, 1);
        double[][] lv = draw(r, -1.5, 0.5);
        double[][] z = draw(r, -1.5, 1.5);
        double expected = bruteForce(mu, lv, z);
        assertThat(graphTc(mu, lv, z, null)).isCloseTo(expected, within(1e-10));
        // every example's posterior N(0, I) and every z = 0: q(z) and each q(z_j) are the same sums, TC = (D - 1) log N
        double[][] same = new double[M][D];
        double[][] zero = new double[M][D];
        assertThat(graphTc(same, zero, same, null)).isCloseTo(bruteForce(same, zero, same), within(1e-10))
                .isCloseTo((D - 1) * Math.log(N), within(1e-9));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(4);
        double[][] mu = draw(r, -1, 1);
        double[][] lv = draw(r, -1.5, 0.5);
        double[][] z = draw(r, -1.5, 1.5);
        Map<String, INDArray> grads = new java.util.HashMap<>();
        graphTc(mu, lv, z, grads);
        double h = 1e-6;
        for (String name : List.of("mu", "logVar", "z")) {
            double[][] p = name.equals("mu") ? mu : name.equals("logVar") ? lv : z;
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < D; j++) {
                    double keep = p[i][j];
                    p[i][j] = keep + h;
                    double up = bruteForce(mu, lv, z);
                    p[i][j] = keep - h;
                    double down = bruteForce(mu, lv, z);
                    p[i][j] = keep;
                    assertThat(grads.get(name).getDouble(i, j)).as(name + "[" + i + "][" + j + "]")
                            .isCloseTo((up - down) / (2 * h), within(1e-6));
                }
            }
        }
    }

    @Test
    void defaultsAndValidation() {
        assertThat(new BetaTcvae.Spec(null).beta()).isEqualTo(6.0);
        assertThat(new BetaTcvae.Spec(0.5).validate()).extracting(Object::toString)
                .containsExactly("beta - must be finite and >= 1 (was 0.5)");
    }

    @Test
    void trainsOnTheSameDiffEngineAndLowersItsLoss() {
        ObjectiveTerm term = (ObjectiveTerm) new BetaTcvae().create(new BetaTcvae.Spec(4.0), new PluginContext(null, true));
        Vae vae = Models.vae(List.of(8), 2, term, 1);
        TrainingResult r = new Trainer().fit(vae, Models.data(200, 1), TrainingSpec.defaults().withEpochs(6),
                new RandomStreams(5), null, null);
        assertThat(r.engine()).isEqualTo("samediff");
        assertThat(r.epochs().get(5).loss()).isLessThan(r.epochs().get(0).loss());
        assertThat(r.epochs().get(5).loss()).isFinite();
    }
}

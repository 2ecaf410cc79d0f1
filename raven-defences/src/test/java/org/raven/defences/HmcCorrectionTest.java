package org.raven.defences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.defence.InferenceProcedure;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;
import org.raven.core.JointDensity;
import org.raven.core.Vae;
import org.raven.core.fast.FusedInference;
import org.raven.testkit.ToyAutoEncoder;

class HmcCorrectionTest {

    /**
     * p(z) = N(0, I_2), p(x|z) = N(W z + b, v I_3): the posterior is N(S W'(x - b) / v, S) with S = (I + W'W / v)^-1.
     * Every row of x is the same observation, so each row is an independent chain for it.
     */
    private static final double[][] W = {{1.0, 0.5}, {-0.3, 0.8}, {0.6, -0.4}};
    private static final double[] B = {0.1, -0.2, 0.3};
    private static final double V = 0.5;
    private static final double[] X = {0.9, -0.4, 0.7};

    /** Row-major values (toDoubleMatrix makes one ND4J call per row: too slow for 4,000 chains). */
    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static final LatentTarget LINEAR_GAUSSIAN = new LatentTarget() {
        @Override
        public double[] logDensity(INDArray x, INDArray z) {
            double[] zz = flat(z);
            double[] xx = flat(x);
            double[] out = new double[zz.length / 2];
            for (int i = 0; i < out.length; i++) {
                double s = -0.5 * (zz[2 * i] * zz[2 * i] + zz[2 * i + 1] * zz[2 * i + 1]);
                for (int k = 0; k < 3; k++) {
                    double r = xx[3 * i + k] - (W[k][0] * zz[2 * i] + W[k][1] * zz[2 * i + 1] + B[k]);
                    s -= r * r / (2 * V);
                }
                out[i] = s;
            }
            return out;
        }

        @Override
        public INDArray gradient(INDArray x, INDArray z) {
            double[] zz = flat(z);
            double[] xx = flat(x);
            double[] g = new double[zz.length];
            for (int i = 0; i < zz.length / 2; i++) {
                g[2 * i] = -zz[2 * i];
                g[2 * i + 1] = -zz[2 * i + 1];
                for (int k = 0; k < 3; k++) {
                    double r = xx[3 * i + k] - (W[k][0] * zz[2 * i] + W[k][1] * zz[2 * i + 1] + B[k]);
                    g[2 * i] += W[k][0] * r / V;
                    g[2 * i + 1] += W[k][1] * r / V;
                }
            }
            return Nd4j.create(g, new long[] {zz.length / 2, 2}, DataType.DOUBLE);
        }
    };

    /** A deliberately wrong q(z|x): N((1.5, -1), diag(0.3^2)) whatever x is. */
    private static final AutoEncoder OFF = new AutoEncoder() {
        @Override
        public DifferentiableDecoder decoder() {
            throw new UnsupportedOperationException("the chain needs only the target");
        }

        @Override
        public int inputSize() {
            return 3;
        }

        @Override
        public int latentDim() {
            return 2;
        }

        @Override
        public Posterior encode(INDArray x) {
            int n = (int) x.size(0);
            INDArray mu = Nd4j.create(DataType.DOUBLE, n, 2);
            mu.getColumn(0).assign(1.5);
            mu.getColumn(1).assign(-1.0);
            return new Posterior(mu, Nd4j.valueArrayOf(new long[] {n, 2}, Math.log(0.09), DataType.DOUBLE));
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return Nd4j.zeros(DataType.DOUBLE, x.size(0), 3);
        }
    };

    @Test
    void chainsMatchTheExactPosteriorOfALinearGaussianModel() {
        // exact posterior
        double a = 1, bb = 0, d = 1; // I + W'W / v = [[a, bb], [bb, d]]
        double r0 = 0, r1 = 0;
        for (int k = 0; k < 3; k++) {
            a += W[k][0] * W[k][0] / V;
            bb += W[k][0] * W[k][1] / V;
            d += W[k][1] * W[k][1] / V;
            r0 += W[k][0] * (X[k] - B[k]) / V;
            r1 += W[k][1] * (X[k] - B[k]) / V;
        }
        double det = a * d - bb * bb;
        double s00 = d / det;
        double s11 = a / det;
        double s01 = -bb / det;
        double m0 = s00 * r0 + s01 * r1;
        double m1 = s01 * r0 + s11 * r1;

        int chains = 4000;
        INDArray x = Nd4j.create(X).reshape(1, 3).repeat(0, chains);
        InferenceProcedure hmc = new HmcCorrection().create(new HmcCorrection.Spec(40, 5, 0.15, 1), new PluginContext(null, true));
        InferenceProcedure.Corrected corrected = hmc.wrap(OFF, LINEAR_GAUSSIAN, 7);
        double[] z = flat(corrected.encode(x).mu());
        double mean0 = 0;
        double mean1 = 0;
        for (int i = 0; i < chains; i++) {
            mean0 += z[2 * i] / chains;
            mean1 += z[2 * i + 1] / chains;
        }
        double var0 = 0;
        double var1 = 0;
        for (int i = 0; i < chains; i++) {
            var0 += (z[2 * i] - mean0) * (z[2 * i] - mean0) / (chains - 1);
            var1 += (z[2 * i + 1] - mean1) * (z[2 * i + 1] - mean1) / (chains - 1);
        }
        // 4 standard errors: the mean's sqrt(s / n); the variance's s sqrt(2 / (n - 1)) (Gaussian samples)
        assertThat(mean0).isCloseTo(m0, within(4 * Math.sqrt(s00 / chains)));
        assertThat(mean1).isCloseTo(m1, within(4 * Math.sqrt(s11 / chains)));
        assertThat(var0).isCloseTo(s00, within(4 * s00 * Math.sqrt(2.0 / (chains - 1))));
        assertThat(var1).isCloseTo(s11, within(4 * s11 * Math.sqrt(2.0 / (chains - 1))));
        // q was far off: the chain had to move (q's mean is 1.5, -1)
        assertThat(Math.abs(m0 - 1.5) + Math.abs(m1 + 1.0)).isGreaterThan(20 * Math.sqrt(s00 / chains));
        double rate = corrected.diagnostics().get("acceptanceRate");
        assertThat(rate).isBetween(0.5, 1.0);
        assertThat(corrected.diagnostics().get("transitions")).isEqualTo(40.0 * chains);
    }

    @Test
    void theSameSeedGivesTheSameCodesAndTheGradientIsTheEncodersOwn() {
        ToyAutoEncoder toy = new ToyAutoEncoder(16, 8, 3, 5);
        LatentTarget target = new org.raven.core.JointDensity(toy.decoder(), false, 1.0);
        InferenceProcedure hmc = new HmcCorrection().create(new HmcCorrection.Spec(3, 2, 0.05, 2), new PluginContext(null, true));
        INDArray x = Models.data(4, 1).features().castTo(DataType.DOUBLE);
        INDArray before = x.dup();
        INDArray first = hmc.wrap(toy, target, 5).encode(x).mu();
        InferenceProcedure.Corrected again = hmc.wrap(toy, target, 5);
        assertThat(again.encode(x).mu()).isEqualTo(first);
        assertThat(x).isEqualTo(before);
        assertThat(first).isNotEqualTo(toy.encode(x).mu());
        INDArray g = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray gl = Nd4j.rand(DataType.DOUBLE, 4, 3);
        assertThat(again.inputGradient(x, g, gl)).isEqualTo(toy.inputGradient(x, g, gl));
        assertThat(again.gradient()).isEqualTo(HmcCorrection.GRADIENT);
        INDArray z = Nd4j.rand(DataType.DOUBLE, 2, 3);
        assertThat(again.decoder().decode(z)).as("the model's own decoder").isEqualTo(toy.decoder().decode(z));
    }

    @Test
    void theFusedTargetRunsTheSameChainsAsTheSameDiffDecoder() {
        // one decoder pass for density and gradient, likelihood from the logits: in double precision and away from
        // the SameDiff target's clamp the chain makes the same moves and the same Metropolis decisions
        Vae vae = Models.vaeDouble(List.of(8, 6), 3, null, 5);
        AutoEncoder frozen = FusedInference.view(vae);
        INDArray x = Models.data(12, 3).features().castTo(DataType.DOUBLE);
        InferenceProcedure hmc = new HmcCorrection().create(new HmcCorrection.Spec(10, 5, 0.6, 2), new PluginContext(null, true));
        InferenceProcedure.Corrected graph = hmc.wrap(frozen, JointDensity.of(vae), 9);
        InferenceProcedure.Corrected fused = hmc.wrap(frozen, FusedInference.target(vae), 9);
        INDArray expected = graph.encode(x).mu();
        INDArray actual = fused.encode(x).mu();
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(actual.sub(frozen.encode(x).mu()).amaxNumber().doubleValue()).as("the chains moved").isGreaterThan(0.1);
        double rate = graph.diagnostics().get("acceptanceRate");
        assertThat(rate).as("some proposals rejected: the decisions are compared too").isBetween(0.2, 0.95);
        assertThat(fused.diagnostics()).isEqualTo(graph.diagnostics());
    }
}

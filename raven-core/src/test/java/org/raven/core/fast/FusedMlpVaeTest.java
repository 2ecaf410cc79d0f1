package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.NanGradientPrior;
import org.raven.core.NonFiniteException;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.PairedGaussianPrior;
import org.raven.core.prior.StandardNormalPrior;

class FusedMlpVaeTest {

    static final MlpLayout TINY = new MlpLayout(6, List.of(5, 4), 3);
    static final int BATCH = 4;

    static INDArray uniform(SplittableRandom r, DataType t, int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble();
            }
        }
        return Nd4j.create(v).castTo(t);
    }

    static INDArray normal(SplittableRandom r, DataType t, double std, int rows, int cols) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = std * r.nextGaussian();
            }
        }
        return Nd4j.create(v).castTo(t);
    }

    /** Random parameters (non-zero biases, so bias gradients are exercised too). */
    static Map<String, INDArray> randomParameters(MlpLayout layout, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (String name : layout.names()) {
            long[] s = layout.shape(name);
            INDArray a = s.length == 1 ? normal(r, DataType.DOUBLE, 0.3, 1, (int) s[0]).reshape(s[0])
                    : normal(r, DataType.DOUBLE, 0.6, (int) s[0], (int) s[1]);
            p.put(name, a);
        }
        return p;
    }

    record Case(String name, LikelihoodSpec likelihood, ClosedFormPrior prior, boolean pair, double beta) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("vae bernoulli", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), false, 1.0),
                new Case("vae gaussian beta 2", LikelihoodSpec.gaussian(0.3), new StandardNormalPrior(), false, 2.0),
                new Case("noisy-vae bernoulli", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), true, 1.0),
                new Case("raven paired 0.6", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.6), true, 1.0),
                new Case("raven additive 0.5 gaussian", LikelihoodSpec.gaussian(0.5), new AdditivePrior(0.5), true, 0.7),
                new Case("raven additive 2 beta 3", LikelihoodSpec.bernoulli(), new AdditivePrior(2.0), true, 3.0))
                .map(Arguments::of);
    }

    static FusedMlpVae model(Case c, DataType t, Map<String, INDArray> p) {
        FusedMlpVae vae = new FusedMlpVae(new FusedMlpVae.Config(TINY, c.likelihood(), c.prior(), c.beta(),
                AdamSettings.of(1e-2), t));
        vae.setParameters(p);
        return vae;
    }

    static final class Inputs {
        final INDArray x;
        final INDArray eps;
        final INDArray xn;
        final INDArray epsN;

        Inputs(long seed, DataType t, boolean pair) {
            SplittableRandom r = new SplittableRandom(seed);
            x = uniform(r, t, BATCH, TINY.inputSize());
            eps = normal(r, t, 1, BATCH, TINY.latentDim());
            xn = pair ? uniform(r, t, BATCH, TINY.inputSize()) : null;
            epsN = pair ? normal(r, t, 1, BATCH, TINY.latentDim()) : null;
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lossEqualsTheNaiveReferenceInDouble(Case c) {
        Map<String, INDArray> p = randomParameters(TINY, 11);
        Inputs in = new Inputs(12, DataType.DOUBLE, c.pair());
        FusedMlpVae vae = model(c, DataType.DOUBLE, p);
        double fused = vae.computeGradients(in.x, in.eps, in.xn, in.epsN);
        double ref = ReferenceMlpVae.loss(TINY, p, c.likelihood(), c.prior(), c.beta(), in.x, in.eps, in.xn, in.epsN);
        assertThat(fused).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-10 * Math.abs(ref)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyParameterGradientMatchesCentralFiniteDifferences(Case c) {
        Map<String, INDArray> p = randomParameters(TINY, 21);
        Inputs in = new Inputs(22, DataType.DOUBLE, c.pair());
        FusedMlpVae vae = model(c, DataType.DOUBLE, p);
        vae.computeGradients(in.x, in.eps, in.xn, in.epsN);
        Map<String, INDArray> grads = vae.gradients();
        assertThat(grads.keySet()).containsExactlyElementsOf(TINY.names());
        double h = 1e-5; // rounding noise of a loss near 30 is about 3e-15 / h; truncation is O(h^2)
        double worst = 0;
        String worstAt = "";
        for (String name : TINY.names()) {
            INDArray param = p.get(name);
            INDArray flat = param.reshape(param.length());
            INDArray g = grads.get(name).reshape(param.length());
            for (long i = 0; i < param.length(); i++) {
                double v = flat.getDouble(i);
                flat.putScalar(i, v + h);
                vae.setParameters(p);
                double up = vae.computeGradients(in.x, in.eps, in.xn, in.epsN);
                flat.putScalar(i, v - h);
                vae.setParameters(p);
                double down = vae.computeGradients(in.x, in.eps, in.xn, in.epsN);
                flat.putScalar(i, v);
                double fd = (up - down) / (2 * h);
                double err = Math.abs(fd - g.getDouble(i)) / Math.max(1e-3, Math.abs(fd) + Math.abs(g.getDouble(i)));
                if (err > worst) {
                    worst = err;
                    worstAt = name + "[" + i + "] fd=" + fd + " analytic=" + g.getDouble(i);
                }
            }
        }
        assertThat(worst).as(worstAt).isLessThan(1e-6);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void floatFastPathAgreesWithDouble(Case c) {
        Map<String, INDArray> p = randomParameters(TINY, 31);
        Inputs in = new Inputs(32, DataType.DOUBLE, c.pair());
        FusedMlpVae d = model(c, DataType.DOUBLE, p);
        FusedMlpVae f = model(c, DataType.FLOAT, p);
        double ld = d.computeGradients(in.x, in.eps, in.xn, in.epsN);
        double lf = f.computeGradients(in.x.castTo(DataType.FLOAT), in.eps.castTo(DataType.FLOAT),
                in.xn == null ? null : in.xn.castTo(DataType.FLOAT), in.epsN == null ? null : in.epsN.castTo(DataType.FLOAT));
        assertThat(lf).isCloseTo(ld, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(ld)));
        Map<String, INDArray> gd = d.gradients();
        Map<String, INDArray> gf = f.gradients();
        for (String name : TINY.names()) {
            double scale = gd.get(name).norm2Number().doubleValue() + 1e-6;
            double diff = gd.get(name).sub(gf.get(name).castTo(DataType.DOUBLE)).norm2Number().doubleValue();
            assertThat(diff / scale).as(name).isLessThan(1e-5);
        }
    }

    @Test
    void batchSizesCanChangeBetweenStepsLikeAnEpochsLastPartialBatch() {
        Case c = new Case("raven", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.6), true, 1.0);
        Map<String, INDArray> p = randomParameters(TINY, 91);
        FusedMlpVae vae = model(c, DataType.DOUBLE, p);
        SplittableRandom r = new SplittableRandom(92);
        for (int rows : new int[] {4, 3, 1, 4, 5, 6, 7, 3}) { // more sizes than are kept: older ones are rebuilt
            INDArray x = uniform(r, DataType.DOUBLE, rows, TINY.inputSize());
            INDArray eps = normal(r, DataType.DOUBLE, 1, rows, TINY.latentDim());
            INDArray xn = uniform(r, DataType.DOUBLE, rows, TINY.inputSize());
            INDArray epsN = normal(r, DataType.DOUBLE, 1, rows, TINY.latentDim());
            double ref = ReferenceMlpVae.loss(TINY, p, c.likelihood(), c.prior(), 1.0, x, eps, xn, epsN);
            assertThat(vae.computeGradients(x, eps, xn, epsN)).as("batch %d", rows)
                    .isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-10 * Math.abs(ref)));
        }
    }

    @Test
    void adamFollowsTheTextbookFormulaOverTwoSteps() {
        Case c = new Case("raven", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.5), true, 1.0);
        Map<String, INDArray> p0 = randomParameters(TINY, 41);
        Inputs in = new Inputs(42, DataType.DOUBLE, true);
        AdamSettings a = new AdamSettings(0.01, 0.8, 0.95, 1e-3);
        FusedMlpVae vae = new FusedMlpVae(new FusedMlpVae.Config(TINY, c.likelihood(), c.prior(), 1.0, a, DataType.DOUBLE));
        vae.setParameters(p0);
        Map<String, double[]> m = new LinkedHashMap<>();
        Map<String, double[]> v = new LinkedHashMap<>();
        Map<String, double[]> expected = new LinkedHashMap<>();
        for (String name : TINY.names()) {
            m.put(name, new double[(int) p0.get(name).length()]);
            v.put(name, new double[(int) p0.get(name).length()]);
            expected.put(name, p0.get(name).reshape(p0.get(name).length()).toDoubleVector());
        }
        for (int t = 1; t <= 2; t++) {
            vae.computeGradients(in.x, in.eps, in.xn, in.epsN);
            Map<String, INDArray> g = vae.gradients();
            double loss = vae.trainStep(in.x, in.eps, in.xn, in.epsN);
            assertThat(loss).isFinite();
            for (String name : TINY.names()) {
                double[] gi = g.get(name).reshape(g.get(name).length()).toDoubleVector();
                double[] mi = m.get(name);
                double[] vi = v.get(name);
                double[] pi = expected.get(name);
                for (int i = 0; i < gi.length; i++) {
                    mi[i] = a.beta1() * mi[i] + (1 - a.beta1()) * gi[i];
                    vi[i] = a.beta2() * vi[i] + (1 - a.beta2()) * gi[i] * gi[i];
                    double mHat = mi[i] / (1 - Math.pow(a.beta1(), t));
                    double vHat = vi[i] / (1 - Math.pow(a.beta2(), t));
                    pi[i] -= a.learningRate() * mHat / (Math.sqrt(vHat) + a.epsilon());
                }
            }
            Map<String, INDArray> now = vae.parameters();
            for (String name : TINY.names()) {
                double[] got = now.get(name).reshape(now.get(name).length()).toDoubleVector();
                double[] want = expected.get(name);
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as(name + "[" + i + "] at step " + t).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
        AdamState s = vae.adamState();
        assertThat(s.step()).isEqualTo(2);
        for (String name : TINY.names()) {
            assertThat(s.m().get(name).reshape(s.m().get(name).length()).toDoubleVector()).containsExactly(m.get(name),
                    org.assertj.core.data.Offset.offset(1e-15));
            assertThat(s.v().get(name).reshape(s.v().get(name).length()).toDoubleVector()).containsExactly(v.get(name),
                    org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void adamStateRoundTripsSoTrainingResumesIdentically() {
        Case c = new Case("raven", LikelihoodSpec.bernoulli(), new AdditivePrior(0.5), true, 1.0);
        Map<String, INDArray> p0 = randomParameters(TINY, 51);
        Inputs in = new Inputs(52, DataType.FLOAT, true);
        FusedMlpVae a = model(c, DataType.FLOAT, p0);
        a.trainStep(in.x, in.eps, in.xn, in.epsN);
        a.trainStep(in.x, in.eps, in.xn, in.epsN);
        FusedMlpVae b = model(c, DataType.FLOAT, a.parameters());
        b.setAdamState(a.adamState());
        double la = a.trainStep(in.x, in.eps, in.xn, in.epsN);
        double lb = b.trainStep(in.x, in.eps, in.xn, in.epsN);
        assertThat(lb).isEqualTo(la);
        assertThat(b.adamStep()).isEqualTo(3);
        for (String name : TINY.names()) {
            assertThat(b.parameters().get(name)).as(name).isEqualTo(a.parameters().get(name));
        }
    }

    @Test
    void trainingIsDeterministicAndReducesTheLoss() {
        Case c = new Case("raven", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.7), true, 1.0);
        double[][] losses = new double[2][];
        Map<String, INDArray>[] finals = new Map[2];
        for (int run = 0; run < 2; run++) {
            FusedMlpVae vae = FusedMlpVae.initialised(new FusedMlpVae.Config(TINY, c.likelihood(), c.prior(), 1.0,
                    AdamSettings.of(1e-2), DataType.FLOAT), 7);
            Inputs in = new Inputs(8, DataType.FLOAT, true);
            losses[run] = new double[60];
            for (int s = 0; s < 60; s++) {
                losses[run][s] = vae.trainStep(in.x, in.eps, in.xn, in.epsN);
            }
            finals[run] = vae.parameters();
        }
        assertThat(losses[1]).containsExactly(losses[0]);
        for (String name : TINY.names()) {
            assertThat(finals[1].get(name)).isEqualTo(finals[0].get(name));
        }
        assertThat(losses[0][59]).isLessThan(losses[0][0] * 0.9);
    }

    @Test
    void twoJavaThreadsGiveTheSameTrainingUpToSummationOrder() {
        Case c = new Case("raven", LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.7), true, 1.0);
        Map<String, INDArray> p = randomParameters(TINY, 81);
        Inputs in = new Inputs(82, DataType.DOUBLE, true);
        try (FusedMlpVae one = model(c, DataType.DOUBLE, p); FusedMlpVae two = model(c, DataType.DOUBLE, p)) {
            two.setThreads(2);
            for (int s = 0; s < 5; s++) {
                double a = one.trainStep(in.x, in.eps, in.xn, in.epsN);
                double b = two.trainStep(in.x, in.eps, in.xn, in.epsN);
                assertThat(b).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(a)));
            }
            for (String name : TINY.names()) {
                double diff = one.parameters().get(name).sub(two.parameters().get(name)).amaxNumber().doubleValue();
                assertThat(diff).as(name).isLessThan(1e-12);
            }
            two.close();
            assertThat(two.trainStep(in.x, in.eps, in.xn, in.epsN)).isCloseTo(one.trainStep(in.x, in.eps, in.xn, in.epsN),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThatThrownBy(() -> model(c, DataType.FLOAT, p).setThreads(3)).hasMessage("threads must be 1 or 2 (was 3)");
    }

    @Test
    void aNonFiniteLossStopsBeforeTheUpdate() {
        Case c = new Case("vae", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), false, 1.0);
        Map<String, INDArray> p = randomParameters(TINY, 61);
        FusedMlpVae vae = model(c, DataType.DOUBLE, p);
        Inputs in = new Inputs(62, DataType.DOUBLE, false);
        in.eps.putScalar(0, 0, Double.NaN);
        assertThatThrownBy(() -> vae.trainStep(in.x, in.eps))
                .isInstanceOf(NonFiniteException.class).hasMessage("loss is NaN")
                .satisfies(e -> assertThat(((NonFiniteException) e).isLoss()).isTrue());
        assertThat(vae.adamStep()).isZero();
        assertThat(vae.parameters().get("enc.w0")).isEqualTo(p.get("enc.w0"));
    }

    @Test
    void aNonFiniteGradientStopsBeforeTheUpdateAndNamesTheFirstWeight() {
        Case c = new Case("vae", LikelihoodSpec.bernoulli(), new NanGradientPrior(), false, 1.0);
        Map<String, INDArray> p = randomParameters(TINY, 63);
        FusedMlpVae vae = model(c, DataType.DOUBLE, p);
        Inputs in = new Inputs(64, DataType.DOUBLE, false);
        assertThatThrownBy(() -> vae.trainStep(in.x, in.eps))
                .isInstanceOf(NonFiniteException.class).hasMessage("gradient of 'enc.w0' is NaN (the loss was finite)")
                .satisfies(e -> assertThat(((NonFiniteException) e).weight()).isEqualTo("enc.w0"));
        assertThat(Double.isFinite(vae.lastTerms().loss())).isTrue();
        assertThat(vae.adamStep()).isZero();
        assertThat(vae.adamState().m().get("enc.w0").amaxNumber().doubleValue()).isZero();
        assertThat(vae.parameters().get("enc.w0")).isEqualTo(p.get("enc.w0"));
    }

    /**
     * Work buffers carry the 1/batch scale. A clean step of 2B rows after a pair step of B examples (also 2B
     * rows) must use 1/(2B): the same loss and gradients as on a model that never ran the pair step.
     */
    @Test
    void aCleanStepOfTwiceTheRowsAfterAPairStepUsesItsOwnBatchSize() {
        Case pair = new Case("raven", LikelihoodSpec.bernoulli(), new AdditivePrior(0.5), true, 1.0);
        Map<String, INDArray> p = randomParameters(TINY, 65);
        FusedMlpVae used = model(pair, DataType.DOUBLE, p);
        FusedMlpVae fresh = model(pair, DataType.DOUBLE, p);
        Inputs pairs = new Inputs(66, DataType.DOUBLE, true); // BATCH pairs: 2 BATCH rows
        used.computeGradients(pairs.x, pairs.eps, pairs.xn, pairs.epsN);
        SplittableRandom r = new SplittableRandom(67);
        INDArray x = uniform(r, DataType.DOUBLE, 2 * BATCH, TINY.inputSize());
        INDArray eps = normal(r, DataType.DOUBLE, 1, 2 * BATCH, TINY.latentDim());
        double want = fresh.computeGradients(x, eps, null, null);
        assertThat(used.computeGradients(x, eps, null, null)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(want)));
        for (String name : TINY.names()) {
            assertThat(used.gradients().get(name).sub(fresh.gradients().get(name)).amaxNumber().doubleValue()).as(name)
                    .isLessThan(1e-12);
        }
    }

    @Test
    void badShapesAndNamesGetClearErrors() {
        Case c = new Case("vae", LikelihoodSpec.bernoulli(), new StandardNormalPrior(), false, 1.0);
        FusedMlpVae vae = model(c, DataType.FLOAT, randomParameters(TINY, 71));
        assertThatThrownBy(() -> vae.trainStep(Nd4j.zeros(DataType.FLOAT, 4, 5), Nd4j.zeros(DataType.FLOAT, 4, 3)))
                .hasMessage("x has shape [4, 5], expected [batch, 6]");
        assertThatThrownBy(() -> vae.trainStep(Nd4j.zeros(DataType.FLOAT, 4, 6), Nd4j.zeros(DataType.FLOAT, 3, 3)))
                .hasMessage("eps has shape [3, 3], expected [4, 3]");
        assertThatThrownBy(() -> vae.computeGradients(Nd4j.zeros(DataType.FLOAT, 4, 6), Nd4j.zeros(DataType.FLOAT, 4, 3),
                Nd4j.zeros(DataType.FLOAT, 4, 6), null))
                .hasMessage("xNoisy and epsNoisy must be given together (xNoisy given, epsNoisy null)");
        Map<String, INDArray> p = randomParameters(TINY, 72);
        p.remove("dec.b2");
        assertThatThrownBy(() -> vae.setParameters(p)).hasMessageStartingWith("parameters: missing entry 'dec.b2'; expected exactly [enc.w0,");
        Map<String, INDArray> q = randomParameters(TINY, 73);
        q.put("enc.w0", Nd4j.zeros(DataType.FLOAT, 5, 6));
        assertThatThrownBy(() -> vae.setParameters(q)).hasMessage("parameters: 'enc.w0' has shape [5, 6], expected [6, 5]");
        assertThatThrownBy(() -> new FusedMlpVae.Config(TINY, LikelihoodSpec.gaussian(1.0), new StandardNormalPrior(), 0.0,
                AdamSettings.of(1e-3), DataType.FLOAT)).hasMessage("beta must be > 0 (was 0.0)");
    }

    @Test
    void layoutNamesAndSizesFollowTheMlpArchitecture() {
        MlpLayout l = new MlpLayout(784, List.of(512, 512), 16);
        assertThat(l.names()).containsExactly("enc.w0", "enc.b0", "enc.w1", "enc.b1", "enc.mu.w", "enc.mu.b",
                "enc.logvar.w", "enc.logvar.b", "dec.w0", "dec.b0", "dec.w1", "dec.b1", "dec.w2", "dec.b2");
        assertThat(l.shape("dec.w0")).containsExactly(16, 512);
        assertThat(l.shape("dec.w2")).containsExactly(512, 784);
        assertThat(l.shape("enc.mu.b")).containsExactly(16);
        assertThat(l.size()).isEqualTo(784L * 512 + 512 + 512 * 512 + 512 + 2 * (512 * 16 + 16)
                + 16 * 512 + 512 + 512 * 512 + 512 + 512 * 784 + 784);
        assertThat(l.forwardFlopsPerExample()).isEqualTo(2L * (784 * 512 + 512 * 512 + 512 * 32 + 16 * 512 + 512 * 512 + 512 * 784));
    }
}

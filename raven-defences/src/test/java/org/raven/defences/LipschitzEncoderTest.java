package org.raven.defences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.PluginException;
import org.raven.api.RandomStreams;
import org.raven.api.attack.Attack;
import org.raven.api.defence.ShiftCertificate;
import org.raven.attacks.LatentSklPgdProvider;
import org.raven.attacks.LatentSklPgdSpec;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.fast.FusedInference;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingResult;

class LipschitzEncoderTest {

    private static final PluginContext CONTEXT = new PluginContext(null, true);

    private static INDArray random(SplittableRandom r, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /** sigma_max by power iteration run to convergence, in double. */
    private static double converged(INDArray w) {
        INDArray v = SpectralNorms.startVector(w.size(1), DataType.DOUBLE);
        double s = 0;
        for (int i = 0; i < 3000; i++) {
            s = SpectralNorms.powerStep(w.castTo(DataType.DOUBLE), v);
        }
        return s;
    }

    @Test
    void upperBoundIsAboveTheSpectralNormAndWithinATenthOfAPercent() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : new int[][] {{30, 7}, {7, 30}, {40, 40}}) {
            INDArray w = random(r, shape[0], shape[1]);
            double sigma = converged(w);
            assertThat(SpectralNorms.upperBound(w)).isGreaterThanOrEqualTo(sigma * (1 - 1e-12)).isLessThan(sigma * 1.001);
        }
        INDArray diag = Nd4j.diag(Nd4j.create(new double[] {3, 1, 0.5}));
        assertThat(SpectralNorms.upperBound(diag)).isCloseTo(3.0, within(3e-4));
        assertThat(LipschitzEncoder.infToL2(Nd4j.create(new double[][] {{1, -2}, {3, 4}}))).isCloseTo(Math.hypot(4, 6),
                within(1e-12));
    }

    private static Vae trained(ShiftCertificate defence) {
        Vae vae = Models.vae(List.of(12, 8), 3, (org.raven.api.defence.TrainingDefence) defence, 2);
        TrainingResult result = new Trainer().fit(vae, Models.data(200, 4), TrainingSpec.defaults().withEpochs(8)
                .withLearningRate(0.003), new RandomStreams(9), null, null);
        assertThat(result.epochs().get(7).loss()).isLessThan(result.epochs().get(0).loss());
        return vae;
    }

    @Test
    void spectralNormsAfterTrainingAreAtMostTheTargetAndTheBoundHoldsUnderAttack() {
        ShiftCertificate c = (ShiftCertificate) new LipschitzEncoder().create(new LipschitzEncoder.Spec(0.8, 3), CONTEXT);
        Vae vae = trained(c);
        Map<String, INDArray> w = vae.weights();
        for (String name : LipschitzEncoder.encoderLayers(w)) {
            // the tracked power iteration may trail the true norm a little while W moves: 1% slack
            assertThat(converged(w.get(name))).as(name).isLessThanOrEqualTo(0.8 * 1.01);
        }

        INDArray x = Models.data(40, 7).features();
        INDArray mu = vae.encode(x).mu().castTo(DataType.DOUBLE);
        double budget = 0.1;
        double bound = c.muShiftBound(w, 16, budget, "linf");
        assertThat(bound).isPositive().isLessThan(Math.pow(0.8 * 1.01 * 1.001, 3) * Math.sqrt(16) * budget + 1e-12);

        SplittableRandom r = new SplittableRandom(3);
        double worstRandom = 0;
        for (int t = 0; t < 20; t++) {
            INDArray e = random(r, 40, 16);
            org.nd4j.linalg.ops.transforms.Transforms.sign(e, false).muli(budget); // corners of the L-inf ball
            INDArray moved = vae.encode(x.castTo(DataType.DOUBLE).add(e).castTo(DataType.FLOAT)).mu().castTo(DataType.DOUBLE);
            worstRandom = Math.max(worstRandom, moved.sub(mu).norm2(1).maxNumber().doubleValue());
        }
        Attack pgd = new LatentSklPgdProvider().create(new LatentSklPgdSpec("linf", 50, null, true, 1), CONTEXT);
        INDArray adv = pgd.run(FusedInference.view(vae), x, null, budget, 11).adversarial();
        double worstPgd = vae.encode(adv.castTo(DataType.FLOAT)).mu().castTo(DataType.DOUBLE).sub(mu).norm2(1)
                .maxNumber().doubleValue();
        assertThat(worstRandom).isPositive().isLessThanOrEqualTo(bound);
        assertThat(worstPgd).isPositive().isLessThanOrEqualTo(bound);

        double l2Bound = c.muShiftBound(w, 16, 0.3, "l2");
        INDArray e = random(r, 40, 16);
        e.diviColumnVector(e.norm2(1).reshape(40, 1)).muli(0.3);
        double l2Shift = vae.encode(x.castTo(DataType.DOUBLE).add(e).castTo(DataType.FLOAT)).mu().castTo(DataType.DOUBLE)
                .sub(mu).norm2(1).maxNumber().doubleValue();
        assertThat(l2Shift).isPositive().isLessThanOrEqualTo(l2Bound);
    }

    @Test
    void aModelWithoutAnMlpEncoderIsRefusedByName() {
        ShiftCertificate c = (ShiftCertificate) new LipschitzEncoder().create(new LipschitzEncoder.Spec(null, null), CONTEXT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.muShiftBound(Map.of(), 16, 0.1, "linf"))
                .isInstanceOf(PluginException.class)
                .hasMessage("defence 'lipschitz' needs an mlp encoder (weights enc.mu.w and enc.logvar.w); this model has []");
    }
}

package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;
import org.raven.testkit.ToyAutoEncoder;
import org.raven.testkit.ToyHead;

/** The unreliability flags: each raised by the situation it names, and only then. */
class ReliabilityTest {

    /**
     * A toy encoder behind input quantisation to 4 levels, a classic gradient-masking defence: its true input gradient
     * is 0 almost everywhere, which is what it reports.
     */
    static final class QuantisedEncoder implements DifferentiableEncoder {
        final ToyAutoEncoder inner;

        QuantisedEncoder(ToyAutoEncoder inner) {
            this.inner = inner;
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int latentDim() {
            return inner.latentDim();
        }

        @Override
        public Posterior encode(INDArray x) {
            return inner.encode(Transforms.round(x.mul(4)).divi(4));
        }

        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return x.ulike().assign(0);
        }
    }

    @Test
    void aQuantisedEncoderRaisesTheMaskedGradientFlag() {
        ToyAutoEncoder toy = new ToyAutoEncoder(16, 8, 3, 4);
        ToyHead head = new ToyHead(3, 6, 4, 5);
        INDArray x = Fixtures.uniform(20, 16, 6, DataType.DOUBLE);
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            y[i] = i % 4;
        }
        double masked = Reliability.maskedGradientShare(new QuantisedEncoder(toy), head, x, y, 8);
        assertThat(masked).isEqualTo(1.0);
        List<Reliability.Flag> flags = Reliability.flags(List.of(new Reliability.BudgetCheck(0.1, 0.9, -1, Double.NaN)),
                20, masked);
        assertThat(flags).extracting(Reliability.Flag::id).containsExactly(Reliability.MASKED_GRADIENTS);
        assertThat(flags.get(0).toString()).isEqualTo("masked-gradients: 100.0% of the points have a zero or non-finite"
                + " input gradient of the classifier's DLR loss (threshold 1%): gradient attacks cannot see where to go"
                + " (masked or obfuscated gradients); try a gradient-free attack or an adaptive one through the defence");

        double plain = Reliability.maskedGradientShare(toy, head, x, y, 8);
        assertThat(plain).isEqualTo(0.0);
        assertThat(Reliability.flags(List.of(new Reliability.BudgetCheck(0.1, 0.9, -1, Double.NaN)), 20, plain)).isEmpty();
    }

    @Test
    void accuracyRisingWithTheBudgetIsFlagged() {
        List<Reliability.Flag> flags = Reliability.flags(List.of(
                new Reliability.BudgetCheck(0.0, 0.95, -1, Double.NaN),
                new Reliability.BudgetCheck(0.05, 0.80, -1, Double.NaN),
                new Reliability.BudgetCheck(0.1, 0.80, -1, Double.NaN),
                new Reliability.BudgetCheck(0.2, 0.81, -1, Double.NaN)), 100, 0.0);
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).toString()).isEqualTo("accuracy-rises-with-budget at budget 0.2: accuracy 0.8100 is"
                + " above 0.8000 at the smaller budget 0.1: the attack does not find what it found inside the smaller ball");
    }

    @Test
    void noiseBreaksAndAFarBestMemberAreFlagged() {
        List<Reliability.Flag> flags = Reliability.flags(List.of(
                new Reliability.BudgetCheck(0.1, 0.50, 0, 0.54),
                new Reliability.BudgetCheck(0.2, 0.30, 2, 0.36)), 100, 0.0);
        assertThat(flags).extracting(Reliability.Flag::id)
                .containsExactly(Reliability.NOISE_BREAKS_MISSED, Reliability.ENSEMBLE_FAR_BELOW);
        assertThat(flags.get(0).toString()).isEqualTo(
                "noise-breaks-missed-points at budget 0.2: random noise broke 2 of 100 points that every gradient attack missed");
        assertThat(flags.get(1).toString()).isEqualTo("ensemble-far-below-best-member at budget 0.2: ensemble accuracy"
                + " 0.3000 is 0.0600 below its best single attack's 0.3600 (threshold 0.05): no single attack comes close"
                + " to the worst case, so even the ensemble may fall short");
    }

    @Test
    void aRedrawAboveTheWorstCaseIsFlaggedAndNothingElse() {
        assertThat(Reliability.redraw(0.1, 0.255, 0.445, 200)).hasValueSatisfying(f -> assertThat(f.toString()).isEqualTo(
                "redraw-flatters-random-model at budget 0.1: encoded once more, the attacked inputs are classified"
                        + " correctly at 0.4450, above the ensemble's per-point worst case 0.2550 (38 of 200 points): the"
                        + " model's code is random, so one fresh draw flatters it; the worst case is reported (attack it"
                        + " with eotSamples > 1 to also steer by the average)"));
        assertThat(Reliability.redraw(0.1, 0.3, 0.3, 200)).isEmpty(); // a deterministic model: the same points
        assertThat(Reliability.redraw(0.1, 0.3, 0.25, 200)).isEmpty();
    }
}

package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.attack.AttackResult;
import org.raven.testkit.ToyAutoEncoder;

/** Bad arguments get errors that name the attack and what was expected. */
class AttackErrorsTest {

    private final ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 11);
    private final INDArray x = Fixtures.uniform(4, 16, 5, DataType.DOUBLE);

    @Test
    void outputAttackNeedsAnAutoEncoder() {
        HandWrittenEncoderTest.SmallEncoder encoderOnly = new HandWrittenEncoderTest.SmallEncoder();
        assertThatThrownBy(() -> Fixtures.attack("output", "linf", 5).run(encoderOnly, x, null, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attack 'output' needs an org.raven.api.model.AutoEncoder (an encoder with a decoder), "
                        + "but got org.raven.attacks.HandWrittenEncoderTest$SmallEncoder");
    }

    @Test
    void targetedAttackNeedsLabelsOfAtLeastTwoClasses() {
        assertThatThrownBy(() -> Fixtures.attack("latent-targeted", "linf", 5).run(model, x, null, 0.1, 1))
                .hasMessage("latent-targeted: needs the labels of x to choose targets of another class");
        assertThatThrownBy(() -> Fixtures.attack("latent-targeted", "linf", 5).run(model, x, new int[] {1, 2}, 0.1, 1))
                .hasMessage("latent-targeted: got 2 labels for 4 examples");
        assertThatThrownBy(() -> Fixtures.attack("latent-targeted", "linf", 5).run(model, x, new int[] {3, 3, 3, 3}, 0.1, 1))
                .hasMessage("latent-targeted: example 0 has label 3 and no example of another class is in the batch; "
                        + "a batch needs at least two classes");
    }

    @Test
    void targetsAreOfAnotherClassAndFollowTheSeed() {
        int[] labels = {0, 0, 1, 2, 1, 0};
        int[] t = Targets.choose("t", labels, 6, 9);
        for (int i = 0; i < labels.length; i++) {
            assertThat(labels[t[i]]).isNotEqualTo(labels[i]);
        }
        assertThat(Targets.choose("t", labels, 6, 9)).containsExactly(t);
        boolean differs = false;
        for (long seed = 10; seed < 20 && !differs; seed++) {
            differs = !java.util.Arrays.equals(Targets.choose("t", labels, 6, seed), t);
        }
        assertThat(differs).as("another seed picks other targets").isTrue();
    }

    @Test
    void inputsAreChecked() {
        assertThatThrownBy(() -> Fixtures.attack("latent-skl-pgd", "linf", 5).run(model, x, null, -0.1, 1))
                .hasMessage("latent-skl-pgd: budget must be a finite number >= 0 (was -0.1)");
        assertThatThrownBy(() -> Fixtures.attack("fgsm", "linf", 5).run(model, x, null, Double.NaN, 1))
                .hasMessage("fgsm: budget must be a finite number >= 0 (was NaN)");
        assertThatThrownBy(() -> Fixtures.attack("random-noise", "l2", 5).run(model, x.reshape(8, 8), null, 0.1, 1))
                .hasMessage("random-noise: x has shape [8, 8] but the encoder expects [batch, 16]");
        assertThatThrownBy(() -> Fixtures.attack("latent-skl-pgd", "l2", 5).run(model, x.mul(2).subi(0.5), null, 0.1, 1))
                .hasMessageStartingWith("latent-skl-pgd: x must lie in [0, 1] (found values in [-0.5, 1.5");
    }

    @Test
    void batchedRunsMatchTheSeedContractAndCoverEveryExample() {
        INDArray many = Fixtures.uniform(10, 16, 6, DataType.DOUBLE);
        int[] labels = Fixtures.labels(10, 3);
        var attack = Fixtures.attack("latent-targeted", "linf", 5);
        AttackResult all = BatchedAttacks.run(attack, model, many, labels, 0.1, 3, 4);
        assertThat(all.adversarial().shape()).containsExactly(10L, 16L);
        assertThat(all.objective()).hasSize(10);
        assertThat(all.steps()).containsOnly(5);
        // the last batch (examples 8, 9) is the attack run alone with the documented batch seed
        AttackResult last = attack.run(model, many.getRows(8, 9), new int[] {labels[8], labels[9]}, 0.1,
                new org.raven.api.RandomStreams(3).seed("batch-2"));
        assertThat(all.adversarial().getRows(8, 9)).isEqualTo(last.adversarial());
        assertThat(new double[] {all.objective()[8], all.objective()[9]}).containsExactly(last.objective());
        assertThat(BatchedAttacks.run(attack, model, many, labels, 0.1, 3, 4).adversarial()).isEqualTo(all.adversarial());
        assertThatThrownBy(() -> BatchedAttacks.run(attack, model, many, labels, 0.1, 3, 0))
                .hasMessage("batchSize must be >= 1 (was 0)");
    }
}

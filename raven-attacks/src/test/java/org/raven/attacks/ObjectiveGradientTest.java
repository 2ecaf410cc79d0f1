package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.Posterior;
import org.raven.testkit.ToyAutoEncoder;
import org.raven.testkit.ToyHead;

/**
 * The input gradients the attacks step along (objective gradient -> encoder VJP, one backward pass)
 * match central finite differences of the objective, in double precision.
 */
class ObjectiveGradientTest {

    private static final int N = 3;
    private static final int D = 10;
    private static final int LATENT = 3;

    private final ToyAutoEncoder model = new ToyAutoEncoder(D, 7, LATENT, 17);
    private final INDArray x = Fixtures.uniform(N, D, 18, DataType.DOUBLE).muli(0.8).addi(0.1);
    // away from e = 0, where the SKL gradient is exactly zero
    private final INDArray xAdv = x.add(Fixtures.uniform(N, D, 19, DataType.DOUBLE).subi(0.5).muli(0.2));

    private static void checkAgainstFiniteDifferences(Objective objective, INDArray at) {
        double[] value = new double[N];
        INDArray g = objective.valueAndGradient(at, value).dup();
        double[] plus = new double[N];
        double[] minus = new double[N];
        double h = 1e-6;
        double largest = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                INDArray p = at.dup();
                p.putScalar(i, j, at.getDouble(i, j) + h);
                INDArray m = at.dup();
                m.putScalar(i, j, at.getDouble(i, j) - h);
                objective.value(p, plus);
                objective.value(m, minus);
                double fd = (plus[i] - minus[i]) / (2 * h);
                assertThat(g.getDouble(i, j)).as("d objective[%d] / d x[%d, %d]", i, i, j)
                        .isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
                largest = Math.max(largest, Math.abs(fd));
                // other examples do not depend on this input
                for (int k = 0; k < N; k++) {
                    if (k != i) {
                        assertThat(plus[k]).isEqualTo(minus[k]);
                    }
                }
            }
        }
        assertThat(largest).as("a non-trivial gradient").isGreaterThan(1e-2);
    }

    @Test
    void symmetricKlGradient() {
        Posterior clean = model.encode(x);
        checkAgainstFiniteDifferences(Objectives.latent(model, N, LatentLoss.symmetricKlTo(Latents.of(clean))), xAdv);
    }

    @Test
    void symmetricKlGradientIsExactlyZeroAtTheCleanInput() {
        Posterior clean = model.encode(x);
        double[] value = new double[N];
        INDArray g = Objectives.latent(model, N, LatentLoss.symmetricKlTo(Latents.of(clean))).valueAndGradient(x, value);
        assertThat(value).containsOnly(0.0);
        assertThat(g.amaxNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void targetedGradient() {
        Posterior target = model.encode(x.getRows(2, 0, 1));
        checkAgainstFiniteDifferences(Objectives.latent(model, N, LatentLoss.negativeKlTo(Latents.of(target))), xAdv);
    }

    @Test
    void mahalanobisGradient() {
        checkAgainstFiniteDifferences(Objectives.mahalanobisFromClean(model, x), xAdv);
    }

    @Test
    void outputGradient() {
        checkAgainstFiniteDifferences(Objectives.reconstructionChange(model, x), xAdv);
    }

    // Classifier-aware objectives: through the head's backward pass and the encoder's mu (a 4-class head, so the DLR
    // has its z_(3) and its denominator's gradient is exercised).
    private final ToyHead head = new ToyHead(LATENT, 6, 4, 21);
    private final int[] labels = {0, 3, 1};

    @Test
    void crossEntropyGradient() {
        checkAgainstFiniteDifferences(Objectives.latent(model, N, HeadLoss.crossEntropy(head, labels)), xAdv);
    }

    @Test
    void dlrGradient() {
        checkAgainstFiniteDifferences(Objectives.latent(model, N, HeadLoss.dlr(head, labels)), xAdv);
    }

    @Test
    void twoClassDlrIsThePlainMargin() {
        ToyHead two = new ToyHead(LATENT, 6, 2, 22);
        int[] y = {0, 1, 1};
        checkAgainstFiniteDifferences(Objectives.latent(model, N, HeadLoss.dlr(two, y)), xAdv);
        double[] value = new double[N];
        Objectives.latent(model, N, HeadLoss.dlr(two, y)).value(xAdv, value);
        double[] logits = new double[2 * N];
        two.logits(Latents.of(model.encode(xAdv)).mu(), N, logits);
        assertThat(value).containsExactly(HeadLoss.margins(logits, 2, y));
    }

    @Test
    void crossEntropyAndDlrValuesFromTheLogits() {
        double[] mu = Latents.of(model.encode(xAdv)).mu();
        double[] z = new double[4 * N];
        head.logits(mu, N, z);
        double[] ce = new double[N];
        double[] dlr = new double[N];
        Objectives.latent(model, N, HeadLoss.crossEntropy(head, labels)).value(xAdv, ce);
        Objectives.latent(model, N, HeadLoss.dlr(head, labels)).value(xAdv, dlr);
        for (int i = 0; i < N; i++) {
            double[] row = java.util.Arrays.copyOfRange(z, 4 * i, 4 * i + 4);
            double lse = Math.log(java.util.Arrays.stream(row).map(Math::exp).sum());
            assertThat(ce[i]).isCloseTo(lse - row[labels[i]], within(1e-12));
            double[] sorted = row.clone();
            java.util.Arrays.sort(sorted);
            double other = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 4; c++) {
                other = c == labels[i] ? other : Math.max(other, row[c]);
            }
            assertThat(dlr[i]).isCloseTo((other - row[labels[i]]) / (sorted[3] - sorted[1]), within(1e-12));
            assertThat(dlr[i] > 0).isEqualTo(HeadLoss.misclassified(z, 4, labels)[i]);
        }
    }
}

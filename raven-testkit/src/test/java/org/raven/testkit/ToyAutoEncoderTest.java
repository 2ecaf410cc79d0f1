package org.raven.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.Posterior;

class ToyAutoEncoderTest {

    private final ToyAutoEncoder model = new ToyAutoEncoder(6, 5, 3, 7);

    private static double[][] uniform(SplittableRandom rng, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int i = 0; i < cols; i++) {
                row[i] = rng.nextDouble();
            }
        }
        return x;
    }

    private static INDArray matrix(double[][] rows) {
        return Nd4j.createFromArray(rows);
    }

    /** sum(gMu * mu(x) + gLogVar * logVar(x)): its input gradient is inputGradient(x, gMu, gLogVar). */
    private double encoderProbe(double[][] x, double[][] gMu, double[][] gLogVar) {
        Posterior p = model.encode(matrix(x));
        return p.mu().mul(matrix(gMu)).sumNumber().doubleValue() + p.logVar().mul(matrix(gLogVar)).sumNumber().doubleValue();
    }

    @Test
    void inputGradientIsTheFiniteDifferenceOfTheEncoder() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = uniform(rng, 2, 6);
        double[][] gMu = uniform(rng, 2, 3);
        double[][] gLogVar = uniform(rng, 2, 3);
        double[][] grad = model.inputGradient(matrix(x), matrix(gMu), matrix(gLogVar)).toDoubleMatrix();
        double h = 1e-6;
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 6; i++) {
                double keep = x[r][i];
                x[r][i] = keep + h;
                double up = encoderProbe(x, gMu, gLogVar);
                x[r][i] = keep - h;
                double down = encoderProbe(x, gMu, gLogVar);
                x[r][i] = keep;
                assertThat(grad[r][i]).as("d/dx[%d][%d]", r, i).isCloseTo((up - down) / (2 * h), within(1e-7));
            }
        }
    }

    @Test
    void latentGradientIsTheFiniteDifferenceOfTheDecoder() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] z = uniform(rng, 2, 3);
        double[][] gOut = uniform(rng, 2, 6);
        double[][] grad = model.decoder().latentGradient(matrix(z), matrix(gOut)).toDoubleMatrix();
        double h = 1e-6;
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                double keep = z[r][j];
                z[r][j] = keep + h;
                double up = model.decoder().decode(matrix(z)).mul(matrix(gOut)).sumNumber().doubleValue();
                z[r][j] = keep - h;
                double down = model.decoder().decode(matrix(z)).mul(matrix(gOut)).sumNumber().doubleValue();
                z[r][j] = keep;
                assertThat(grad[r][j]).as("d/dz[%d][%d]", r, j).isCloseTo((up - down) / (2 * h), within(1e-7));
            }
        }
    }

    @Test
    void resultsComeBackInTheInputsDataTypeAndTheSeedFixesTheWeights() {
        INDArray x = matrix(uniform(new SplittableRandom(3), 4, 6));
        Posterior inFloat = model.encode(x.castTo(DataType.FLOAT));
        assertThat(inFloat.mu().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(inFloat.mu().shape()).containsExactly(4L, 3L);
        assertThat(model.decoder().decode(inFloat.mu()).dataType()).isEqualTo(DataType.FLOAT);
        assertThat(new ToyAutoEncoder(6, 5, 3, 7).encode(x).mu()).isEqualTo(model.encode(x).mu());
        assertThat(new ToyAutoEncoder(6, 5, 3, 8).encode(x).mu()).isNotEqualTo(model.encode(x).mu());
    }

    @Test
    void fitMovesEachClassToItsCodeAndTheLogVarianceToTheTarget() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] prototypes = uniform(rng, 2, 6);
        double[][] x = new double[100][6];
        int[] labels = new int[100];
        for (int r = 0; r < 100; r++) {
            labels[r] = r % 2;
            for (int i = 0; i < 6; i++) {
                x[r][i] = Math.min(1, Math.max(0, prototypes[labels[r]][i] + 0.05 * rng.nextGaussian()));
            }
        }
        double[][] codes = {{1.5, 0, -1}, {-1.5, 0.5, 1}};
        ToyAutoEncoder toy = new ToyAutoEncoder(6, 8, 3, 5);
        double before = codeError(toy, x, labels, codes);
        toy.fit(x, labels, codes, 40, 0.05, 6);
        double after = codeError(toy, x, labels, codes);
        assertThat(after).as("mean squared distance of mu to its class code, before %s", before)
                .isLessThan(0.05).isLessThan(before / 20);
        assertThat(toy.encode(matrix(x)).logVar().meanNumber().doubleValue())
                .isCloseTo(ToyAutoEncoder.FIT_LOG_VAR, within(0.2));
    }

    private static double codeError(ToyAutoEncoder toy, double[][] x, int[] labels, double[][] codes) {
        double[][] mu = toy.encode(matrix(x)).mu().toDoubleMatrix();
        double sum = 0;
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < codes[0].length; j++) {
                double d = mu[r][j] - codes[labels[r]][j];
                sum += d * d;
            }
        }
        return sum / x.length;
    }

    @Test
    void fitNamesTheArgumentThatDoesNotFit() {
        double[][] codes = {{0, 0, 0}, {1, 1, 1}};
        assertThatThrownBy(() -> model.fit(new double[][] {new double[6], new double[5]}, new int[] {0, 1}, codes, 1, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ToyAutoEncoder.fit: x[1] has 5 values, expected inputSize 6");
        assertThatThrownBy(() -> model.fit(new double[][] {new double[6]}, new int[] {2}, codes, 1, 0.1, 1))
                .hasMessage("ToyAutoEncoder.fit: labels[0] = 2 is not a class of the 2 class codes");
        assertThatThrownBy(() -> model.fit(new double[][] {new double[6]}, new int[] {0}, new double[][] {{0, 0}}, 1, 0.1, 1))
                .hasMessage("ToyAutoEncoder.fit: classCodes[0] has 2 values, expected latentDim 3");
        assertThatThrownBy(() -> model.fit(new double[][] {new double[6]}, new int[] {0, 1}, codes, 1, 0.1, 1))
                .hasMessage("ToyAutoEncoder.fit: needs one label per row and at least one row (were 1 rows, 2 labels)");
        assertThatThrownBy(() -> new ToyAutoEncoder(0, 5, 3, 1))
                .hasMessage("ToyAutoEncoder: inputSize, hidden and latentDim must be >= 1 (were 0, 5, 3)");
    }
}

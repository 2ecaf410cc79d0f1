package org.raven.core.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.noise.NoiseModel;

class NoiseModelTest {

    /** Rows of x as 1 x 1 x width images: pixel noise ignores the layout. */
    private static InputShape shape(INDArray x) {
        return new InputShape(1, 1, (int) x.size(1));
    }

    @Test
    void refusesRowsThatAreNotImagesOfTheGivenShape() {
        INDArray x = constant(0.5, 2, 12, DataType.FLOAT);
        assertThatThrownBy(() -> new GaussianNoise(0.1).augment(x, new InputShape(1, 3, 3), x.ulike(), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x [2, 12] must be [batch, 9] for images of 1x3x3");
        // the same pixels seen as 3 channels of 2 x 2 are accepted
        assertThat(new GaussianNoise(0.0).augment(x, new InputShape(3, 2, 2), x.ulike(), new SplittableRandom(1))).isEqualTo(x);
    }

    private static INDArray constant(double value, int rows, int cols, DataType type) {
        return Nd4j.valueArrayOf(new long[] {rows, cols}, value, type);
    }

    @Test
    void gaussianNoiseHasTheRequestedSpreadAndIsClipped() {
        INDArray x = constant(0.5, 200, 100, DataType.FLOAT);
        INDArray out = new GaussianNoise(0.1).augment(x, shape(x), x.ulike(), new SplittableRandom(1));
        INDArray noise = out.sub(x).castTo(DataType.DOUBLE);
        assertThat(noise.meanNumber().doubleValue()).isCloseTo(0.0, within(0.003)); // 3 SE of 20k draws is 0.002
        assertThat(noise.stdNumber().doubleValue()).isCloseTo(0.1, within(0.003));
        assertThat(x.getDouble(0, 0)).isEqualTo(0.5); // x untouched
        INDArray wide = new GaussianNoise(2.0).augment(x, shape(x), x.ulike(), new SplittableRandom(1));
        assertThat(wide.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(wide.maxNumber().doubleValue()).isEqualTo(1.0);
        // P(|N(0, 4)| > 0.5) is about 0.8: most values land on the clip bounds.
        double clipped = wide.eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue()
                + wide.eq(1.0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        assertThat(clipped / wide.length()).isCloseTo(0.80, within(0.02));
    }

    @Test
    void uniformNoiseStaysWithinItsWidth() {
        INDArray x = constant(0.5, 100, 100, DataType.DOUBLE);
        INDArray noise = new UniformNoise(0.2).augment(x, shape(x), x.ulike(), new SplittableRandom(2)).sub(x);
        assertThat(noise.maxNumber().doubleValue()).isLessThanOrEqualTo(0.2).isGreaterThan(0.19);
        assertThat(noise.minNumber().doubleValue()).isGreaterThanOrEqualTo(-0.2).isLessThan(-0.19);
        assertThat(noise.stdNumber().doubleValue()).isCloseTo(0.2 / Math.sqrt(3), within(0.003));
    }

    @Test
    void saltAndPepperReplacesTheRequestedFraction() {
        INDArray x = constant(0.5, 100, 200, DataType.FLOAT);
        INDArray out = new SaltAndPepperNoise(0.3).augment(x, shape(x), x.ulike(), new SplittableRandom(3));
        double zeros = out.eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / out.length();
        double ones = out.eq(1.0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / out.length();
        double kept = out.eq(0.5).castTo(DataType.DOUBLE).sumNumber().doubleValue() / out.length();
        assertThat(zeros).isCloseTo(0.15, within(0.01));
        assertThat(ones).isCloseTo(0.15, within(0.01));
        assertThat(kept).isCloseTo(0.70, within(0.01));
        assertThat(zeros + ones + kept).isEqualTo(1.0);
    }

    @Test
    void noiseIsFreshEachCallAndReproducibleFromTheSeed() {
        NoiseModel noise = new GaussianNoise(0.3);
        INDArray x = constant(0.5, 4, 10, DataType.FLOAT);
        SplittableRandom r = new SplittableRandom(9);
        INDArray a = noise.augment(x, shape(x), x.ulike(), r);
        INDArray b = noise.augment(x, shape(x), x.ulike(), r);
        assertThat(a).isNotEqualTo(b);
        assertThat(noise.augment(x, shape(x), x.ulike(), new SplittableRandom(9))).isEqualTo(a);
    }

    @Test
    void writesIntoViewsAndOtherTypes() {
        INDArray x = constant(0.5, 4, 6, DataType.FLOAT);
        INDArray big = Nd4j.zeros(DataType.DOUBLE, 4, 12);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6));
        new UniformNoise(0.0).augment(x, shape(x), view, new SplittableRandom(1));
        assertThat(big.sumNumber().doubleValue()).isCloseTo(12.0, within(1e-6));
        assertThatThrownBy(() -> new UniformNoise(0.1).augment(x, shape(x), x, new SplittableRandom(1))).hasMessage("out must not be x");
    }

    @Test
    void sigmaZeroIsTheIdentity() {
        INDArray x = Nd4j.create(new float[] {0f, 0.25f, 1f}, new long[] {1, 3}, 'c');
        assertThat(new GaussianNoise(0.0).augment(x, shape(x), x.ulike(), new SplittableRandom(1))).isEqualTo(x);
    }
}

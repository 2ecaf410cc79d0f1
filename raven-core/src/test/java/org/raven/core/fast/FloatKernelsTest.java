package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatKernelsTest {

    @Test
    void expIsWithinTwoUlpOfMathExpOverTheWholeNonPositiveRange() {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            float x = -87f * i / 200_000;
            double want = Math.exp(x);
            double got = FloatKernels.expNonPositive(x);
            worst = Math.max(worst, Math.abs(got - want) / want);
        }
        assertThat(worst).isLessThan(2.5e-7);
        assertThat(FloatKernels.expNonPositive(-100f)).isZero();
        assertThat(FloatKernels.expNonPositive(0f)).isEqualTo(1f);
    }

    @Test
    void log1pIsWithinFourUlpOfMathLog1pOnTheUnitInterval() {
        double worst = 0;
        for (int i = 1; i <= 200_000; i++) {
            float e = (float) Math.pow(10, -38.0 * (1 - i / 200_000.0)); // 1e-38 .. 1
            double want = Math.log1p(e);
            double got = FloatKernels.log1pUnit(e);
            worst = Math.max(worst, Math.abs(got - want) / want);
        }
        assertThat(worst).isLessThan(4.8e-7);
        assertThat(FloatKernels.log1pUnit(0f)).isZero();
    }

    @Test
    void theBuildRunsTestsWithTheVectorApiSoTheVectorAdamIsWhatTheyCheck() {
        assertThat(FloatKernels.VECTOR_ADAM).as("surefire's argLine passes --add-modules=jdk.incubator.vector").isTrue();
    }

    @Test
    void vectorAdamIsBitForBitTheScalarLoopIncludingTheTailAndAnOffsetRange() {
        int n = 1000 + 13; // not a multiple of any vector length
        for (long t : new long[] {1, 2, 77}) {
            ByteBuffer[] scalar = randomState(n, 5);
            ByteBuffer[] vector = randomState(n, 5);
            int from = 3;
            FloatKernels.adam(scalar[0], scalar[1], scalar[2], scalar[3], from, n, 1e-3, 0.9, 0.999, 1e-8, t, false);
            FloatKernels.adam(vector[0], vector[1], vector[2], vector[3], from, n, 1e-3, 0.9, 0.999, 1e-8, t, true);
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToRawIntBits(vector[k].getFloat(4 * i)))
                            .as("array %d element %d at step %d", k, i, t)
                            .isEqualTo(Float.floatToRawIntBits(scalar[k].getFloat(4 * i)));
                }
            }
            ByteBuffer[] untouched = randomState(n, 5);
            for (int i = 0; i < from; i++) {
                assertThat(vector[0].getFloat(4 * i)).isEqualTo(untouched[0].getFloat(4 * i));
            }
            assertThat(vector[0].getFloat(4 * from)).isNotEqualTo(untouched[0].getFloat(4 * from));
        }
    }

    /** Parameters, gradients, first and second moments (v >= 0) as native-order direct buffers. */
    private static ByteBuffer[] randomState(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer[] state = new ByteBuffer[4];
        for (int k = 0; k < 4; k++) {
            state[k] = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                float value = (float) (random.nextGaussian() * Math.pow(10, -random.nextInt(6)));
                state[k].putFloat(4 * i, k == 3 ? value * value : value);
            }
        }
        return state;
    }
}

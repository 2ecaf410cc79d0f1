package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package com.example.raven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.defence.InputTransform;
import org.raven.testkit.ToyAutoEncoder;

class PixelDropoutDefenceTest {

    @Test
    void dropsAboutRateOfThePixelsAndKeepsTheRest() {
        InputTransform t = (InputTransform) new PixelDropoutDefence().create(new PixelDropoutDefence.Spec(0.25),
                ExamplePluginTest.CONTEXT);
        INDArray x = Nd4j.valueArrayOf(new long[] {100, 100}, 0.5, DataType.DOUBLE);
        INDArray out = t.transform(new ToyAutoEncoder(100, 4, 2, 1), x, new SplittableRandom(3));
        double dropped = out.eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / 10_000;
        // 10,000 Bernoulli(0.25) draws: standard error 0.0043
        assertThat(dropped).isCloseTo(0.25, within(4 * 0.0043));
        assertThat(out.eq(0.5).castTo(DataType.DOUBLE).sumNumber().doubleValue() / 10_000).isCloseTo(1 - dropped, within(1e-12));
        assertThat(x.minNumber().doubleValue()).as("input untouched").isEqualTo(0.5);
    }

    @Test
    void rateOneIsRefused() {
        assertThat(new PixelDropoutDefence.Spec(1.0).validate()).extracting(Object::toString)
                .containsExactly("rate - must be in [0.0, 1.0) (was 1.0)");
    }
}

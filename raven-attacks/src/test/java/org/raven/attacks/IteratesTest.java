package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The projection and step arithmetic on hand-computed cases, for both array precisions. */
class IteratesTest {

    private static INDArray row(DataType type, double... v) {
        return Nd4j.create(v, new long[] {1, v.length}, type);
    }

    private static double[] current(Iterates it, DataType type) {
        INDArray out = HostIo.plain(type, it.n, it.f);
        it.writeCurrent(out);
        return out.toDoubleVector();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void l2ProjectsOntoTheBallThenTheBoxAndTheNormOnlyShrinks(String typeName) {
        DataType type = DataType.valueOf(typeName);
        // x = (0.9, 0.5), delta = 0.5; cur = x + (0.6, 0.8) has |e| = 1: scaled to (0.3, 0.4) -> (1.2, 0.9),
        // then the box clips 1.2 to 1: e = (0.1, 0.4), |e| = 0.412 <= 0.5
        Iterates it = Iterates.fit(null, type, 1, 2);
        it.start(row(type, 0.9, 0.5), 0.5);
        it.reset();
        it.addRow(0, new double[] {0.6, 0.8});
        it.project(Norm.L2);
        double[] cur = current(it, type);
        assertThat(cur[0]).isEqualTo(1.0);
        assertThat(cur[1]).isCloseTo(0.9, within(1e-7));
        it.keepRow(0);
        assertThat(it.bestNorms(Norm.L2)[0]).isCloseTo(Math.hypot(0.1, 0.4), within(1e-7)).isLessThan(0.5);
    }

    @ParameterizedTest
    @EnumSource(value = Norm.class)
    void stepsFollowTheNorm(Norm norm) {
        DataType type = DataType.DOUBLE;
        Iterates it = Iterates.fit(null, type, 1, 3);
        it.start(row(type, 0.5, 0.5, 0.5), 0.2);
        it.reset();
        it.readGradient(row(type, 3.0, -4.0, 0.0));
        if (norm == Norm.LINF) {
            it.signStepAndClip(0.15);
            assertThat(current(it, type)).containsExactly(0.65, 0.35, 0.5); // sign step; a zero gradient stays
            it.signStepAndClip(0.15);
            assertThat(current(it, type)).containsExactly(0.7, 0.3, 0.5); // clipped to x +- delta
        } else {
            it.normalisedStep(0.1);
            double[] c = current(it, type);
            assertThat(c[0]).isCloseTo(0.56, within(1e-12)); // 0.1 * (3, -4, 0) / 5
            assertThat(c[1]).isCloseTo(0.42, within(1e-12));
            assertThat(c[2]).isEqualTo(0.5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void linfBoundsIntersectTheBoxAndTheInstanceIsReused(String typeName) {
        DataType type = DataType.valueOf(typeName);
        Iterates it = Iterates.fit(null, type, 1, 2);
        it.start(row(type, 0.05, 0.95), 0.1);
        it.reset();
        it.addRow(0, new double[] {-0.3, 0.3});
        it.project(Norm.LINF);
        assertThat(current(it, type)).containsExactly(0.0, 1.0);
        assertThat(Iterates.fit(it, type, 2, 1)).isSameAs(it);
        assertThat(Iterates.fit(it, type == DataType.FLOAT ? DataType.DOUBLE : DataType.FLOAT, 1, 2)).isNotSameAs(it);
    }
}

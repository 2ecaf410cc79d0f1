package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RowsTest {

    private static final int[] ORDER = {4, 0, 3, 3, 1, 2};

    @Test
    void gatherCopiesTheIndexedRowsInOrderForFloatAndDouble() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray source = Nd4j.arange(5 * 3).reshape(5, 3).castTo(type);
            INDArray out = Rows.gather(source, ORDER, 1, 5);
            assertThat(out.dataType()).isEqualTo(type);
            assertThat(out.toDoubleMatrix()).isEqualTo(new double[][] {{0, 1, 2}, {9, 10, 11}, {9, 10, 11}, {3, 4, 5}});
        }
    }

    @Test
    void gatherIntoAReusedBufferOverwritesIt() {
        INDArray source = Nd4j.arange(5 * 3).reshape(5, 3).castTo(DataType.FLOAT);
        INDArray out = Nd4j.valueArrayOf(new long[] {2, 3}, 99f);
        assertThat(Rows.gather(source, ORDER, 0, 2, out)).isSameAs(out);
        assertThat(out.toDoubleMatrix()).isEqualTo(new double[][] {{12, 13, 14}, {0, 1, 2}});
    }

    @Test
    void gatherFromAViewMatchesGetRows() {
        INDArray base = Nd4j.arange(6 * 4).reshape(6, 4).castTo(DataType.FLOAT);
        INDArray view = base.get(NDArrayIndex.interval(1, 6), NDArrayIndex.interval(1, 4));
        assertThat(Rows.gather(view, ORDER, 0, 6)).isEqualTo(view.getRows(ORDER));
    }

    @Test
    void gatherRefusesARowOutsideTheSourceAndAMisfitBuffer() {
        INDArray source = Nd4j.zeros(DataType.FLOAT, 5, 3);
        assertThatThrownBy(() -> Rows.gather(source, new int[] {0, 5}, 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("row 5 of a source with 5 rows");
        assertThatThrownBy(() -> Rows.gather(source, ORDER, 0, 2, Nd4j.zeros(DataType.FLOAT, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out [3, 3] (FLOAT) must be [2, 3] of FLOAT for rows of source [5, 3]");
    }

    @Test
    void gaussianIntoABufferDrawsTheValuesOfAFreshArray() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray fresh = Vae.gaussian(new SplittableRandom(11), 4, 3, type);
            INDArray filled = Vae.gaussian(new SplittableRandom(11), Nd4j.create(type, 4, 3));
            assertThat(filled).isEqualTo(fresh);
        }
    }
}

package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

class VaeCellRunnerTest {

    @Test
    void checkpointsOfOtherTrainingSettingsAreDiscardedAndOwnOnesKept(@TempDir Path cell) throws Exception {
        Path checkpoints = VaeCellRunner.prepareCheckpoints(cell, "key-a");
        Files.writeString(checkpoints.resolve("epoch-0001.ckpt"), "a");
        assertThat(VaeCellRunner.prepareCheckpoints(cell, "key-a").resolve("epoch-0001.ckpt")).exists();
        assertThat(VaeCellRunner.prepareCheckpoints(cell, "key-b").resolve("epoch-0001.ckpt")).doesNotExist();
        assertThat(Files.readString(checkpoints.resolve(VaeCellRunner.TRAINING_KEY))).isEqualTo("key-b\n");
    }

    @Test
    void headTakesTheFirstExamplesInOrder() {
        LabeledData data = new LabeledData(Nd4j.create(new float[] {0, 1, 2, 3, 4, 5}, new long[] {3, 2}),
                new int[] {7, 8, 9}, new InputShape(1, 1, 2), 10);
        LabeledData two = VaeCellRunner.head(data, 2);
        assertThat(two.labels()).containsExactly(7, 8);
        assertThat(two.features().toFloatMatrix()).isDeepEqualTo(new float[][] {{0, 1}, {2, 3}});
        assertThat(VaeCellRunner.head(data, 5)).isSameAs(data);
    }

    @Test
    void rowsTakesTheSelectedExamples() {
        LabeledData data = new LabeledData(Nd4j.create(new float[] {0, 1, 2, 3, 4, 5}, new long[] {3, 2}),
                new int[] {7, 8, 9}, new InputShape(1, 1, 2), 10);
        LabeledData picked = VaeCellRunner.rows(data, new int[] {0, 2});
        assertThat(picked.labels()).containsExactly(7, 9);
        assertThat(picked.features().toFloatMatrix()).isDeepEqualTo(new float[][] {{0, 1}, {4, 5}});
    }

    private static CellSpec cell(String model, long seed, boolean common) {
        return new CellSpec("test-data", null, null, null, 1.0, model, null, null,
                org.raven.core.TrainingSpec.defaults().withCommonRandomNumbers(common), seed, null, null, false, null);
    }

    @Test
    void commonRandomNumbersGiveEveryModelOfASeedTheSameStreams() {
        assertThat(VaeCellRunner.cellStreams(cell("vae", 3, true))).isEqualTo(VaeCellRunner.cellStreams(cell("raven", 3, true)));
        assertThat(VaeCellRunner.cellStreams(cell("vae", 3, true))).isNotEqualTo(VaeCellRunner.cellStreams(cell("vae", 4, true)));
        assertThat(VaeCellRunner.cellStreams(cell("vae", 3, false))).isNotEqualTo(VaeCellRunner.cellStreams(cell("raven", 3, false)));
        // without them, exactly the streams every committed run used
        assertThat(VaeCellRunner.cellStreams(cell("vae", 3, false))).isEqualTo(new org.raven.api.RandomStreams(3).child("vae"));
    }
}

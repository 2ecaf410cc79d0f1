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

    private static BudgetResult ensembleAt(double budget, double accuracy, double bestMember, int noiseBreaks) {
        java.util.List<BudgetResult.MemberResult> members = java.util.List.of(
                new BudgetResult.MemberResult("apgd-ce", bestMember, 10),
                new BudgetResult.MemberResult("apgd-mu", bestMember + 0.1, 0),
                new BudgetResult.MemberResult("random-noise", 0.9, noiseBreaks));
        return new BudgetResult(budget, accuracy, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, members, new int[0]);
    }

    @Test
    void theEnsemblesBudgetsBecomeReliabilityWarnings() {
        assertThat(VaeCellRunner.warnings(java.util.List.of(ensembleAt(0.0, 0.9, 0.9, 0), ensembleAt(0.1, 0.5, 0.52, 0),
                ensembleAt(0.2, 0.55, 0.56, 3)), 100, 0.0)).containsExactly(
                "accuracy-rises-with-budget at budget 0.2: accuracy 0.5500 is above 0.5000 at the smaller budget 0.1:"
                        + " the attack does not find what it found inside the smaller ball",
                "noise-breaks-missed-points at budget 0.2: random noise broke 3 of 100 points that every gradient attack missed");
        assertThat(VaeCellRunner.warnings(java.util.List.of(ensembleAt(0.1, 0.3, 0.4, 0)), 100, 0.0)).containsExactly(
                "ensemble-far-below-best-member at budget 0.1: ensemble accuracy 0.3000 is 0.1000 below its best single"
                        + " attack's 0.4000 (threshold 0.05): no single attack comes close to the worst case, so even the"
                        + " ensemble may fall short");
        // a single attack: no member figures, so only the budget and gradient checks apply
        assertThat(VaeCellRunner.warnings(java.util.List.of(new BudgetResult(0.1, 0.5, 0, 0)), 100, 0.5))
                .singleElement().asString().startsWith("masked-gradients: 50.0% of the points");
    }

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

package org.raven.defences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.PluginContext;
import org.raven.api.RandomStreams;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.TrainingDefence;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingResult;
import org.raven.testkit.ToyAutoEncoder;

class AdversarialTrainingTest {

    private static final PluginContext CONTEXT = new PluginContext(null, true);

    private static InputTransform transform(AdversarialTraining.Spec spec) {
        return (InputTransform) new AdversarialTraining().create(spec, CONTEXT);
    }

    @Test
    void trainingInputsLieInTheBudgetAndTheBoxAndOnlyTheAttackedShareMoves() {
        INDArray x = Models.data(10, 2).features().castTo(DataType.DOUBLE);
        INDArray before = x.dup();
        ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 5);
        INDArray out = transform(new AdversarialTraining.Spec(0.07, "linf", 3, null, true, 0.4))
                .transform(model, x, new SplittableRandom(1));
        assertThat(x).as("input untouched").isEqualTo(before);
        assertThat(out.shape()).containsExactly(10L, 16L);
        assertThat(out.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(out.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        double[][] e = out.sub(x).toDoubleMatrix();
        for (int i = 0; i < 10; i++) {
            double linf = 0;
            for (double v : e[i]) {
                linf = Math.max(linf, Math.abs(v));
            }
            assertThat(linf).as("row " + i).isLessThanOrEqualTo(0.07 + 1e-9);
            if (i < 4) {
                assertThat(linf).as("attacked row " + i + " moved").isGreaterThan(0.01);
            } else {
                assertThat(linf).as("clean row " + i).isZero();
            }
        }
        INDArray again = transform(new AdversarialTraining.Spec(0.07, "linf", 3, null, true, 0.4))
                .transform(model, x, new SplittableRandom(1));
        assertThat(again).as("same draws, same inputs").isEqualTo(out);
    }

    @Test
    void l2BudgetHolds() {
        INDArray x = Models.data(6, 3).features().castTo(DataType.DOUBLE);
        INDArray out = transform(new AdversarialTraining.Spec(0.5, "l2", 4, null, true, 1.0))
                .transform(new ToyAutoEncoder(16, 8, 3, 5), x, new SplittableRandom(2));
        INDArray norms = out.sub(x).norm2(1);
        assertThat(norms.maxNumber().doubleValue()).isLessThanOrEqualTo(0.5 + 1e-9);
        assertThat(norms.minNumber().doubleValue()).isGreaterThan(0.05);
    }

    @Test
    void validationNamesEveryBadKey() {
        assertThat(new AdversarialTraining.Spec(0.0, "l3", 0, null, null, 1.5).validate()).extracting(Object::toString)
                .contains("budget - must be > 0 (was 0.0)", "attacked - must be in (0.0, 1.0] (was 1.5)")
                .anyMatch(s -> s.startsWith("norm - "))
                .anyMatch(s -> s.startsWith("steps - "));
    }

    @Test
    void trainingOnAttackedBatchesStillLowersTheLossOnTheFusedEngine() {
        TrainingDefence defence = new AdversarialTraining().create(new AdversarialTraining.Spec(0.1, null, 3, null, null, 0.5),
                CONTEXT);
        Vae vae = Models.vae(List.of(8), 2, defence, 1);
        TrainingResult r = new Trainer().fit(vae, Models.data(200, 1), TrainingSpec.defaults().withEpochs(6),
                new RandomStreams(5), null, null);
        assertThat(r.engine()).isEqualTo("fused");
        assertThat(r.epochs().get(5).loss()).isFinite().isLessThan(r.epochs().get(0).loss());
    }
}

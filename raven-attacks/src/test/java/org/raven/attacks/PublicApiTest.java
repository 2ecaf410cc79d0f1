package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.attack.AttackResult;
import org.raven.testkit.ToyAutoEncoder;

/** The pieces a third-party attack reuses: the engine with its own latent loss, and the projection. */
class PublicApiTest {

    private final ToyAutoEncoder model = new ToyAutoEncoder(12, 6, 3, 5);
    private final INDArray x = Fixtures.uniform(6, 12, 9, DataType.DOUBLE);

    /** ||mu(x+e) - mu(x)||^2, the loss of the example plugin's latent-shift attack. */
    private Objective meanShift() {
        Latents clean = Latents.of(model.encode(x));
        return Objectives.latent(model, clean.n(), (adv, value, gMu, gLogVar) -> {
            for (int i = 0; i < adv.n(); i++) {
                value[i] = 0;
                for (int k = i * adv.d(); k < (i + 1) * adv.d(); k++) {
                    double dm = adv.mu()[k] - clean.mu()[k];
                    value[i] += dm * dm;
                    if (gMu != null) {
                        gMu[k] = 2 * dm;
                        gLogVar[k] = 0;
                    }
                }
            }
        });
    }

    @Test
    void theEngineMaximisesAThirdPartyLossInsideTheBudget() {
        PgdEngine engine = new PgdEngine("mean-shift", new PgdEngine.Config(Norm.L2, 20, null, 0.25, true, 1));
        AttackResult result = engine.run(meanShift(), x, 0.5, 3);
        assertThat(Arrays.stream(result.norm()).max().orElseThrow()).isLessThanOrEqualTo(0.5 + 1e-12);
        assertThat(result.adversarial().minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(result.adversarial().maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(Arrays.stream(result.objective()).min().orElseThrow()).isPositive();
        double[] again = new double[6];
        meanShift().value(result.adversarial(), again);
        assertThat(again).containsExactly(result.objective(), within(1e-12));
        assertThat(engine.run(meanShift(), x, 0.5, 3).adversarial()).isEqualTo(result.adversarial());
    }

    @Test
    void budgetZeroReturnsTheInputWithTheObjectiveThere() {
        AttackResult result = new PgdEngine("mean-shift", new PgdEngine.Config(Norm.LINF, 5, null, 0.25, true, 1))
                .run(meanShift(), x, 0.0, 1);
        assertThat(result.adversarial()).isEqualTo(x);
        assertThat(result.objective()).containsOnly(0.0);
        assertThat(result.steps()).containsOnly(0);
    }

    @Test
    void projectionMeetsBallAndBoxAndKeepsFeasiblePoints() {
        SplittableRandom rng = new SplittableRandom(4);
        for (Norm norm : Norm.values()) {
            INDArray far = x.add(Fixtures.matrix(random(rng, 6, 12, 2.0), DataType.DOUBLE));
            INDArray projected = Perturbations.project(norm, x, far.dup(), 0.3);
            assertThat(Arrays.stream(norm.rowNorms(projected.sub(x))).max().orElseThrow()).isLessThanOrEqualTo(0.3 + 1e-12);
            assertThat(projected.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
            assertThat(projected.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
            assertThat(Perturbations.project(norm, x, projected.dup(), 0.3)).as(norm + " is idempotent").isEqualTo(projected);
        }
        INDArray linf = Perturbations.project(Norm.LINF, x, x.add(0.7), 0.3);
        assertThat(linf).isEqualTo(Transforms.min(x.add(0.3), 1.0, true));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new PgdEngine.Config(Norm.LINF, 0, null, 0.1, true, 1))
                .hasMessage("steps and restarts must be >= 1 (were 0, 1)");
        assertThatThrownBy(() -> new PgdEngine.Config(Norm.LINF, 5, -1.0, 0.1, true, 1))
                .hasMessage("the step must be a finite number > 0 (stepSize -1.0, relativeStep 0.1)");
        assertThatThrownBy(() -> Perturbations.project(Norm.L2, x, x.getRows(0, 1), 0.1))
                .hasMessage("clean and adversarial must be [n, features] of one shape (were [6, 12] and [2, 12])");
    }

    private static double[][] random(SplittableRandom rng, int n, int f, double scale) {
        double[][] a = new double[n][f];
        for (double[] row : a) {
            for (int j = 0; j < f; j++) {
                row[j] = scale * (2 * rng.nextDouble() - 1);
            }
        }
        return a;
    }
}

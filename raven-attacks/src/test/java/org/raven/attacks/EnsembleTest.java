package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.attack.AttackResult;
import org.raven.testkit.ToyAutoEncoder;
import org.raven.testkit.ToyHead;

/** The ensemble keeps, per point, the worst case of its members, and says which member broke each point. */
class EnsembleTest {

    private static final int N = 24;
    /** Fewer steps than the ensemble's 100 keep the test fast; the combination logic does not depend on them. */
    private static final int STEPS = 20;
    private static final int D = 16;

    /** Labels the head gets right on x for 3 in 4 points (so attacks have something to break), random for the rest. */
    private static int[] labels(ToyAutoEncoder model, ToyHead head, INDArray x, long seed) {
        double[] logits = EnsembleAttack.logits(model, head, x);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            int best = 0;
            for (int c = 1; c < head.classes(); c++) {
                best = logits[i * head.classes() + c] > logits[i * head.classes() + best] ? c : best;
            }
            y[i] = i % 4 == 3 ? rng.nextInt(head.classes()) : best;
        }
        return y;
    }

    @Test
    void perPointTheEnsembleIsNeverBetterThanAnyMember() {
        int attacked = 0;
        for (long seed = 1; seed <= 2; seed++) {
            ToyAutoEncoder model = new ToyAutoEncoder(D, 8, 3, seed);
            ToyHead head = new ToyHead(3, 6, 4, 100 + seed);
            INDArray x = Fixtures.uniform(N, D, 200 + seed, DataType.DOUBLE);
            int[] y = labels(model, head, x, seed);
            for (String norm : List.of(seed == 1 ? "linf" : "l2")) {
                double budget = norm.equals("linf") ? 0.1 : 0.5;
                EnsembleAttack ensemble = new EnsembleAttack(EnsembleAttack.members(Norm.parse(norm), 1, STEPS), true);
                EnsembleAttack.Outcome o = ensemble.evaluate(model, head, x, y, budget, seed);
                boolean[] rescored = HeadLoss.misclassified(EnsembleAttack.logits(model, head, o.result().adversarial()),
                        head.classes(), y);
                for (int m = 0; m < ensemble.memberNames().size(); m++) {
                    EnsembleAttack.Member member = EnsembleAttack.members(Norm.parse(norm), 1, STEPS).get(m);
                    // the member on its own, as a user would run it, with the ensemble's seed for it
                    AttackResult alone = BatchedAttacks.run(member.attack(), model, head, x, y, budget,
                            new RandomStreams(seed).seed(member.name()), EnsembleAttack.BATCH);
                    boolean[] brokenAlone = HeadLoss.misclassified(EnsembleAttack.logits(model, head,
                            alone.adversarial()), head.classes(), y);
                    assertThat(o.memberBroken()[m]).as("member %s's own breaks", member.name()).containsExactly(brokenAlone);
                    int right = 0;
                    for (int i = 0; i < N; i++) {
                        right += brokenAlone[i] ? 0 : 1;
                        if (brokenAlone[i]) {
                            assertThat(o.brokenBy()[i]).as("seed %d %s point %d broken by %s", seed, norm, i, member.name())
                                    .isBetween(0, m + 1);
                        }
                    }
                    assertThat(o.memberAccuracy()[m]).isEqualTo((double) right / N);
                    assertThat(o.accuracy()).isLessThanOrEqualTo(o.memberAccuracy()[m]);
                }
                for (int i = 0; i < N; i++) {
                    assertThat(rescored[i]).as("the kept input of point %d is broken iff brokenBy says so", i)
                            .isEqualTo(o.brokenBy()[i] >= 0);
                    assertThat(o.result().objective()[i] > 0).as("margin > 0 on broken point %d", i)
                            .isEqualTo(rescored[i] || o.result().objective()[i] > 0);
                }
                attacked += java.util.Arrays.stream(o.brokenBy()).filter(b -> b >= 1).count();
            }
        }
        assertThat(attacked).as("points the members broke (the property is not about an attack that does nothing)")
                .isGreaterThan(0);
    }

    @Test
    void cleanMisclassifiedPointsCountAsBrokenByClean() {
        ToyAutoEncoder model = new ToyAutoEncoder(D, 8, 3, 3);
        ToyHead head = new ToyHead(3, 6, 4, 103);
        INDArray x = Fixtures.uniform(N, D, 203, DataType.DOUBLE);
        int[] y = labels(model, head, x, 3);
        boolean[] cleanWrong = HeadLoss.misclassified(EnsembleAttack.logits(model, head, x), 4, y);
        EnsembleAttack.Outcome o = new EnsembleAttack(Norm.LINF, true, 1).evaluate(model, head, x, y, 0.0, 5);
        for (int i = 0; i < N; i++) {
            assertThat(o.brokenBy()[i]).isEqualTo(cleanWrong[i] ? 0 : -1);
        }
        assertThat(o.sources()).containsExactly("clean", "apgd-ce", "apgd-dlr", "apgd-mu", "apgd-skl", "random-noise");
        assertThat(o.result().adversarial()).isEqualTo(x);
    }

    @Test
    void theCascadeAttacksOnlyUnbrokenPointsAndReportsNoMemberAccuracy() {
        ToyAutoEncoder model = new ToyAutoEncoder(D, 8, 3, 2);
        ToyHead head = new ToyHead(3, 6, 4, 102);
        INDArray x = Fixtures.uniform(N, D, 202, DataType.DOUBLE);
        int[] y = labels(model, head, x, 2);
        EnsembleAttack.Outcome o = new EnsembleAttack(EnsembleAttack.members(Norm.LINF, 1, STEPS), false).evaluate(model, head, x, y, 0.1, 9);
        assertThat(o.memberAccuracy()).containsOnly(Double.NaN);
        assertThat(o.memberBroken()).isNull();
        boolean[] rescored = HeadLoss.misclassified(EnsembleAttack.logits(model, head, o.result().adversarial()), 4, y);
        for (int i = 0; i < N; i++) {
            assertThat(rescored[i]).isEqualTo(o.brokenBy()[i] >= 0);
            // a point broken by member m was attacked by members 1..m only: m * 100 gradient steps at most
            int by = o.brokenBy()[i];
            if (by >= 1) {
                assertThat(o.result().steps()[i]).isLessThanOrEqualTo(Math.min(by, 4) * STEPS);
            }
        }
    }

    @Test
    void needsTheHeadAndTheLabels() {
        ToyAutoEncoder model = new ToyAutoEncoder(D, 8, 3, 2);
        INDArray x = Fixtures.uniform(4, D, 1, DataType.DOUBLE);
        EnsembleAttack ensemble = new EnsembleAttack(Norm.LINF, true, 1);
        assertThatThrownBy(() -> ensemble.run(model, x, new int[4], 0.1, 1))
                .hasMessage("ensemble: decides which points are broken with the evaluator's classifier on mu: run it"
                        + " with a ClassifierHead (Attack.run(model, head, x, labels, budget, seed))");
        assertThatThrownBy(() -> ensemble.run(model, new ToyHead(3, 4, 2, 1), x, null, 0.1, 1))
                .hasMessage("ensemble: needs one label per example (got none for 4 examples)");
        assertThatThrownBy(() -> new ApgdProvider().create(new ApgdSpec("ce", null, 5, null), Fixtures.CONTEXT)
                .run(model, x, new int[4], 0.1, 1))
                .hasMessage("apgd: the cross-entropy objective attacks the evaluator's classifier on mu: run it with a"
                        + " ClassifierHead (Attack.run(model, head, x, labels, budget, seed))");
    }

    @Test
    void theVersionAndMembersArePinned() {
        assertThat(EnsembleAttack.VERSION).isEqualTo("raven-ensemble-1");
        assertThat(new EnsembleAttack(Norm.L2, true, 1).memberNames())
                .containsExactly("apgd-ce", "apgd-dlr", "apgd-mu", "apgd-skl", "random-noise");
    }
}

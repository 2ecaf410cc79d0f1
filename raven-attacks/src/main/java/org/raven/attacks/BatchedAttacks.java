package org.raven.attacks;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.RandomStreams;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.attack.ClassifierHead;
import org.raven.api.model.DifferentiableEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an attack over many examples in batches, logging progress per batch at DEBUG. */
public final class BatchedAttacks {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedAttacks.class);

    private BatchedAttacks() {
    }

    /**
     * Attacks {@code x} ({@code [n, inputSize]}) batch by batch and concatenates the results in order.
     * Batch {@code b} gets the seed {@code new RandomStreams(seed).seed("batch-" + b)}, so the result
     * depends on the seed and the batch size, never on global state.
     *
     * @param labels labels of all of {@code x}, or null for attacks that do not need them
     */
    public static AttackResult run(Attack attack, DifferentiableEncoder model, INDArray x, int[] labels,
                                   double budget, long seed, int batchSize) {
        return run(attack, model, null, x, labels, budget, seed, batchSize);
    }

    /**
     * As {@link #run(Attack, DifferentiableEncoder, INDArray, int[], double, long, int)}, giving every batch the
     * evaluator's classifier head (null: none), for classifier-aware attacks.
     */
    public static AttackResult run(Attack attack, DifferentiableEncoder model, ClassifierHead head, INDArray x,
                                   int[] labels, double budget, long seed, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 (was " + batchSize + ")");
        }
        int n = Math.toIntExact(x.size(0));
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("got " + labels.length + " labels for " + n + " examples");
        }
        int batches = (n + batchSize - 1) / batchSize;
        RandomStreams streams = new RandomStreams(seed);
        INDArray[] adversarial = new INDArray[batches];
        double[] objective = new double[n];
        double[] norm = new double[n];
        int[] steps = new int[n];
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int to = Math.min(n, from + batchSize);
            // A plain copy, not a view: attacks and encoders take their fast paths on c-order arrays.
            INDArray xb = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            int[] lb = labels == null ? null : Arrays.copyOfRange(labels, from, to);
            AttackResult r = attack.run(model, head, xb, lb, budget, streams.seed("batch-" + b));
            adversarial[b] = r.adversarial();
            System.arraycopy(r.objective(), 0, objective, from, to - from);
            System.arraycopy(r.norm(), 0, norm, from, to - from);
            System.arraycopy(r.steps(), 0, steps, from, to - from);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} batch {}/{} done: {} examples, budget {}, mean objective {}, {} s elapsed",
                        attack, b + 1, batches, to, budget, Arrays.stream(r.objective()).average().orElse(0),
                        String.format("%.1f", (System.nanoTime() - start) / 1e9));
            }
        }
        INDArray all = batches == 1 ? adversarial[0] : Nd4j.concat(0, adversarial);
        return new AttackResult(all, objective, norm, steps);
    }
}

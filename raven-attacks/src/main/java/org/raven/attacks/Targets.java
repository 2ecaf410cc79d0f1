package org.raven.attacks;

import java.util.SplittableRandom;
import org.raven.api.RandomStreams;

/** Target choice for targeted attacks: for each example, another example of the batch with a different label. */
final class Targets {

    private Targets() {
    }

    /**
     * For each example i, an index j with {@code labels[j] != labels[i]}, uniform among those, drawn
     * from the stream "targets" of {@code seed}: the same labels and seed give the same targets.
     */
    static int[] choose(String attackId, int[] labels, int n, long seed) {
        if (labels == null) {
            throw new IllegalArgumentException(attackId + ": needs the labels of x to choose targets of another class");
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(attackId + ": got " + labels.length + " labels for " + n + " examples");
        }
        SplittableRandom rng = new RandomStreams(seed).stream("targets");
        int[] target = new int[n];
        int[] candidates = new int[n];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (labels[j] != labels[i]) {
                    candidates[count++] = j;
                }
            }
            if (count == 0) {
                throw new IllegalArgumentException(attackId + ": example " + i + " has label " + labels[i]
                        + " and no example of another class is in the batch; a batch needs at least two classes");
            }
            target[i] = candidates[rng.nextInt(count)];
        }
        return target;
    }
}

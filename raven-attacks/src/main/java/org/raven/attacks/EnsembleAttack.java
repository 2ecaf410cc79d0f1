package org.raven.attacks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.RandomStreams;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.attack.ClassifierHead;
import org.raven.api.model.DifferentiableEncoder;

/**
 * {@code ensemble}: a fixed, versioned list of attacks run one after another, keeping per point the worst case for
 * the evaluator's classifier on mu (AutoAttack's recipe, Croce and Hein 2020, for VAEs). A point is <b>broken</b>
 * when the classifier misclassifies mu of the attacked input; the first member (in the fixed order) that breaks it
 * wins the point; on points no member breaks, the attacked input with the largest logit margin
 * {@code max_{j != y} h_j - h_y} is kept. Points the classifier already misclassifies clean count as broken by
 * {@code "clean"}.
 *
 * <p>{@value #VERSION}, in this order (each {@code apgd} with 100 steps and 1 restart, its paper's setting; nothing
 * tuned per model):
 * <ol>
 *   <li>{@code apgd-ce}: cross-entropy of the classifier, through the encoder (the adaptive attack on what is
 *       scored);</li>
 *   <li>{@code apgd-dlr}: the classifier's difference-of-logits ratio, scale-invariant, so it still moves points the
 *       classifier is very sure of, where the CE gradient vanishes;</li>
 *   <li>{@code apgd-mu}: mu's Mahalanobis shift under the clean posterior, the strongest latent attack measured
 *       (raven-attacks README), independent of the classifier;</li>
 *   <li>{@code apgd-skl}: the latent SKL, the attack of every earlier figure (Kuzina et al. 2022);</li>
 *   <li>{@code random-noise}: last, so every point it breaks is one all gradient members missed (an unreliability
 *       flag).</li>
 * </ol>
 * Member {@code m} draws from {@code new RandomStreams(seed).seed(m)}, over batches of {@link #BATCH}.
 */
public final class EnsembleAttack implements Attack {

    /** Names the member list and settings; goes into every result made with the ensemble. */
    public static final String VERSION = "raven-ensemble-1";
    /** The pseudo-member that "breaks" points the classifier misclassifies without attack. */
    public static final String CLEAN = "clean";
    /** The last member, random noise: every point it breaks is one all gradient members missed. */
    public static final String NOISE_MEMBER = "random-noise";
    /** APGD iterations of the gradient members. */
    public static final int STEPS = 100;
    /** Batch size of the members' runs. */
    public static final int BATCH = 128;
    static final String ID = "ensemble";

    /** One member: its name in results and the attack. */
    public record Member(String name, Attack attack) {
    }

    /**
     * What the ensemble found over all points.
     *
     * @param result         the per-point worst case; {@code objective} is the classifier's logit margin
     *                       {@code max_{j != y} h_j - h_y} there (positive: broken), {@code steps} the gradient steps
     *                       of all members on that point
     * @param sources        {@code "clean"} then the member names: what {@code brokenBy} indexes
     * @param brokenBy       per point the index in {@code sources} of what broke it first, or -1 (not broken)
     * @param memberAccuracy each member's own accuracy over all points (NaN in the cascade, where members do not
     *                       attack every point)
     * @param memberBroken   per member whether it broke each point on its own ({@code [member][point]}; null in the
     *                       cascade)
     */
    public record Outcome(AttackResult result, List<String> sources, int[] brokenBy, double[] memberAccuracy,
                          boolean[][] memberBroken) {

        /** Fraction of points not broken: the ensemble's robust accuracy. */
        public double accuracy() {
            return (double) Arrays.stream(brokenBy).filter(b -> b < 0).count() / brokenBy.length;
        }

        /** How many points each source broke first, in {@code sources}' order. */
        public int[] brokenCounts() {
            int[] counts = new int[sources.size()];
            for (int b : brokenBy) {
                if (b >= 0) {
                    counts[b]++;
                }
            }
            return counts;
        }
    }

    private final List<Member> members;
    private final boolean standalone;

    EnsembleAttack(Norm norm, boolean standalone, int eotSamples) {
        this(members(norm, eotSamples, STEPS), standalone);
    }

    /** An ensemble of other members (tests); results made with it must not carry {@link #VERSION}. */
    EnsembleAttack(List<Member> members, boolean standalone) {
        this.members = List.copyOf(members);
        this.standalone = standalone;
    }

    /** The members of {@value #VERSION} for a norm ({@link #STEPS} steps; fewer only in tests). */
    static List<Member> members(Norm norm, int eotSamples, int steps) {
        ApgdEngine.Config config = new ApgdEngine.Config(norm, steps, 1);
        return List.of(
                new Member("apgd-ce", new PgdAttack("apgd", PgdAttack.Goal.CROSS_ENTROPY, config, eotSamples)),
                new Member("apgd-dlr", new PgdAttack("apgd", PgdAttack.Goal.DLR, config, eotSamples)),
                new Member("apgd-mu", new PgdAttack("apgd", PgdAttack.Goal.MAHALANOBIS, config, eotSamples)),
                new Member("apgd-skl", new PgdAttack("apgd", PgdAttack.Goal.SYMMETRIC_KL, config, eotSamples)),
                new Member(NOISE_MEMBER, new RandomNoiseAttack(norm)));
    }

    /**
     * Gradient steps per point and budget of {@value #VERSION} in standalone mode (each gradient member's
     * {@link #STEPS}; times the EOT samples for encoder passes): what run-time estimates count.
     */
    public static int stepsPerPoint() {
        return (members(Norm.LINF, 1, STEPS).size() - 1) * STEPS;
    }

    /** The member names, in order. */
    public List<String> memberNames() {
        return members.stream().map(Member::name).toList();
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, INDArray x, int[] labels, double budget, long seed) {
        return run(model, null, x, labels, budget, seed);
    }

    @Override
    public AttackResult run(DifferentiableEncoder model, ClassifierHead head, INDArray x, int[] labels, double budget,
                            long seed) {
        return evaluate(model, head, x, labels, budget, seed).result();
    }

    /** Runs every member over all of {@code x} (or, in the cascade, over the points still unbroken). */
    public Outcome evaluate(DifferentiableEncoder model, ClassifierHead head, INDArray x, int[] labels, double budget,
                            long seed) {
        AttackInputs.check(ID, model, x, budget);
        int n = Math.toIntExact(x.size(0));
        AttackInputs.checkHead(ID, "decides which points are broken with the evaluator's classifier on mu", head, labels, n);
        int classes = head.classes();
        List<String> sources = new ArrayList<>();
        sources.add(CLEAN);
        sources.addAll(memberNames());

        double[] cleanLogits = logits(model, head, x);
        boolean[] broken = HeadLoss.misclassified(cleanLogits, classes, labels);
        double[] margin = HeadLoss.margins(cleanLogits, classes, labels);
        int[] brokenBy = new int[n];
        for (int i = 0; i < n; i++) {
            brokenBy[i] = broken[i] ? 0 : -1;
        }
        INDArray adversarial = x.dup('c');
        double[] norms = new double[n];
        int[] steps = new int[n];
        double[] memberAccuracy = new double[members.size()];
        boolean[][] memberBroken = standalone ? new boolean[members.size()][] : null;
        RandomStreams streams = new RandomStreams(seed);

        for (int m = 0; m < members.size(); m++) {
            Member member = members.get(m);
            int[] rows = standalone ? null : unbroken(broken);
            if (budget == 0 || (rows != null && rows.length == 0)) {
                // every member returns x at budget 0: its own accuracy is the clean one
                memberAccuracy[m] = standalone ? accuracy(HeadLoss.misclassified(cleanLogits, classes, labels)) : Double.NaN;
                if (standalone) {
                    memberBroken[m] = HeadLoss.misclassified(cleanLogits, classes, labels);
                }
                continue;
            }
            INDArray xm = rows == null ? x : x.getRows(rows).dup('c');
            int[] lm = rows == null ? labels : pick(labels, rows);
            AttackResult r = BatchedAttacks.run(member.attack(), model, head, xm, lm, budget,
                    streams.seed(member.name()), BATCH);
            INDArray adv = r.adversarial().castTo(x.dataType());
            double[] lg = logits(model, head, adv);
            boolean[] wrong = HeadLoss.misclassified(lg, classes, lm);
            double[] mm = HeadLoss.margins(lg, classes, lm);
            if (standalone) {
                memberBroken[m] = wrong;
                memberAccuracy[m] = accuracy(wrong);
            } else {
                memberAccuracy[m] = Double.NaN;
            }
            for (int k = 0; k < lm.length; k++) {
                int i = rows == null ? k : rows[k];
                steps[i] += r.steps()[k];
                if (broken[i] || !(wrong[k] || mm[k] > margin[i])) {
                    continue;
                }
                adversarial.putRow(i, adv.getRow(k));
                norms[i] = r.norm()[k];
                margin[i] = mm[k];
                if (wrong[k]) {
                    broken[i] = true;
                    brokenBy[i] = m + 1;
                }
            }
        }
        return new Outcome(new AttackResult(adversarial, margin, norms, steps), List.copyOf(sources), brokenBy,
                memberAccuracy, memberBroken);
    }

    /** The classifier's logits on mu of {@code x}, encoded in batches of {@link #BATCH}. */
    static double[] logits(DifferentiableEncoder model, ClassifierHead head, INDArray x) {
        int n = Math.toIntExact(x.size(0));
        int d = head.latentDim();
        double[] out = new double[n * head.classes()];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray xb = n <= BATCH ? x : x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            double[] mu = Nd.toFlat(model.encode(xb).mu());
            if (mu.length != (to - from) * d) {
                throw new IllegalArgumentException(ID + ": the classifier head takes mu of dimension " + d
                        + " but the encoder's is " + mu.length / (to - from));
            }
            double[] lg = new double[(to - from) * head.classes()];
            head.logits(mu, to - from, lg);
            System.arraycopy(lg, 0, out, from * head.classes(), lg.length);
        }
        return out;
    }

    private static double accuracy(boolean[] wrong) {
        int right = 0;
        for (boolean w : wrong) {
            right += w ? 0 : 1;
        }
        return (double) right / wrong.length;
    }

    private static int[] unbroken(boolean[] broken) {
        return java.util.stream.IntStream.range(0, broken.length).filter(i -> !broken[i]).toArray();
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = values[rows[k]];
        }
        return out;
    }

    @Override
    public String objective() {
        return "margin = max_{j != y} h_j - h_y of the evaluator's classifier logits h(mu(x+e)) (positive: broken)";
    }

    @Override
    public String toString() {
        return ID + " " + VERSION;
    }
}

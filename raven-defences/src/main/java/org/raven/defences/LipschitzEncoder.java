package org.raven.defences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.PluginException;
import org.raven.api.Problem;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.defence.ShiftCertificate;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.defence.WeightConstraint;

/**
 * {@code lipschitz}: spectral normalisation of every encoder layer of an mlp (the {@link DenseReluMlp} weight names),
 * as a projection after each optimiser step: a persistent power iteration (Miyato et al. 2018) estimates each
 * layer's largest singular value sigma, and a layer with sigma above {@code target} is scaled by target / sigma. ReLU
 * is 1-Lipschitz, so mu is then at most target^(H+1)-Lipschitz in L2.
 *
 * <p>Why spectral normalisation rather than orthogonal layers (Barrett et al. 2021): it keeps the architecture and
 * its fused training step unchanged (the projection is a rescale of weights the fused engine already holds), costs one
 * matrix-vector product pair per layer and step, and its certificate is the product of layer norms, which an
 * orthogonal parameterisation would only make tight, not valid.
 *
 * <p>The certificate ({@link ShiftCertificate}) does not trust the power iteration: it bounds each layer's
 * sigma from above with {@link SpectralNorms#upperBound} and, for an L-inf budget, bounds the first layer by the
 * tighter of {@code sqrt(D) sigma_0 delta} and {@code delta sqrt(sum_j (sum_i |W_ij|)^2)} (the exact L-inf to L2
 * operator norm's bound by rows of absolute sums).
 */
public final class LipschitzEncoder extends BasePlugin<LipschitzEncoder.Spec, TrainingDefence>
        implements TrainingDefenceProvider<LipschitzEncoder.Spec> {

    /**
     * @param target          the largest singular value each encoder layer may have; default 1.0, > 0
     * @param powerIterations power-iteration steps per layer and optimiser step; default 1, >= 1
     */
    public record Spec(Double target, Integer powerIterations) implements TrainingDefenceSpec {
        public Spec {
            target = target == null ? 1.0 : target;
            powerIterations = powerIterations == null ? 1 : powerIterations;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector()
                    .positive("target", target)
                    .check(!target.isInfinite(), "target", "must be finite (was " + target + ")")
                    .positive("powerIterations", powerIterations)
                    .problems();
        }
    }

    /** The constraint with its power-iteration vectors (one per layer, kept across steps) and the certificate. */
    static final class Constraint implements WeightConstraint, ShiftCertificate {
        /** Power-iteration steps of a layer's first projection. */
        static final int WARM_UP = 200;

        private final Spec spec;
        private final Map<String, INDArray> vectors = new HashMap<>();

        Constraint(Spec spec) {
            this.spec = spec;
        }

        @Override
        public void project(Map<String, INDArray> weights) {
            for (String name : encoderLayers(weights)) {
                INDArray w = weights.get(name);
                INDArray v = vectors.get(name);
                int iterations = spec.powerIterations();
                if (v == null) { // the first projection converges the vector; later ones track a slowly moving W
                    v = SpectralNorms.startVector(w.size(1), w.dataType());
                    vectors.put(name, v);
                    iterations = WARM_UP;
                }
                double sigma = 0;
                for (int i = 0; i < iterations; i++) {
                    sigma = SpectralNorms.powerStep(w, v);
                }
                if (sigma > spec.target()) {
                    w.muli(spec.target() / sigma);
                }
            }
        }

        @Override
        public double muShiftBound(Map<String, INDArray> weights, int inputSize, double budget, String norm) {
            List<String> path = muPath(weights);
            double bound = 1;
            for (int i = 1; i < path.size(); i++) {
                bound *= SpectralNorms.upperBound(weights.get(path.get(i)));
            }
            INDArray first = weights.get(path.get(0));
            double firstL2 = SpectralNorms.upperBound(first);
            double firstGain = switch (norm) {
                case "l2" -> firstL2 * budget;
                case "linf" -> Math.min(Math.sqrt(inputSize) * firstL2, infToL2(first)) * budget;
                default -> throw new IllegalArgumentException("lipschitz: no certificate for norm '" + norm
                        + "'; available: l2, linf");
            };
            return bound * firstGain;
        }

        @Override
        public String toString() {
            return "lipschitz" + spec;
        }
    }

    /** A bound on max ||e W||_2 over ||e||_inf <= 1 for W {@code [in, out]}: sqrt(sum_j (sum_i |W_ij|)^2). */
    static double infToL2(INDArray w) {
        INDArray colSums = Transforms.abs(w.castTo(DataType.DOUBLE), true).sum(0);
        return colSums.norm2Number().doubleValue();
    }

    /** The hidden layers and both heads: every encoder layer. */
    static List<String> encoderLayers(Map<String, INDArray> weights) {
        List<String> names = hiddenLayers(weights);
        names.add(DenseReluMlp.MU_WEIGHT);
        names.add(DenseReluMlp.LOGVAR_WEIGHT);
        return names;
    }

    /** The layers from x to mu, input side first. */
    static List<String> muPath(Map<String, INDArray> weights) {
        List<String> names = hiddenLayers(weights);
        names.add(DenseReluMlp.MU_WEIGHT);
        return names;
    }

    private static List<String> hiddenLayers(Map<String, INDArray> weights) {
        if (!weights.containsKey(DenseReluMlp.MU_WEIGHT) || !weights.containsKey(DenseReluMlp.LOGVAR_WEIGHT)) {
            throw new PluginException("defence 'lipschitz' needs an mlp encoder (weights " + DenseReluMlp.MU_WEIGHT + " and "
                    + DenseReluMlp.LOGVAR_WEIGHT + "); this model has " + weights.keySet());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; weights.containsKey(DenseReluMlp.encoderWeight(i)); i++) {
            names.add(DenseReluMlp.encoderWeight(i));
        }
        return names;
    }

    public LipschitzEncoder() {
        super("lipschitz", Spec.class, new Spec(null, null),
                "spectral normalisation of every mlp encoder layer (power iteration), with a certified bound on mu's shift");
    }

    @Override
    public TrainingDefence create(Spec spec, PluginContext context) {
        return new Constraint(spec);
    }
}

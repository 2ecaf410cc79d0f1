package org.raven.defences;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.defence.InferenceProcedure;
import org.raven.api.defence.InferenceProvider;
import org.raven.api.defence.InferenceSpec;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;

/**
 * {@code hmc}: test-time MCMC correction (Kuzina et al. 2022). Each code starts at z_0 ~ q(z|x) and runs
 * {@code steps} Hamiltonian Monte Carlo transitions (each {@code leapfrogSteps} leapfrog steps of size
 * {@code stepSize}, unit mass, a Metropolis accept/reject per row) targeting p(x|z) p(z). The classifier sees the mean
 * of {@code samples} independent chains' final states, as {@code mu}; {@code logVar} stays q's.
 *
 * <p>Gradient for attacks: BPDA with the identity for the chain (Athalye et al. 2018): the corrected code is treated
 * as its start z_0 = mu + sigma eps, and the expectation over the chain's randomness of that straight-through
 * gradient is taken in closed form: E[eps] = 0, so d(code)/d(mu) = I and d(code)/d(logVar) = 0, and
 * {@code inputGradient} is the encoder's own with the logVar gradient passed as given. The forward pass the attack
 * scores is the real chain (fresh randomness per call), so attacks see the defence's output, not q's.
 */
public final class HmcCorrection extends BasePlugin<HmcCorrection.Spec, InferenceProcedure>
        implements InferenceProvider<HmcCorrection.Spec> {

    /** What {@link Corrected#gradient()} reports. */
    public static final String GRADIENT = "BPDA: identity through the chain w.r.t. its start mu + sigma eps, "
            + "expectation over eps (d code / d mu = I)";

    /**
     * @param steps         HMC transitions per chain; default 20, >= 1
     * @param leapfrogSteps leapfrog steps per transition; default 5, >= 1
     * @param stepSize      leapfrog step size; default 0.05, > 0
     * @param samples       independent chains per input whose final states are averaged; default 1, >= 1
     */
    public record Spec(Integer steps, Integer leapfrogSteps, Double stepSize, Integer samples) implements InferenceSpec {
        public Spec {
            steps = steps == null ? 20 : steps;
            leapfrogSteps = leapfrogSteps == null ? 5 : leapfrogSteps;
            stepSize = stepSize == null ? 0.05 : stepSize;
            samples = samples == null ? 1 : samples;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector()
                    .positive("steps", steps)
                    .positive("leapfrogSteps", leapfrogSteps)
                    .positive("stepSize", stepSize)
                    .check(!stepSize.isInfinite(), "stepSize", "must be finite (was " + stepSize + ")")
                    .positive("samples", samples)
                    .problems();
        }
    }

    public HmcCorrection() {
        super("hmc", Spec.class, new Spec(null, null, null, null),
                "test-time HMC in latent space from q(z|x) towards p(z|x) (Kuzina et al. 2022); attacks use BPDA");
    }

    @Override
    public InferenceProcedure create(Spec spec, PluginContext context) {
        return (model, target, seed) -> new Chain(spec, model, target, new SplittableRandom(seed));
    }

    /** The corrected encoder. Not thread-safe: its draws come from one stream, call after call. */
    static final class Chain implements InferenceProcedure.Corrected {
        private final Spec spec;
        private final AutoEncoder encoder;
        private final LatentTarget target;
        private final SplittableRandom random;
        private long proposed;
        private long accepted;

        Chain(Spec spec, AutoEncoder encoder, LatentTarget target, SplittableRandom random) {
            this.spec = spec;
            this.encoder = encoder;
            this.target = target;
            this.random = random;
        }

        @Override
        public int inputSize() {
            return encoder.inputSize();
        }

        @Override
        public int latentDim() {
            return encoder.latentDim();
        }

        @Override
        public Posterior encode(INDArray x) {
            Posterior q = encoder.encode(x);
            INDArray mu = q.mu().castTo(DataType.DOUBLE);
            INDArray sigma = org.nd4j.linalg.ops.transforms.Transforms.exp(q.logVar().castTo(DataType.DOUBLE).mul(0.5), false);
            INDArray xd = x.castTo(DataType.DOUBLE);
            INDArray sum = Nd4j.zeros(DataType.DOUBLE, mu.shape());
            for (int s = 0; s < spec.samples(); s++) {
                INDArray z = mu.add(sigma.mul(gaussian(mu.shape())));
                sum.addi(run(xd, z));
            }
            INDArray code = sum.divi(spec.samples()).castTo(q.mu().dataType());
            return new Posterior(code, q.logVar().dup());
        }

        /**
         * {@code steps} HMC transitions from {@code z} (rows independent); returns the final states. The chain works on
         * plain arrays made once per call (one ND4J call per row would cost more than the decoder passes), and asks the
         * target for density and gradient together: the last leapfrog position's density, which the Metropolis test
         * needs, comes with its gradient.
         */
        INDArray run(INDArray x, INDArray z0) {
            int rows = (int) z0.size(0);
            int d = (int) z0.size(1);
            double eps = spec.stepSize();
            double[] z = flat(z0);
            double[] logP = new double[rows];
            double[] grad = new double[z.length];
            target.evaluate(x, z, logP, grad);
            double[] p = new double[z.length];
            double[] zNew = new double[z.length];
            double[] pNew = new double[z.length];
            double[] gNew = new double[z.length];
            double[] logPNew = new double[rows];
            for (int t = 0; t < spec.steps(); t++) {
                for (int k = 0; k < p.length; k++) {
                    p[k] = random.nextGaussian();
                }
                double[] kinetic0 = halfSquares(p, rows, d);
                System.arraycopy(z, 0, zNew, 0, z.length);
                for (int k = 0; k < pNew.length; k++) {
                    pNew[k] = p[k] + eps / 2 * grad[k];
                }
                for (int l = 0; l < spec.leapfrogSteps(); l++) {
                    for (int k = 0; k < zNew.length; k++) {
                        zNew[k] += eps * pNew[k];
                    }
                    target.evaluate(x, zNew, logPNew, gNew);
                    double h = l == spec.leapfrogSteps() - 1 ? eps / 2 : eps;
                    for (int k = 0; k < pNew.length; k++) {
                        pNew[k] += h * gNew[k];
                    }
                }
                double[] kinetic1 = halfSquares(pNew, rows, d);
                for (int i = 0; i < rows; i++) {
                    double logAccept = (logPNew[i] - kinetic1[i]) - (logP[i] - kinetic0[i]);
                    proposed++;
                    if (Double.isFinite(logAccept) && Math.log(random.nextDouble()) < logAccept) {
                        accepted++;
                        System.arraycopy(zNew, i * d, z, i * d, d);
                        System.arraycopy(gNew, i * d, grad, i * d, d);
                        logP[i] = logPNew[i];
                    }
                }
            }
            return Nd4j.create(z, z0.shape(), DataType.DOUBLE);
        }

        /** Row-major values of {@code a} (a fresh copy: a view's buffer need not be). */
        private static double[] flat(INDArray a) {
            return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }

        private static double[] halfSquares(double[] p, int rows, int d) {
            double[] out = new double[rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    out[i] += 0.5 * p[i * d + j] * p[i * d + j];
                }
            }
            return out;
        }

        private INDArray gaussian(long[] shape) {
            double[] v = new double[(int) (shape[0] * shape[1])];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian();
            }
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }


        /** BPDA: the encoder's own gradient (see the class comment). */
        @Override
        public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
            return encoder.inputGradient(x, gradMu, gradLogVar);
        }

        @Override
        public DifferentiableDecoder decoder() {
            return encoder.decoder();
        }

        @Override
        public String gradient() {
            return GRADIENT;
        }

        /** {@code acceptanceRate}: accepted over proposed transitions since creation (NaN before the first). */
        @Override
        public Map<String, Double> diagnostics() {
            return Map.of("acceptanceRate", proposed == 0 ? Double.NaN : (double) accepted / proposed,
                    "transitions", (double) proposed);
        }

        @Override
        public String toString() {
            return "hmc" + spec + " over " + encoder;
        }
    }
}

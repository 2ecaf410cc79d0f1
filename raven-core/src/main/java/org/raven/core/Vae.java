package org.raven.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.LabeledData;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;

/**
 * A VAE in SameDiff whose encoder and decoder weights are shared between a clean input x and its
 * noisy copy x'. Per pair it maximises {@code log p(x|z) + log p(x'|z') - beta KL(q(z|x) q(z'|x') || p(z, z'))}
 * (modes {@code noisy-vae} and {@code raven}); without a noise model {@code log p(x|z) - beta KL(q(z|x) || p(z))}
 * (mode {@code vae}). Reparameterised with explicit eps inputs: no ND4J global RNG anywhere.
 *
 * <p>The parts: {@link VaeGraphs} builds the three graphs that share the weight arrays (training and
 * evaluation, encoder VJP, decoder VJP); this class is the model (encode, decode, gradients, the training
 * step); {@code fast.FusedInference} gives the fast frozen view; {@link VaeEvaluator} computes bounds over data;
 * {@link WeightIO} reads and writes weight files.
 *
 * <pre>{@code
 * Vae vae = Vae.create(new VaeConfig(arch, prior, noise, LikelihoodSpec.bernoulli(), 1.0, shape), 42);
 * Posterior q = vae.encode(x);
 * }</pre>
 * Not thread-safe: one thread per instance.
 */
public final class Vae implements AutoEncoder {

    /** Which bound is trained; follows from (prior.paired(), noise != null). */
    public enum Mode {
        /** No noise: single-input bound on clean x. */
        VAE,
        /** Noise with an independent prior: ELBO(x) + ELBO(x'). */
        NOISY_VAE,
        /** Noise with a paired prior: the RAVEN bound. */
        RAVEN;

        public static Mode of(Prior prior, NoiseModel noise) {
            if (noise == null) {
                return VAE;
            }
            return prior.paired() ? RAVEN : NOISY_VAE;
        }

        /** True when training uses pairs (x, x'). */
        public boolean pairs() {
            return this != VAE;
        }
    }

    /**
     * The result of one forward and backward pass on a batch: the loss (minus the mean training
     * objective), batch means of the bound's terms, and dLoss/dWeight per weight name.
     */
    public record Step(double loss, double recon, double reconNoisy, double kl, Map<String, INDArray> gradients) {
    }

    private final VaeConfig config;
    private final DataType dataType;
    private final int inputSize;
    private final int latentDim;
    private final Mode mode;
    private final VaeGraphs graphs;
    private final List<String> weightNames;
    private final List<String> stepOutputs;
    private final DifferentiableDecoder decoder;
    private long trainingSetSize;

    private Vae(VaeConfig config, long seed, DataType dataType) {
        this.config = config;
        this.dataType = dataType;
        this.inputSize = config.shape().size();
        this.latentDim = config.architecture().latentDim();
        this.mode = config.mode();
        this.graphs = new VaeGraphs(config, seed, dataType);
        this.weightNames = List.copyOf(graphs.weights.keySet());
        this.stepOutputs = mode.pairs() ? List.of("loss", "pairRecon", "reconNoisy", "pairKl") : List.of("loss", "recon", "kl");
        this.decoder = new Decoder();
    }

    /** A float32 model with weights initialised from {@code seed}. */
    public static Vae create(VaeConfig config, long seed) {
        return create(config, seed, DataType.FLOAT);
    }

    /** A model in {@code dataType} (FLOAT, or DOUBLE for gradient checks), weights initialised from {@code seed}. */
    public static Vae create(VaeConfig config, long seed, DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE (was " + dataType + ")");
        }
        return new Vae(config, seed, dataType);
    }

    public VaeConfig config() {
        return config;
    }

    public Mode mode() {
        return mode;
    }

    public DataType dataType() {
        return dataType;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    /**
     * The trainable arrays by name, in graph order (live: changing them changes the model). Names are
     * those of the architecture (e.g. {@code enc.w0}) plus {@code lik.logvar} for a learned Gaussian variance.
     */
    public Map<String, INDArray> weights() {
        return graphs.weights;
    }

    public List<String> weightNames() {
        return weightNames;
    }

    /** Total number of trainable parameters. */
    public long parameterCount() {
        return graphs.weights.values().stream().mapToLong(INDArray::length).sum();
    }

    /** The training graph (advanced use: listeners, inspection). Do not change its structure. */
    public SameDiff graph() {
        return graphs.train;
    }

    @Override
    public Posterior encode(INDArray x) {
        return Rows.encode(x, inputSize, dataType, chunk -> {
            Map<String, INDArray> out = graphs.train.output(Map.of("x", chunk), "mu", "logVar");
            return new Posterior(out.get("mu"), out.get("logVar"));
        });
    }

    /** The decoder mean at mu(x): the deterministic reconstruction, {@code [batch, inputSize]}. */
    public INDArray reconstruct(INDArray x) {
        Rows.check(x, inputSize, "x");
        return Rows.map(x, dataType, chunk -> graphs.train.output(Map.of("x", chunk), "reconstruction").get("reconstruction"));
    }

    /** Decoder means of {@code n} draws z ~ N(0, I) from {@code seed}. */
    public INDArray sample(int n, long seed) {
        return decoder.decode(gaussian(new SplittableRandom(seed), n, latentDim, dataType));
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        Rows.check(x, inputSize, "x");
        Rows.check(gradMu, latentDim, "gradMu");
        Rows.check(gradLogVar, latentDim, "gradLogVar");
        Map<String, INDArray> feed = Map.of("x", Rows.cast(x, dataType), "gMu", Rows.cast(gradMu, dataType),
                "gLogVar", Rows.cast(gradLogVar, dataType));
        INDArray g = graphs.encoder.calculateGradients(feed, "x").get("x");
        return Rows.cast(g, x.dataType());
    }

    @Override
    public DifferentiableDecoder decoder() {
        return decoder;
    }

    private final class Decoder implements DifferentiableDecoder {
        @Override
        public INDArray decode(INDArray z) {
            Rows.check(z, latentDim, "z");
            return Rows.map(z, dataType, chunk -> graphs.decoder.output(Map.of("z", chunk), "mean").get("mean"));
        }

        @Override
        public INDArray latentGradient(INDArray z, INDArray gradOutput) {
            Rows.check(z, latentDim, "z");
            Rows.check(gradOutput, inputSize, "gradOutput");
            INDArray g = graphs.decoder.calculateGradients(Map.of("z", Rows.cast(z, dataType), "gOut",
                    Rows.cast(gradOutput, dataType)), "z").get("z");
            return Rows.cast(g, z.dataType());
        }
    }

    /**
     * The number of training examples, which a defence's {@link org.raven.api.defence.ObjectiveTerm} may need (the
     * trainer sets it before the first step).
     */
    public void setTrainingSetSize(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("training set size must be >= 1 (was " + n + ")");
        }
        this.trainingSetSize = n;
    }

    /**
     * One forward and backward pass of the training objective (for trainers). {@code xNoisy} and
     * {@code epsNoisy} are required in the paired modes and ignored in {@code vae} mode.
     *
     * @param eps      standard normal draws {@code [batch, latentDim]} for z = mu + sigma eps
     * @param epsNoisy the same for z'
     */
    public Step step(INDArray x, INDArray xNoisy, INDArray eps, INDArray epsNoisy) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("x", Rows.cast(x, dataType));
        feed.put("eps", Rows.cast(eps, dataType));
        if (mode.pairs()) {
            if (xNoisy == null || epsNoisy == null) {
                throw new IllegalArgumentException("mode " + mode + " needs xNoisy and epsNoisy");
            }
            feed.put("xNoisy", Rows.cast(xNoisy, dataType));
            feed.put("epsNoisy", Rows.cast(epsNoisy, dataType));
        }
        if (config.defence() instanceof org.raven.api.defence.ObjectiveTerm) {
            if (trainingSetSize < 1) {
                throw new IllegalStateException("the defence's objective term needs the training set size: call setTrainingSetSize first");
            }
            feed.put(VaeGraphs.DATASET_SIZE, Nd4j.scalar(dataType, (double) trainingSetSize));
        }
        var result = graphs.train.calculateGradientsAndOutputs(feed, stepOutputs, weightNames);
        Map<String, INDArray> out = result.getOutputs();
        double loss = out.get("loss").getDouble(0);
        double recon = out.get(mode.pairs() ? "pairRecon" : "recon").meanNumber().doubleValue();
        if (mode.pairs()) {
            return new Step(loss, recon, out.get("reconNoisy").meanNumber().doubleValue(),
                    out.get("pairKl").meanNumber().doubleValue(), result.getGradients());
        }
        return new Step(loss, recon, 0.0, out.get("kl").meanNumber().doubleValue(), result.getGradients());
    }

    /**
     * Mean bound and its terms over {@code data} (see {@link Evaluation}). With {@code noise} the bound is
     * per pair under this model's prior; without, the single-input bound. eps and noise are drawn from
     * {@code seed}, so the same call gives the same numbers.
     */
    public Evaluation evaluate(LabeledData data, NoiseModel noise, long seed) {
        return VaeEvaluator.evaluate(this, graphs.train, data, noise, seed);
    }

    /** Mean squared error per pixel between {@code x} and {@link #reconstruct(INDArray)}. */
    public double reconstructionMse(INDArray x) {
        return VaeEvaluator.reconstructionMse(this, graphs.train, x);
    }

    /** Writes the weights to {@code file} (through a temp file and an atomic rename). */
    public void save(Path file) throws IOException {
        WeightIO.writeFile(file, graphs.weights);
    }

    /**
     * Reads weights written by {@link #save} into a new model built from {@code config} (in the data
     * type of the file).
     *
     * @throws IOException              if the file is unreadable or not a RAVEN weight file
     * @throws IllegalArgumentException if its weights do not match {@code config} (names or shapes)
     */
    public static Vae load(Path file, VaeConfig config) throws IOException {
        Map<String, INDArray> loaded = WeightIO.readFile(file);
        DataType type = loaded.values().stream().findFirst().map(INDArray::dataType).orElse(DataType.FLOAT);
        Vae vae = create(config, 0, type);
        WeightIO.assign(vae.weights(), loaded, file.toString());
        return vae;
    }

    /**
     * Fills {@code out} (an own c-order float or double array) with standard normal draws from {@code random}, in the
     * order and with the values of {@link #gaussian(java.util.random.RandomGenerator, int, int, DataType)}; returns it.
     */
    public static INDArray gaussian(java.util.random.RandomGenerator random, INDArray out) {
        int n = (int) out.length();
        if (out.isView() || out.ordering() != 'c' || out.data().length() != n) {
            throw new IllegalArgumentException("out must own a c-order buffer (was a view or f-order array "
                    + java.util.Arrays.toString(out.shape()) + ")");
        }
        if (out.dataType() == DataType.DOUBLE) {
            java.nio.DoubleBuffer b = out.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                b.put(i, random.nextGaussian());
            }
        } else if (out.dataType() == DataType.FLOAT) {
            java.nio.FloatBuffer b = out.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                b.put(i, (float) random.nextGaussian());
            }
        } else {
            throw new IllegalArgumentException("out must be FLOAT or DOUBLE (was " + out.dataType() + ")");
        }
        return out;
    }

    /** {@code [rows, cols]} standard normal draws from {@code random}. */
    public static INDArray gaussian(java.util.random.RandomGenerator random, int rows, int cols, DataType type) {
        if (type == DataType.DOUBLE) {
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian();
            }
            return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
        }
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    private String likelihoodText() {
        LikelihoodSpec l = config.likelihood();
        return l.isGaussian() ? l.type() + "(variance=" + l.variance() + (l.learnVariance() ? ", learned" : "") + ")" : l.type();
    }

    @Override
    public String toString() {
        return "Vae(" + mode + ", " + config.architecture() + ", " + config.prior() + ", noise=" + config.noise()
                + ", " + likelihoodText() + ", beta=" + config.beta() + ", " + config.shape()
                + (config.defence() == null ? "" : ", defence=" + config.defence()) + ")";
    }
}

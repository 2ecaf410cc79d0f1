package org.raven.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.arch.Network;
import org.raven.api.data.LabeledData;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.core.fast.FastMlpEncoder;
import org.raven.core.fast.MlpLayout;

/**
 * A VAE in SameDiff whose encoder and decoder weights are shared between a clean input x and its
 * noisy copy x'. Per pair it maximises {@code log p(x|z) + log p(x'|z') - beta KL(q(z|x) q(z'|x') || p(z, z'))}
 * (modes {@code noisy-vae} and {@code raven}); without a noise model {@code log p(x|z) - beta KL(q(z|x) || p(z))}
 * (mode {@code vae}). Reparameterised with explicit eps inputs: no ND4J global RNG anywhere.
 *
 * <p>Three graphs share the same weight arrays (by reference): the training graph (which also
 * evaluates and encodes), an encoder graph for input gradients, and a decoder graph for latent
 * gradients. Each is built once. Graph variable names in the training graph: placeholders
 * {@code x}, {@code xNoisy}, {@code eps}, {@code epsNoisy}; outputs of the clean branch {@code mu},
 * {@code logVar}, {@code recon}, {@code kl}, {@code reconstruction}; of the pair branch (x and x' as
 * one batch) {@code pairRecon}, {@code reconNoisy}, {@code pairKl}; and {@code loss}.
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

    private static final int CHUNK = 512;
    private static final String ONE = "vjp.one";

    private final VaeConfig config;
    private final DataType dataType;
    private final int inputSize;
    private final int latentDim;
    private final Mode mode;
    private final SameDiff train;
    private final SameDiff encoderGraph;
    private final SameDiff decoderGraph;
    private final Map<String, INDArray> weights;
    private final List<String> weightNames;
    private final List<String> stepOutputs;
    private final DifferentiableDecoder decoder;

    private Vae(VaeConfig config, long seed, DataType dataType) {
        this.config = config;
        this.dataType = dataType;
        this.inputSize = config.shape().size();
        this.latentDim = config.architecture().latentDim();
        this.mode = config.mode();
        this.train = newGraph();
        this.weights = buildTrainingGraph(seed);
        this.weightNames = List.copyOf(weights.keySet());
        this.encoderGraph = buildEncoderGraph(seed);
        this.decoderGraph = buildDecoderGraph(seed);
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

    private Map<String, INDArray> buildTrainingGraph(long seed) {
        SameDiff sd = train;
        SDVariable x = sd.placeHolder("x", dataType, -1, inputSize);
        SDVariable xNoisy = sd.placeHolder("xNoisy", dataType, -1, inputSize);
        SDVariable eps = sd.placeHolder("eps", dataType, -1, latentDim);
        SDVariable epsNoisy = sd.placeHolder("epsNoisy", dataType, -1, latentDim);
        Network net = config.architecture().build(sd, config.shape(), seed);
        Likelihood likelihood = Likelihood.create(config.likelihood(), sd, DataType.FLOAT);
        convert(sd);
        Prior prior = config.prior();

        Network.Encoded q = net.encode(x);
        SDVariable mu = q.mu().rename("mu");
        SDVariable logVar = q.logVar().rename("logVar");
        SDVariable z = mu.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
        SDVariable recon = likelihood.logLikelihood(sd, x, net.decode(z), inputSize).rename("recon");
        SDVariable kl = prior.kl(sd, mu, logVar).rename("kl");

        // The pair: x and x' go through the network as one batch of 2b rows (half the ops of two
        // passes, and larger matrix products), then split back into halves.
        SDVariable both = sd.concat(0, x, xNoisy);
        Network.Encoded qb = net.encode(both);
        SDVariable zBoth = qb.mu().add(sd.math().exp(qb.logVar().mul(0.5)).mul(sd.concat(0, eps, epsNoisy)));
        SDVariable reconBoth = likelihood.logLikelihood(sd, both, net.decode(zBoth), inputSize).reshape(2, -1);
        SDVariable pairRecon = sd.slice(reconBoth, new int[] {0, 0}, 1, -1).reshape(-1).rename("pairRecon");
        SDVariable reconNoisy = sd.slice(reconBoth, new int[] {1, 0}, 1, -1).reshape(-1).rename("reconNoisy");
        SDVariable muBoth = qb.mu().reshape(2, -1, latentDim);
        SDVariable logVarBoth = qb.logVar().reshape(2, -1, latentDim);
        SDVariable pairKl = prior.pairKl(sd, half(sd, muBoth, 0), half(sd, logVarBoth, 0), half(sd, muBoth, 1),
                half(sd, logVarBoth, 1))
                .rename("pairKl");

        sd.nn().sigmoid("reconstruction", net.decode(mu));

        double beta = config.beta();
        SDVariable objective = mode.pairs()
                ? pairRecon.add(reconNoisy).sub(pairKl.mul(beta))
                : recon.sub(kl.mul(beta));
        SDVariable loss = objective.mean().neg().rename("loss");
        sd.setLossVariables(loss);

        Map<String, INDArray> w = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                w.put(v.name(), v.getArr());
            }
        }
        return Collections.unmodifiableMap(w);
    }

    /** Row block {@code which} of a {@code [2, b, d]} stack, as {@code [b, d]}. */
    private SDVariable half(SameDiff sd, SDVariable stacked, int which) {
        return sd.slice(stacked, new int[] {which, 0, 0}, 1, -1, -1).reshape(-1, latentDim);
    }

    private SameDiff buildEncoderGraph(long seed) {
        SameDiff sd = newGraph();
        SDVariable x = sd.placeHolder("x", dataType, -1, inputSize);
        SDVariable gMu = sd.placeHolder("gMu", dataType, -1, latentDim);
        SDVariable gLogVar = sd.placeHolder("gLogVar", dataType, -1, latentDim);
        Network net = config.architecture().build(sd, config.shape(), seed);
        share(sd);
        Network.Encoded q = net.encode(differentiable(sd, x));
        // d/dx of sum(mu * gMu + logVar * gLogVar) is exactly the vector-Jacobian product.
        SDVariable loss = q.mu().mul(gMu).sum().add(q.logVar().mul(gLogVar).sum()).rename("vjp");
        sd.setLossVariables(loss);
        return sd;
    }

    private SameDiff buildDecoderGraph(long seed) {
        SameDiff sd = newGraph();
        SDVariable z = sd.placeHolder("z", dataType, -1, latentDim);
        SDVariable gOut = sd.placeHolder("gOut", dataType, -1, inputSize);
        Network net = config.architecture().build(sd, config.shape(), seed);
        share(sd);
        SDVariable mean = sd.nn().sigmoid("mean", net.decode(differentiable(sd, z)));
        SDVariable loss = mean.mul(gOut).sum().rename("vjp");
        sd.setLossVariables(loss);
        return sd;
    }

    /**
     * A graph whose arrays live in a plain map: the default thread-safe holder keeps a copy per
     * thread, which would break sharing weights between graphs and updating them in place.
     */
    private static SameDiff newGraph() {
        SameDiff sd = SameDiff.create();
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
        return sd;
    }

    /**
     * {@code input * 1} with the 1 a (never trained) variable. SameDiff M2.1 only back-propagates to
     * a placeholder through ops that also touch a variable, so without this a network that starts
     * with a reshape (the conv encoder) gets no input gradient at all.
     */
    private SDVariable differentiable(SameDiff sd, SDVariable input) {
        return input.mul(sd.var(ONE, Nd4j.scalar(dataType, 1.0)));
    }

    /** Converts the architecture's float variables to this model's data type, before any op is built. */
    private void convert(SameDiff sd) {
        if (dataType == DataType.FLOAT) {
            return;
        }
        Map<String, DataType> types = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if ((v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT)
                    && v.dataType().isFPType() && v.dataType() != dataType) {
                types.put(v.name(), dataType);
            }
        }
        if (!types.isEmpty()) {
            sd.convertDataTypes(types);
        }
    }

    /** Points a helper graph's variables at the training graph's arrays, so updates are seen everywhere. */
    private void share(SameDiff sd) {
        convert(sd);
        for (SDVariable v : new ArrayList<>(sd.variables())) {
            if (v.getVariableType() != VariableType.VARIABLE || v.name().equals(ONE)) {
                continue;
            }
            INDArray shared = weights.get(v.name());
            if (shared == null) {
                throw new IllegalStateException("architecture " + config.architecture() + " made variable '" + v.name()
                        + "' in a second graph that the first graph does not have; weight names must not depend on build order");
            }
            sd.associateArrayWithVariable(shared, v.name());
            if (sd.getArrForVarName(v.name()) != shared) {
                throw new IllegalStateException("SameDiff copied the array of '" + v.name() + "' instead of sharing it");
            }
        }
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
        return weights;
    }

    public List<String> weightNames() {
        return weightNames;
    }

    /** Total number of trainable parameters. */
    public long parameterCount() {
        return weights.values().stream().mapToLong(INDArray::length).sum();
    }

    /** The training graph (advanced use: listeners, inspection). Do not change its structure. */
    public SameDiff graph() {
        return train;
    }

    private INDArray cast(INDArray x) {
        return x.dataType() == dataType ? x : x.castTo(dataType);
    }

    private void checkInput(INDArray x, int width, String what) {
        if (x.rank() != 2 || x.size(1) != width) {
            throw new IllegalArgumentException(what + " must be [batch, " + width + "] (was "
                    + java.util.Arrays.toString(x.shape()) + ")");
        }
    }

    @Override
    public Posterior encode(INDArray x) {
        return encodeInChunks(x, chunk -> {
            Map<String, INDArray> out = train.output(Map.of("x", chunk), "mu", "logVar");
            return new Posterior(out.get("mu"), out.get("logVar"));
        });
    }

    /** Encodes {@code x} in chunks of {@link #CHUNK} rows, which keeps activation buffers small for whole datasets. */
    private Posterior encodeInChunks(INDArray x, java.util.function.Function<INDArray, Posterior> encodeChunk) {
        checkInput(x, inputSize, "x");
        if (x.size(0) <= CHUNK) {
            return encodeChunk.apply(cast(x));
        }
        List<INDArray> mus = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        for (long start = 0; start < x.size(0); start += CHUNK) {
            Posterior p = encodeChunk.apply(cast(rows(x, start, Math.min(x.size(0), start + CHUNK))));
            mus.add(p.mu());
            logVars.add(p.logVar());
        }
        return new Posterior(concat(mus), concat(logVars));
    }

    /** The decoder mean at mu(x): the deterministic reconstruction, {@code [batch, inputSize]}. */
    public INDArray reconstruct(INDArray x) {
        checkInput(x, inputSize, "x");
        List<INDArray> parts = new ArrayList<>();
        for (long start = 0; start < x.size(0); start += CHUNK) {
            INDArray chunk = cast(rows(x, start, Math.min(x.size(0), start + CHUNK)));
            parts.add(train.output(Map.of("x", chunk), "reconstruction").get("reconstruction"));
        }
        return concat(parts);
    }

    /** Decoder means of {@code n} draws z ~ N(0, I) from {@code seed}. */
    public INDArray sample(int n, long seed) {
        return decoder.decode(gaussian(new SplittableRandom(seed), n, latentDim));
    }

    /**
     * The mlp's parameter layout when the hand-fused path ({@link org.raven.core.fast}) can run this model:
     * an architecture that declares {@link DenseReluMlp} (as {@code mlp} does), FLOAT or DOUBLE, on the CPU backend (its loops read host buffers).
     */
    public Optional<MlpLayout> fusedLayout() {
        if (config.architecture() instanceof DenseReluMlp mlp
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                && BackendInfo.current().backend().contains("Cpu")) {
            return Optional.of(new MlpLayout(inputSize, mlp.hidden(), mlp.latentDim()));
        }
        return Optional.empty();
    }

    /**
     * A frozen view of the current weights for encoding and attacks. For an mlp on the CPU it encodes and
     * differentiates with the fused {@link FastMlpEncoder} (several times faster than the SameDiff graph, same
     * numbers to float precision); otherwise it is this model. The decoder is this model's. Take a new view after
     * the weights change.
     */
    public AutoEncoder inference() {
        Optional<MlpLayout> layout = fusedLayout();
        if (layout.isEmpty()) {
            return this;
        }
        FastMlpEncoder fast = new FastMlpEncoder(layout.get(), weights, dataType);
        Vae model = this;
        return new AutoEncoder() {
            @Override
            public int inputSize() {
                return inputSize;
            }

            @Override
            public int latentDim() {
                return latentDim;
            }

            @Override
            public Posterior encode(INDArray x) {
                return encodeInChunks(x, fast::encode);
            }

            @Override
            public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
                return fast.inputGradient(cast(x), cast(gradMu), cast(gradLogVar));
            }

            @Override
            public DifferentiableDecoder decoder() {
                return model.decoder();
            }

            @Override
            public String toString() {
                return "fused view of " + model;
            }
        };
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        checkInput(x, inputSize, "x");
        checkInput(gradMu, latentDim, "gradMu");
        checkInput(gradLogVar, latentDim, "gradLogVar");
        Map<String, INDArray> feed = Map.of("x", cast(x), "gMu", cast(gradMu), "gLogVar", cast(gradLogVar));
        INDArray g = encoderGraph.calculateGradients(feed, "x").get("x");
        return g.dataType() == x.dataType() ? g : g.castTo(x.dataType());
    }

    @Override
    public DifferentiableDecoder decoder() {
        return decoder;
    }

    private final class Decoder implements DifferentiableDecoder {
        @Override
        public INDArray decode(INDArray z) {
            checkInput(z, latentDim, "z");
            List<INDArray> parts = new ArrayList<>();
            for (long start = 0; start < z.size(0); start += CHUNK) {
                INDArray chunk = cast(rows(z, start, Math.min(z.size(0), start + CHUNK)));
                parts.add(decoderGraph.output(Map.of("z", chunk), "mean").get("mean"));
            }
            return concat(parts);
        }

        @Override
        public INDArray latentGradient(INDArray z, INDArray gradOutput) {
            checkInput(z, latentDim, "z");
            checkInput(gradOutput, inputSize, "gradOutput");
            INDArray g = decoderGraph.calculateGradients(Map.of("z", cast(z), "gOut", cast(gradOutput)), "z").get("z");
            return g.dataType() == z.dataType() ? g : g.castTo(z.dataType());
        }
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
        feed.put("x", cast(x));
        feed.put("eps", cast(eps));
        if (mode.pairs()) {
            if (xNoisy == null || epsNoisy == null) {
                throw new IllegalArgumentException("mode " + mode + " needs xNoisy and epsNoisy");
            }
            feed.put("xNoisy", cast(xNoisy));
            feed.put("epsNoisy", cast(epsNoisy));
        }
        var result = train.calculateGradientsAndOutputs(feed, stepOutputs, weightNames);
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
        INDArray features = data.features();
        checkInput(features, inputSize, "features");
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom noiseRandom = random.split();
        double recon = 0;
        double reconNoisy = 0;
        double kl = 0;
        double squaredError = 0;
        long n = features.size(0);
        for (long start = 0; start < n; start += CHUNK) {
            long end = Math.min(n, start + CHUNK);
            int b = (int) (end - start);
            INDArray x = cast(rows(features, start, end));
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("x", x);
            feed.put("eps", gaussian(random, b, latentDim));
            List<String> outputs = new ArrayList<>(List.of("reconstruction"));
            if (noise != null) {
                feed.put("xNoisy", noise.augment(x, config.shape(), x.ulike(), noiseRandom));
                feed.put("epsNoisy", gaussian(random, b, latentDim));
                outputs.addAll(List.of("pairRecon", "reconNoisy", "pairKl"));
            } else {
                outputs.addAll(List.of("recon", "kl"));
            }
            Map<String, INDArray> out = train.output(feed, outputs.toArray(new String[0]));
            recon += out.get(noise != null ? "pairRecon" : "recon").sumNumber().doubleValue();
            kl += out.get(noise != null ? "pairKl" : "kl").sumNumber().doubleValue();
            if (noise != null) {
                reconNoisy += out.get("reconNoisy").sumNumber().doubleValue();
            }
            INDArray diff = out.get("reconstruction").sub(x);
            squaredError += diff.mul(diff).sumNumber().doubleValue();
        }
        return new Evaluation((recon + reconNoisy - kl) / n, recon / n, reconNoisy / n, kl / n,
                squaredError / ((double) n * inputSize), (int) n);
    }

    /** Mean squared error per pixel between {@code x} and {@link #reconstruct(INDArray)}. */
    public double reconstructionMse(INDArray x) {
        double se = 0;
        for (long start = 0; start < x.size(0); start += CHUNK) {
            INDArray chunk = cast(rows(x, start, Math.min(x.size(0), start + CHUNK)));
            INDArray diff = train.output(Map.of("x", chunk), "reconstruction").get("reconstruction").sub(chunk);
            se += diff.mul(diff).sumNumber().doubleValue();
        }
        return se / ((double) x.size(0) * inputSize);
    }

    private static final byte[] MAGIC = {'R', 'A', 'V', 'E', 'N', 'V', 'A', 'E'};
    private static final int FORMAT = 1;

    /** Writes the weights to {@code file} (through a temp file and an atomic rename). */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(FORMAT);
                WeightIO.write(out, weights);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads weights written by {@link #save} into a new model built from {@code config} (in the data
     * type of the file).
     *
     * @throws IOException              if the file is unreadable or not a RAVEN weight file
     * @throws IllegalArgumentException if its weights do not match {@code config} (names or shapes)
     */
    public static Vae load(Path file, VaeConfig config) throws IOException {
        Map<String, INDArray> loaded;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a RAVEN weight file (bad magic at offset 0)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": weight file format " + format + " is not supported (expected " + FORMAT + ")");
            }
            loaded = WeightIO.read(in, file.toString());
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": truncated weight file", e);
        }
        DataType type = loaded.values().stream().findFirst().map(INDArray::dataType).orElse(DataType.FLOAT);
        Vae vae = create(config, 0, type);
        WeightIO.assign(vae.weights, loaded, file.toString());
        return vae;
    }

    static INDArray rows(INDArray x, long start, long end) {
        if (start == 0 && end == x.size(0)) {
            return x;
        }
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }

    private static INDArray concat(List<INDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /** {@code [rows, cols]} standard normal draws from {@code random}, in this model's data type. */
    INDArray gaussian(SplittableRandom random, int rows, int cols) {
        return gaussian(random, rows, cols, dataType);
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
                + ", " + likelihoodText() + ", beta=" + config.beta() + ", " + config.shape() + ")";
    }
}

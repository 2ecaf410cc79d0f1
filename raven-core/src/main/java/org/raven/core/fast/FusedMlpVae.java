package org.raven.core.fast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.NonFiniteException;
import org.raven.core.arch.Init;

/**
 * The mlp VAE's whole training step (forward, loss, backward, Adam) written by hand: every matrix
 * product is an {@code Nd4j.gemm} into a buffer allocated once per batch size (biases by a rank-1
 * gemm before the layer gemm), ReLU and its derivative are ND4J in-place ops made once per buffer,
 * and the likelihood (value, gradient, output-bias gradient in one pass) and Adam are Java loops
 * over the direct buffers, so a step allocates no arrays (docs/performance.md: on these VMs fresh memory costs
 * more than the gemm that fills it). Buffers are kept for the last 4 (batch size, clean or pair) shapes used.
 * Phase timing goes through one {@link StepTimer} seam, off by default.
 *
 * <p>The objective is the mean over the batch of the negative bound:
 * <ul>
 *   <li>clean step ({@link #trainStep(INDArray, INDArray)}): {@code -log p(x|z) + beta KL(q(z|x) || p(z))}
 *       with {@code z = mu + exp(logVar / 2) eps} (the {@code vae} mode);</li>
 *   <li>pair step ({@link #trainStep(INDArray, INDArray, INDArray, INDArray)}): {@code -log p(x|z) - log p(x'|z')
 *       + beta prior.pairKl(q(z|x), q(z'|x'))}, x and x' run as one 2B-row batch through the shared
 *       weights. With {@code org.raven.core.prior.StandardNormalPrior} this is {@code noisy-vae}; with a paired
 *       prior it is {@code raven}.</li>
 * </ul>
 * The caller supplies eps (and x'), so all randomness stays in the caller's seeded streams.
 *
 * <p>Parameters use the names and layouts of {@code MlpArchitecture} (see {@link MlpLayout}), so
 * {@link #parameters()} and {@link #setParameters(Map)} copy to and from the SameDiff model.
 * Likelihoods: Bernoulli (BCE with logits, summed over pixels) and Gaussian with mean sigmoid(logits)
 * and a fixed variance, as {@code org.raven.core.Likelihood} defines them. Adam is textbook
 * Algorithm 1 (see {@link AdamSettings}), the same update as {@code org.raven.core.train.Adam};
 * ND4J's {@code Adam} differs only in where epsilon enters. A non-finite loss or gradient throws
 * {@link NonFiniteException} before any parameter or Adam state changes.
 *
 * <p>Not thread-safe. Works in FLOAT (fast path) or DOUBLE (tests).
 */
public final class FusedMlpVae implements AutoCloseable {

    private static final int MAX_BATCH_SIZES = 4;

    /**
     * What the model computes.
     *
     * @param layout     sizes and parameter layout
     * @param likelihood Bernoulli or Gaussian with fixed variance (learnVariance is not supported here)
     * @param prior      the pair step's KL is its {@code pairKl}, the clean step's its marginal {@code kl}
     * @param beta       weight of the KL term, > 0
     * @param adam       optimiser settings
     * @param dataType   FLOAT or DOUBLE
     */
    public record Config(MlpLayout layout, LikelihoodSpec likelihood, ClosedFormPrior prior, double beta,
                         AdamSettings adam, DataType dataType) {

        public Config {
            if (layout == null || prior == null || adam == null) {
                throw new IllegalArgumentException("layout, prior and adam are required");
            }
            if (likelihood == null) {
                likelihood = LikelihoodSpec.bernoulli();
            }
            if (!likelihood.validate().isEmpty()) {
                throw new IllegalArgumentException("likelihood." + likelihood.validate().get(0));
            }
            if (likelihood.isGaussian() && Boolean.TRUE.equals(likelihood.learnVariance())) {
                throw new IllegalArgumentException("likelihood.learnVariance: the fused path supports a fixed variance only");
            }
            if (!(beta > 0) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("beta must be > 0 (was " + beta + ")");
            }
            if (dataType == null) {
                dataType = DataType.FLOAT;
            }
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE (was " + dataType + ")");
            }
        }
    }

    private final Config config;
    private final MlpLayout layout;
    private final FlatParams params;
    private final FlatParams grads;
    private final FlatParams adamM;
    private final FlatParams adamV;
    private final Kernels.Scratch scratch;
    private final Map<Shape, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, Buffers> eldest) {
            return size() > MAX_BATCH_SIZES; // an epoch has at most two sizes; do not grow without bound
        }
    };
    private long adamStep;
    private double learningRate;
    private long version;
    private FastMlpEncoder encoder;
    private StepTimer timer = StepTimer.OFF;
    private Terms lastTerms;
    private Splitter splitter = new Splitter(1);
    private final Splitter.RangeTask adamTask;
    private final INDArray gradSumOut;
    private final Sum gradSum; // made once, re-run each step: no allocation

    /** What a set of work buffers is for: {@code batch} examples, as a pair step (2 batch rows) or not. */
    private record Shape(int batch, boolean pair) {
    }

    /** A model with every parameter zero; call {@link #setParameters(Map)} before training. */
    public FusedMlpVae(Config config) {
        this.config = config;
        this.layout = config.layout();
        this.params = new FlatParams(layout, config.dataType(), layout.size());
        this.grads = new FlatParams(layout, config.dataType(), layout.size());
        this.adamM = new FlatParams(layout, config.dataType(), layout.size());
        this.adamV = new FlatParams(layout, config.dataType(), layout.size());
        int widest = layout.inputSize();
        for (int h : layout.hidden()) {
            widest = Math.max(widest, h);
        }
        widest = Math.max(widest, layout.latentDim());
        this.scratch = new Kernels.Scratch(widest);
        this.learningRate = config.adam().learningRate();
        this.gradSumOut = Nd4j.scalar(config.dataType(), 0.0);
        this.gradSum = new Sum(grads.flat, gradSumOut);
        this.adamTask = (part, from, to) -> {
            AdamSettings a = config.adam();
            Kernels.adam(params.vec, grads.vec, adamM.vec, adamV.vec, from, to,
                    learningRate, a.beta1(), a.beta2(), a.epsilon(), adamStep);
        };
    }

    /**
     * Java threads for the elementwise parts of a step (Adam and the likelihood pass): 1 (default,
     * everything on the caller) or 2 (one helper thread; pair with {@code OMP_NUM_THREADS=2} and
     * {@code OMP_WAIT_POLICY=PASSIVE} so the BLAS threads sleep while Java works). Results are
     * identical for 1 and 2 up to float summation order of the loss and the output bias gradient.
     */
    public void setThreads(int threads) {
        if (threads != splitter.threads()) {
            splitter.close();
            splitter = new Splitter(threads);
        }
    }

    /** Stops the helper thread, if any; the model stays usable on one thread. */
    @Override
    public void close() {
        splitter.close();
        splitter = new Splitter(1);
    }

    /** {@link #initialised(Config, long, Init.Scheme)} with He initialisation (the default). */
    public static FusedMlpVae initialised(Config config, long seed) {
        return initialised(config, seed, Init.Scheme.HE);
    }

    /**
     * A model initialised exactly as {@code new MlpArchitecture(hidden, latentDim, init).build(sd, shape, seed)}
     * initialises its variables (through the same {@link Init#layer}).
     */
    public static FusedMlpVae initialised(Config config, long seed, Init.Scheme init) {
        FusedMlpVae vae = new FusedMlpVae(config);
        MlpLayout l = config.layout();
        Map<String, INDArray> values = new LinkedHashMap<>();
        List<MlpLayout.Layer> all = new ArrayList<>(l.encoderHidden());
        all.add(l.muHead());
        all.add(l.logVarHead());
        all.addAll(l.decoder());
        for (MlpLayout.Layer layer : all) {
            INDArray[] wb = Init.layer(init, seed, layer.weightName(), layer.biasName(), layer.in(), layer.out(),
                    layer.relu(), new long[] {layer.in(), layer.out()}, layer.out());
            values.put(layer.weightName(), wb[0]);
            values.put(layer.biasName(), wb[1]);
        }
        vae.setParameters(values);
        return vae;
    }

    public Config config() {
        return config;
    }

    public MlpLayout layout() {
        return layout;
    }

    /** Detached copies of the parameters by name ({@code enc.w0}, ...), in layout order. */
    public Map<String, INDArray> parameters() {
        return params.copies();
    }

    /** Copies every parameter in (casting to this model's data type); exactly the layout's names are required. */
    public void setParameters(Map<String, INDArray> values) {
        params.assignFrom(values, "parameters");
        version++;
    }

    /** Detached copies of the gradients of the mean loss from the last step, by parameter name. */
    public Map<String, INDArray> gradients() {
        return grads.copies();
    }

    /** Copies of Adam's moments and step count, for checkpoints. */
    public AdamState adamState() {
        return new AdamState(adamM.copies(), adamV.copies(), adamStep);
    }

    /** Restores Adam's moments and step count from a checkpoint. */
    public void setAdamState(AdamState state) {
        adamM.assignFrom(state.m(), "adam m");
        adamV.assignFrom(state.v(), "adam v");
        adamStep = state.step();
    }

    /** Sets Adam's step size for the following updates (learning-rate schedules); starts at the config's. */
    public void setLearningRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be > 0 and finite (was " + rate + ")");
        }
        this.learningRate = rate;
    }

    /** Number of Adam updates applied so far. */
    public long adamStep() {
        return adamStep;
    }

    /** Incremented whenever the parameters change; lets encoders drop cached activations. */
    long version() {
        return version;
    }

    FlatParams flatParams() {
        return params;
    }

    /** Reports each step's phases to {@code timer} (benchmarks: a {@link StepProfile}); {@link StepTimer#OFF} stops. */
    public void setTimer(StepTimer timer) {
        this.timer = timer == null ? StepTimer.OFF : timer;
    }

    /**
     * An encoder that reads this model's live parameters (no copy): it always sees the latest
     * update. For a frozen copy, use {@code new FastMlpEncoder(layout(), parameters(), dataType)}.
     */
    public FastMlpEncoder encoder() {
        if (encoder == null) {
            encoder = new FastMlpEncoder(this);
        }
        return encoder;
    }

    /** One Adam step on the clean bound; returns the batch's mean negative bound before the update. */
    public double trainStep(INDArray x, INDArray eps) {
        double loss = computeGradients(x, eps, null, null);
        applyAdam(loss);
        return loss;
    }

    /** One Adam step on the pair bound; returns the batch's mean negative bound before the update. */
    public double trainStep(INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy) {
        double loss = computeGradients(x, eps, xNoisy, epsNoisy);
        applyAdam(loss);
        return loss;
    }

    /**
     * Mean negative bound of the batch and its gradient (kept for {@link #gradients()}), without an
     * update. {@code xNoisy} and {@code epsNoisy} are both null (clean step) or both given (pair step);
     * x and xNoisy are {@code [batch, inputSize]}, eps and epsNoisy {@code [batch, latentDim]}.
     */
    public double computeGradients(INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy) {
        boolean pair = xNoisy != null;
        if (pair != (epsNoisy != null)) {
            throw new IllegalArgumentException("xNoisy and epsNoisy must be given together (xNoisy "
                    + (xNoisy == null ? "null" : "given") + ", epsNoisy " + (epsNoisy == null ? "null" : "given") + ")");
        }
        int batch = checkShape("x", x, -1, layout.inputSize());
        checkShape("eps", eps, batch, layout.latentDim());
        if (pair) {
            checkShape("xNoisy", xNoisy, batch, layout.inputSize());
            checkShape("epsNoisy", epsNoisy, batch, layout.latentDim());
        }
        // keyed by (batch, pair), not rows: 1/batch scales the loss, and a clean step of 2B rows must not
        // reuse the buffers (and the 1/B scale) of a pair step of B examples
        Buffers b = buffers.computeIfAbsent(new Shape(batch, pair), k -> new Buffers(pair ? 2 * batch : batch, batch));
        timer.start();
        if (pair) {
            b.inTop.assign(x);
            b.inBottom.assign(xNoisy);
            b.epsTop.assign(eps);
            b.epsBottom.assign(epsNoisy);
        } else {
            b.in.assign(x);
            b.eps.assign(eps);
        }
        timer.lap(StepTimer.Phase.COPY_IN);
        forward(b);
        return lossAndBackward(b, pair, batch);
    }

    private static int checkShape(String name, INDArray a, int rows, int cols) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (a.rank() != 2 || a.size(1) != cols || (rows >= 0 && a.size(0) != rows)) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(a.shape())
                    + ", expected [" + (rows >= 0 ? String.valueOf(rows) : "batch") + ", " + cols + "]");
        }
        if (a.size(0) < 1) {
            throw new IllegalArgumentException(name + " has no rows");
        }
        return (int) a.size(0);
    }

    /** Checks the loss, then the gradients (as the SameDiff engine does), then updates. */
    private void applyAdam(double loss) {
        if (!Double.isFinite(loss)) {
            throw NonFiniteException.loss(loss);
        }
        checkGradients();
        adamStep++;
        int n = (int) layout.size();
        splitter.run(adamTask, n, n / 2);
        version++;
        timer.lap(StepTimer.Phase.ADAM);
        timer.endStep();
    }

    /**
     * One native sum over all gradients (NaN and infinities survive a sum; a finite float sum only
     * overflows when the gradients are near Float.MAX_VALUE, where Adam's second moment overflows too);
     * only when it is not finite, a scan for the first bad weight in layout order.
     */
    private void checkGradients() {
        Nd4j.exec(gradSum);
        double sum = gradSumOut.getDouble(0);
        if (Double.isFinite(sum)) {
            return;
        }
        for (String name : layout.names()) {
            INDArray g = grads.view(name);
            for (long i = 0; i < g.length(); i++) {
                double v = g.getDouble(i);
                if (!Double.isFinite(v)) {
                    throw NonFiniteException.gradient(name, v);
                }
            }
        }
        throw NonFiniteException.gradient(layout.names().get(0), sum); // finite gradients whose sum overflowed
    }

    private void forward(Buffers b) {
        int rows = b.rows;
        INDArray h = b.in;
        List<MlpLayout.Layer> enc = layout.encoderHidden();
        for (int l = 0; l < enc.size(); l++) {
            MlpLayout.Layer layer = enc.get(l);
            Dense.affine(h, params.view(layer.weightName()), params.row(layer.biasName()), b.onesCol, b.encH[l], timer);
            Nd4j.exec(b.encRelu[l]);
            timer.lap(StepTimer.Phase.BIAS_RELU);
            h = b.encH[l];
        }
        MlpLayout.Layer mu = layout.muHead();
        MlpLayout.Layer lv = layout.logVarHead();
        Dense.affine(h, params.view(mu.weightName()), params.row(mu.biasName()), b.onesCol, b.mu, timer);
        Dense.affine(h, params.view(lv.weightName()), params.row(lv.biasName()), b.onesCol, b.lv, timer);
        int n = rows * layout.latentDim();
        for (int i = 0; i < n; i++) {
            double m = b.muV.get(i);
            double logVar = b.lvV.get(i);
            double std = Math.exp(0.5 * logVar);
            b.muD[i] = m;
            b.lvD[i] = logVar;
            b.stdD[i] = std;
            b.zV.set(i, m + std * b.epsV.get(i));
        }
        timer.lap(StepTimer.Phase.LATENT_KL);
        h = b.z;
        List<MlpLayout.Layer> dec = layout.decoder();
        for (int l = 0; l < dec.size(); l++) {
            MlpLayout.Layer layer = dec.get(l);
            Dense.affine(h, params.view(layer.weightName()), params.row(layer.biasName()), b.onesCol, b.decH[l], timer);
            if (layer.relu()) {
                Nd4j.exec(b.decRelu[l]);
                timer.lap(StepTimer.Phase.BIAS_RELU);
            }
            h = b.decH[l];
        }
    }

    private double lossAndBackward(Buffers b, boolean pair, int batch) {
        int rows = b.rows;
        int d = layout.latentDim();
        int in = layout.inputSize();
        double scale = 1.0 / batch;
        List<MlpLayout.Layer> dec = layout.decoder();
        int last = dec.size() - 1;
        MlpLayout.Layer out = dec.get(last);
        // likelihood: sum over rows (x and x' rows alike); logits become dLoss/dlogits of the batch mean
        // two parts: clean and noisy rows in the pair step (so their terms can be reported apart)
        int split = pair ? batch : rows / 2;
        if (splitter.threads() == 2 && split > 0 && split < rows) {
            splitter.run(b.likelihoodTask, rows, split);
        } else {
            b.likelihoodTask.run(0, 0, split);
            b.likelihoodTask.run(1, split, rows);
        }
        Kernels.writeColumnSums(scratch, 2, in, grads.vec, (int) out.bOffset());
        LikelihoodSpec lik = config.likelihood();
        double constant = lik.isGaussian() ? 0.5 * in * (Math.log(lik.variance()) + Math.log(2 * Math.PI)) : 0;
        double recClean = b.partLoss[0] + split * constant;
        double recRest = b.partLoss[1] + (rows - split) * constant;
        double rec = recClean + recRest;
        timer.lap(StepTimer.Phase.LIKELIHOOD);
        // KL and its gradient with respect to mu and logVar (prior's closed forms, double precision)
        double kl = 0;
        if (pair) {
            int half = batch * d;
            ClosedFormPrior prior = config.prior();
            for (int r = 0; r < batch; r++) {
                int off = r * d;
                System.arraycopy(b.muD, half + off, b.muN, off, d);
                System.arraycopy(b.lvD, half + off, b.lvN, off, d);
                kl += prior.pairKl(b.muD, b.lvD, b.muN, b.lvN, off, d, b.gMuD, b.gLvD, b.gMuN, b.gLvN);
            }
            System.arraycopy(b.gMuN, 0, b.gMuD, half, half);
            System.arraycopy(b.gLvN, 0, b.gLvD, half, half);
        } else {
            ClosedFormPrior prior = config.prior();
            for (int r = 0; r < batch; r++) {
                kl += prior.kl(b.muD, b.lvD, r * d, d, b.gMuD, b.gLvD);
            }
        }
        double beta = config.beta();
        timer.lap(StepTimer.Phase.LATENT_KL);
        // decoder backward; the upstream gradient of the last layer is in its output buffer (dLogits)
        for (int l = last; l >= 0; l--) {
            MlpLayout.Layer layer = dec.get(l);
            INDArray up = l == last ? b.decH[last] : b.dDecH[l];
            INDArray below = l == 0 ? b.z : b.decH[l - 1];
            Nd4j.gemm(below, up, grads.view(layer.weightName()), true, false, 1.0, 0.0);
            if (l < last) { // the output layer's bias gradient was summed in the likelihood pass
                Dense.biasGradient(b.onesRow, up, grads.row(layer.biasName()));
            }
            Nd4j.gemm(up, params.view(layer.weightName()), l == 0 ? b.dz : b.dDecH[l - 1], false, true, 1.0, 0.0);
            timer.lap(StepTimer.Phase.GEMM);
            if (l > 0) {
                Nd4j.exec(b.decReluBack[l - 1]);
                timer.lap(StepTimer.Phase.RELU_BACKWARD);
            }
        }
        // reparameterisation and KL: dMu = dz + beta/B dKL/dmu; dLv = dz eps std / 2 + beta/B dKL/dlv
        int n = rows * d;
        double klScale = beta * scale;
        for (int i = 0; i < n; i++) {
            double dz = b.dzV.get(i);
            b.dMuV.set(i, dz + klScale * b.gMuD[i]);
            b.dLvV.set(i, 0.5 * dz * b.epsV.get(i) * b.stdD[i] + klScale * b.gLvD[i]);
        }
        timer.lap(StepTimer.Phase.LATENT_KL);
        MlpLayout.Layer mu = layout.muHead();
        MlpLayout.Layer lv = layout.logVarHead();
        List<MlpLayout.Layer> enc = layout.encoderHidden();
        int top = enc.size() - 1;
        INDArray hTop = top >= 0 ? b.encH[top] : b.in;
        Nd4j.gemm(hTop, b.dMu, grads.view(mu.weightName()), true, false, 1.0, 0.0);
        Nd4j.gemm(hTop, b.dLv, grads.view(lv.weightName()), true, false, 1.0, 0.0);
        Dense.biasGradient(b.onesRow, b.dMu, grads.row(mu.biasName()));
        Dense.biasGradient(b.onesRow, b.dLv, grads.row(lv.biasName()));
        if (top >= 0) {
            Nd4j.gemm(b.dMu, params.view(mu.weightName()), b.dEncH[top], false, true, 1.0, 0.0);
            Nd4j.gemm(b.dLv, params.view(lv.weightName()), b.dEncH[top], false, true, 1.0, 1.0);
            timer.lap(StepTimer.Phase.GEMM);
            Nd4j.exec(b.encReluBack[top]);
            timer.lap(StepTimer.Phase.RELU_BACKWARD);
        }
        for (int l = top; l >= 0; l--) {
            MlpLayout.Layer layer = enc.get(l);
            INDArray below = l == 0 ? b.in : b.encH[l - 1];
            Nd4j.gemm(below, b.dEncH[l], grads.view(layer.weightName()), true, false, 1.0, 0.0);
            Dense.biasGradient(b.onesRow, b.dEncH[l], grads.row(layer.biasName()));
            if (l > 0) {
                Nd4j.gemm(b.dEncH[l], params.view(layer.weightName()), b.dEncH[l - 1], false, true, 1.0, 0.0);
                timer.lap(StepTimer.Phase.GEMM);
                Nd4j.exec(b.encReluBack[l - 1]);
                timer.lap(StepTimer.Phase.RELU_BACKWARD);
            }
        }
        timer.lap(StepTimer.Phase.GEMM);
        lastTerms = new Terms((rec + beta * kl) * scale, -(pair ? recClean : rec) * scale, pair ? -recRest * scale : 0,
                kl * scale);
        return lastTerms.loss();
    }

    /**
     * Batch means of the last step's terms, as {@code Vae.Step} reports them: {@code recon} =
     * E_q[log p(x|z)], {@code reconNoisy} = E_q[log p(x'|z')] (0 for the clean step), {@code kl} = the
     * pair KL (pair step) or KL(q(z|x) || N(0, I)) (clean step), {@code loss} =
     * {@code -(recon + reconNoisy) + beta kl}; null before the first step.
     */
    public Terms lastTerms() {
        return lastTerms;
    }

    /** See {@link #lastTerms()}. */
    public record Terms(double loss, double recon, double reconNoisy, double kl) {
    }

    /** Everything one batch size needs, allocated once. {@code rows} is batch (clean) or 2 batch (pair). */
    private final class Buffers {
        final int rows;
        final INDArray in;
        final INDArray inTop;
        final INDArray inBottom;
        final Vec inV;
        final INDArray[] encH;
        final INDArray[] dEncH;
        final INDArray mu;
        final INDArray lv;
        final INDArray z;
        final INDArray eps;
        final INDArray epsTop;
        final INDArray epsBottom;
        final Vec muV;
        final Vec lvV;
        final Vec zV;
        final Vec epsV;
        final INDArray dMu;
        final INDArray dLv;
        final INDArray dz;
        final Vec dMuV;
        final Vec dLvV;
        final Vec dzV;
        final INDArray[] decH;
        final Vec[] decHv;
        final INDArray[] dDecH;
        final double[] muD;
        final double[] lvD;
        final double[] stdD;
        final double[] gMuD;
        final double[] gLvD;
        final double[] muN;
        final double[] lvN;
        final double[] gMuN;
        final double[] gLvN;
        final INDArray onesCol;
        final INDArray onesRow;
        final RectifiedLinear[] encRelu;
        final RectifiedLinear[] decRelu;
        final RectifiedLinearDerivative[] encReluBack;
        final RectifiedLinearDerivative[] decReluBack;
        final double[] partLoss = new double[2]; // likelihood sums of rows [0, split) and [split, rows)
        final Splitter.RangeTask likelihoodTask;

        Buffers(int rows, int batch) {
            this.rows = rows;
            DataType t = config.dataType();
            int d = layout.latentDim();
            in = Nd4j.create(t, rows, layout.inputSize());
            inV = Vec.of(in);
            inTop = in.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
            inBottom = rows > batch ? in.get(NDArrayIndex.interval(batch, rows), NDArrayIndex.all()) : null;
            List<MlpLayout.Layer> enc = layout.encoderHidden();
            encH = new INDArray[enc.size()];
            dEncH = new INDArray[enc.size()];
            for (int l = 0; l < enc.size(); l++) {
                encH[l] = Nd4j.create(t, rows, enc.get(l).out());
                dEncH[l] = Nd4j.create(t, rows, enc.get(l).out());
            }
            mu = Nd4j.create(t, rows, d);
            lv = Nd4j.create(t, rows, d);
            z = Nd4j.create(t, rows, d);
            eps = Nd4j.create(t, rows, d);
            epsTop = eps.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all());
            epsBottom = rows > batch ? eps.get(NDArrayIndex.interval(batch, rows), NDArrayIndex.all()) : null;
            muV = Vec.of(mu);
            lvV = Vec.of(lv);
            zV = Vec.of(z);
            epsV = Vec.of(eps);
            dMu = Nd4j.create(t, rows, d);
            dLv = Nd4j.create(t, rows, d);
            dz = Nd4j.create(t, rows, d);
            dMuV = Vec.of(dMu);
            dLvV = Vec.of(dLv);
            dzV = Vec.of(dz);
            List<MlpLayout.Layer> dec = layout.decoder();
            decH = new INDArray[dec.size()];
            decHv = new Vec[dec.size()];
            dDecH = new INDArray[dec.size()];
            for (int l = 0; l < dec.size(); l++) {
                decH[l] = Nd4j.create(t, rows, dec.get(l).out());
                decHv[l] = Vec.of(decH[l]);
                if (l < dec.size() - 1) {
                    dDecH[l] = Nd4j.create(t, rows, dec.get(l).out());
                }
            }
            int n = rows * d;
            muD = new double[n];
            lvD = new double[n];
            stdD = new double[n];
            gMuD = new double[n];
            gLvD = new double[n];
            muN = new double[batch * d];
            lvN = new double[batch * d];
            gMuN = new double[batch * d];
            gLvN = new double[batch * d];
            onesCol = Nd4j.ones(t, rows, 1);
            onesRow = Nd4j.ones(t, 1, rows);
            encRelu = new RectifiedLinear[enc.size()];
            encReluBack = new RectifiedLinearDerivative[enc.size()];
            for (int l = 0; l < enc.size(); l++) {
                encRelu[l] = Dense.reluOp(encH[l]);
                encReluBack[l] = Dense.reluBackwardOp(encH[l], dEncH[l]);
            }
            LikelihoodSpec lik = config.likelihood();
            boolean gaussian = lik.isGaussian();
            double variance = gaussian ? lik.variance() : 1.0;
            double scale = 1.0 / batch;
            Vec logitsV = decHv[dec.size() - 1];
            likelihoodTask = (part, r0, r1) -> partLoss[part] = Kernels.likelihood(gaussian, variance, logitsV, inV,
                    r0, r1, layout.inputSize(), scale, scratch, part);
            decRelu = new RectifiedLinear[dec.size()];
            decReluBack = new RectifiedLinearDerivative[dec.size()];
            for (int l = 0; l < dec.size() - 1; l++) {
                decRelu[l] = Dense.reluOp(decH[l]);
                decReluBack[l] = Dense.reluBackwardOp(decH[l], dDecH[l]);
            }
        }
    }
}

package org.raven.core.fast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/**
 * The mlp encoder q(z|x) with a hand-written vector-Jacobian product, for attacks: every matrix
 * product is an {@code Nd4j.gemm} into buffers allocated on first use per batch size (kept for the
 * last 4 sizes used).
 *
 * <p>{@link #inputGradient} reuses the activations of the last {@link #encode} when it is called
 * with the same values of x (compared bitwise, a vectorised pass over 128 x 784) and unchanged
 * parameters, so an attack step that encodes x_adv and then asks for the gradient at x_adv costs one
 * forward and one backward pass.
 *
 * <p><b>Buffer reuse:</b> the array returned by {@link #inputGradient} belongs to this encoder and is
 * overwritten by the next {@code inputGradient} call with the same batch size; {@code dup()} it to
 * keep it. (A fresh 128 x 784 array per call would cost as much as the gemms on these VMs.) The
 * {@link Posterior} from {@link #encode} is a fresh copy the caller owns. Not thread-safe.
 */
public final class FastMlpEncoder implements DifferentiableEncoder {

    private static final int MAX_BATCH_SIZES = 4;

    private final MlpLayout layout;
    private final FlatParams params;
    private final FusedMlpVae owner; // live parameters, or null for a frozen copy
    private final DataType dataType;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            return size() > MAX_BATCH_SIZES; // an epoch has at most two sizes; do not grow without bound
        }
    };

    /** A frozen encoder from a parameter map (decoder entries, if present, are ignored). */
    public FastMlpEncoder(MlpLayout layout, Map<String, INDArray> parameters, DataType dataType) {
        this.layout = layout;
        this.dataType = dataType;
        this.params = new FlatParams(layout, dataType, layout.encoderSize());
        Map<String, INDArray> encoderOnly = new LinkedHashMap<>();
        for (String name : layout.names()) {
            if (name.startsWith("enc.")) {
                INDArray v = parameters.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("parameters: missing entry '" + name + "'");
                }
                encoderOnly.put(name, v);
            }
        }
        params.assignFrom(encoderOnly, "parameters");
        this.owner = null;
    }

    FastMlpEncoder(FusedMlpVae owner) {
        this.layout = owner.layout();
        this.dataType = owner.config().dataType();
        this.params = owner.flatParams();
        this.owner = owner;
    }

    @Override
    public int inputSize() {
        return layout.inputSize();
    }

    @Override
    public int latentDim() {
        return layout.latentDim();
    }

    private long version() {
        return owner == null ? 0 : owner.version();
    }

    @Override
    public Posterior encode(INDArray x) {
        Buffers b = buffersFor(x);
        b.in.assign(x);
        forward(b);
        return new Posterior(b.mu.dup('c'), b.lv.dup('c'));
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        Buffers b = buffersFor(x);
        int rows = b.rows;
        int d = layout.latentDim();
        for (INDArray g : new INDArray[] {gradMu, gradLogVar}) {
            if (g == null || g.rank() != 2 || g.size(0) != rows || g.size(1) != d) {
                throw new IllegalArgumentException("gradMu and gradLogVar must be [" + rows + ", " + d + "] (was "
                        + (g == null ? "null" : java.util.Arrays.toString(g.shape())) + ")");
            }
        }
        b.probe.assign(x);
        if (!b.valid || b.version != version() || !same(b.probe, b.in)) {
            b.in.assign(b.probe);
            forward(b);
        }
        b.dMu.assign(gradMu);
        b.dLv.assign(gradLogVar);
        List<MlpLayout.Layer> enc = layout.encoderHidden();
        MlpLayout.Layer mu = layout.muHead();
        MlpLayout.Layer lv = layout.logVarHead();
        int top = enc.size() - 1;
        INDArray dTop = top >= 0 ? b.dH[top] : b.dX;
        Nd4j.gemm(b.dMu, params.view(mu.weightName()), dTop, false, true, 1.0, 0.0);
        Nd4j.gemm(b.dLv, params.view(lv.weightName()), dTop, false, true, 1.0, 1.0);
        for (int l = top; l >= 0; l--) {
            Nd4j.exec(b.reluBack[l]);
            INDArray dBelow = l == 0 ? b.dX : b.dH[l - 1];
            Nd4j.gemm(b.dH[l], params.view(enc.get(l).weightName()), dBelow, false, true, 1.0, 0.0);
        }
        return b.dX;
    }

    /** Bitwise-equal contents (NaN equals NaN), by the vectorised NIO mismatch. */
    private static boolean same(INDArray a, INDArray b) {
        if (a.dataType() == DataType.FLOAT) {
            return a.data().asNioFloat().mismatch(b.data().asNioFloat()) < 0;
        }
        return a.data().asNioDouble().mismatch(b.data().asNioDouble()) < 0;
    }

    private Buffers buffersFor(INDArray x) {
        if (x == null || x.rank() != 2 || x.size(1) != layout.inputSize() || x.size(0) < 1) {
            throw new IllegalArgumentException("x must be [batch, " + layout.inputSize() + "] (was "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())) + ")");
        }
        return buffers.computeIfAbsent((int) x.size(0), Buffers::new);
    }

    private void forward(Buffers b) {
        INDArray h = b.in;
        List<MlpLayout.Layer> enc = layout.encoderHidden();
        for (int l = 0; l < enc.size(); l++) {
            MlpLayout.Layer layer = enc.get(l);
            Dense.affine(h, params.view(layer.weightName()), params.row(layer.biasName()), b.onesCol, b.h[l], StepTimer.OFF);
            Nd4j.exec(b.relu[l]);
            h = b.h[l];
        }
        MlpLayout.Layer mu = layout.muHead();
        MlpLayout.Layer lv = layout.logVarHead();
        Dense.affine(h, params.view(mu.weightName()), params.row(mu.biasName()), b.onesCol, b.mu, StepTimer.OFF);
        Dense.affine(h, params.view(lv.weightName()), params.row(lv.biasName()), b.onesCol, b.lv, StepTimer.OFF);
        b.valid = true;
        b.version = version();
    }

    private final class Buffers {
        final int rows;
        final INDArray in;
        final INDArray probe;
        final INDArray[] h;
        final INDArray[] dH;
        final RectifiedLinear[] relu;
        final RectifiedLinearDerivative[] reluBack;
        final INDArray onesCol;
        final INDArray mu;
        final INDArray lv;
        final INDArray dMu;
        final INDArray dLv;
        final INDArray dX;
        boolean valid;
        long version;

        Buffers(int rows) {
            this.rows = rows;
            int d = layout.latentDim();
            in = Nd4j.create(dataType, rows, layout.inputSize());
            probe = Nd4j.create(dataType, rows, layout.inputSize());
            List<MlpLayout.Layer> enc = layout.encoderHidden();
            h = new INDArray[enc.size()];
            dH = new INDArray[enc.size()];
            relu = new RectifiedLinear[enc.size()];
            reluBack = new RectifiedLinearDerivative[enc.size()];
            for (int l = 0; l < enc.size(); l++) {
                h[l] = Nd4j.create(dataType, rows, enc.get(l).out());
                dH[l] = Nd4j.create(dataType, rows, enc.get(l).out());
                relu[l] = Dense.reluOp(h[l]);
                reluBack[l] = Dense.reluBackwardOp(h[l], dH[l]);
            }
            onesCol = Nd4j.ones(dataType, rows, 1);
            mu = Nd4j.create(dataType, rows, d);
            lv = Nd4j.create(dataType, rows, d);
            dMu = Nd4j.create(dataType, rows, d);
            dLv = Nd4j.create(dataType, rows, d);
            dX = Nd4j.create(dataType, rows, layout.inputSize());
        }
    }
}

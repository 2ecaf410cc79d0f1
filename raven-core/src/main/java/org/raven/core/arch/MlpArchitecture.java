package org.raven.core.arch;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.arch.Network;
import org.raven.api.data.InputShape;

/**
 * Fully connected encoder {@code input -> hidden... -> (mu, logVar)} and mirrored decoder
 * {@code z -> reversed hidden... -> logits}, ReLU between layers.
 *
 * <p>Implements {@link DenseReluMlp}, so the trainer's fused engine runs it. Weight names and layouts
 * (stable: checkpoints and the fused engine rely on them), with
 * {@code H = hidden.size()}, {@code y = x W + b}, W as {@code [in, out]}, b as {@code [out]}:
 * <ul>
 *   <li>{@code enc.w{i}}, {@code enc.b{i}} for i in [0, H): input -> hidden[0] -> ... -> hidden[H-1]</li>
 *   <li>{@code enc.mu.w}, {@code enc.mu.b}, {@code enc.logvar.w}, {@code enc.logvar.b}: hidden[H-1] -> latentDim</li>
 *   <li>{@code dec.w{i}}, {@code dec.b{i}} for i in [0, H]: latentDim -> hidden[H-1] -> ... -> hidden[0] -> input
 *       ({@code dec.w{H}} is the output layer, no ReLU: it gives logits)</li>
 * </ul>
 * Initialisation ({@link Init.Scheme}): {@code he}, He normal for ReLU layers, Xavier normal for the heads
 * and the output layer, zero biases; or {@code torch}, PyTorch's {@code nn.Linear} default (weights and biases
 * U(+-1/sqrt(in))).
 */
public final class MlpArchitecture implements DenseReluMlp {

    private final List<Integer> hidden;
    private final int latentDim;
    private final Init.Scheme init;

    public MlpArchitecture(List<Integer> hidden, int latentDim, Init.Scheme init) {
        this.hidden = List.copyOf(hidden);
        this.latentDim = latentDim;
        this.init = java.util.Objects.requireNonNull(init, "init");
    }

    /** He initialisation (the default). */
    public MlpArchitecture(List<Integer> hidden, int latentDim) {
        this(hidden, latentDim, Init.Scheme.HE);
    }

    public MlpArchitecture(MlpSpec spec) {
        this(spec.hidden(), spec.latentDim(), spec.scheme());
    }

    public Init.Scheme init() {
        return init;
    }

    @Override
    public List<Integer> hidden() {
        return hidden;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public Network build(SameDiff sd, InputShape shape, long seed) {
        int in = shape.size();
        List<SDVariable[]> enc = new ArrayList<>();
        int prev = in;
        for (int i = 0; i < hidden.size(); i++) {
            int out = hidden.get(i);
            enc.add(dense(sd, init, seed, DenseReluMlp.encoderWeight(i), DenseReluMlp.encoderBias(i), prev, out, true));
            prev = out;
        }
        SDVariable[] mu = dense(sd, init, seed, MU_WEIGHT, MU_BIAS, prev, latentDim, false);
        SDVariable[] logVar = dense(sd, init, seed, LOGVAR_WEIGHT, LOGVAR_BIAS, prev, latentDim, false);
        List<SDVariable[]> dec = new ArrayList<>();
        prev = latentDim;
        for (int i = 0; i < hidden.size(); i++) {
            int out = hidden.get(hidden.size() - 1 - i);
            dec.add(dense(sd, init, seed, DenseReluMlp.decoderWeight(i), DenseReluMlp.decoderBias(i), prev, out, true));
            prev = out;
        }
        dec.add(dense(sd, init, seed, DenseReluMlp.decoderWeight(hidden.size()), DenseReluMlp.decoderBias(hidden.size()), prev, in, false));
        return new Network() {
            @Override
            public Encoded encode(SDVariable x) {
                SDVariable h = x;
                for (SDVariable[] layer : enc) {
                    h = sd.nn().relu(h.mmul(layer[0]).add(layer[1]), 0.0);
                }
                return new Encoded(h.mmul(mu[0]).add(mu[1]), h.mmul(logVar[0]).add(logVar[1]));
            }

            @Override
            public SDVariable decode(SDVariable z) {
                SDVariable h = z;
                for (int i = 0; i < dec.size(); i++) {
                    h = h.mmul(dec.get(i)[0]).add(dec.get(i)[1]);
                    if (i < dec.size() - 1) {
                        h = sd.nn().relu(h, 0.0);
                    }
                }
                return h;
            }
        };
    }

    private static SDVariable[] dense(SameDiff sd, Init.Scheme init, long seed, String wName, String bName, int in, int out,
                                      boolean relu) {
        INDArray[] wb = Init.layer(init, seed, wName, bName, in, out, relu, new long[] {in, out}, out);
        return new SDVariable[] {sd.var(wName, wb[0]), sd.var(bName, wb[1])};
    }

    @Override
    public String toString() {
        return "mlp(hidden=" + hidden + ", latentDim=" + latentDim + ", init=" + init.id() + ")";
    }
}

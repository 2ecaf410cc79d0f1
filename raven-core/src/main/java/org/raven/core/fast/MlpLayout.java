package org.raven.core.fast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raven.api.arch.DenseReluMlp;

/**
 * Where each parameter of the mlp VAE lives in one flat buffer. Names, shapes and order follow
 * the {@link DenseReluMlp} contract (which {@code org.raven.core.arch.MlpArchitecture} implements) exactly ({@code enc.w{i}}, {@code enc.b{i}},
 * {@code enc.mu.w}, {@code enc.mu.b}, {@code enc.logvar.w}, {@code enc.logvar.b}, {@code dec.w{i}},
 * {@code dec.b{i}} for i in [0, H]; W is {@code [in, out]} in c order, b is {@code [out]}), so
 * parameter maps copy both ways. One flat buffer lets Adam run as one loop over all parameters.
 */
public final class MlpLayout {

    /** One dense layer {@code y = x W + b}: W at {@code wOffset} ({@code in * out} values), b at {@code bOffset}. */
    public record Layer(String weightName, String biasName, int in, int out, long wOffset, long bOffset, boolean relu) {
    }

    private final int inputSize;
    private final List<Integer> hidden;
    private final int latentDim;
    private final List<Layer> encoderHidden = new ArrayList<>();
    private final Layer muHead;
    private final Layer logVarHead;
    private final List<Layer> decoder = new ArrayList<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new LinkedHashMap<>();
    private final long size;

    public MlpLayout(int inputSize, List<Integer> hidden, int latentDim) {
        if (inputSize <= 0 || latentDim <= 0) {
            throw new IllegalArgumentException("inputSize and latentDim must be > 0 (were " + inputSize + ", " + latentDim + ")");
        }
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) == null || hidden.get(i) <= 0) {
                throw new IllegalArgumentException("hidden[" + i + "] must be > 0 (was " + hidden.get(i) + ")");
            }
        }
        this.inputSize = inputSize;
        this.hidden = List.copyOf(hidden);
        this.latentDim = latentDim;
        long[] next = {0};
        int prev = inputSize;
        for (int i = 0; i < hidden.size(); i++) {
            encoderHidden.add(add(DenseReluMlp.encoderWeight(i), DenseReluMlp.encoderBias(i), prev, hidden.get(i), true, next));
            prev = hidden.get(i);
        }
        muHead = add(DenseReluMlp.MU_WEIGHT, DenseReluMlp.MU_BIAS, prev, latentDim, false, next);
        logVarHead = add(DenseReluMlp.LOGVAR_WEIGHT, DenseReluMlp.LOGVAR_BIAS, prev, latentDim, false, next);
        prev = latentDim;
        int h = hidden.size();
        for (int i = 0; i < h; i++) {
            int out = hidden.get(h - 1 - i);
            decoder.add(add(DenseReluMlp.decoderWeight(i), DenseReluMlp.decoderBias(i), prev, out, true, next));
            prev = out;
        }
        decoder.add(add(DenseReluMlp.decoderWeight(h), DenseReluMlp.decoderBias(h), prev, inputSize, false, next));
        size = next[0];
    }

    private Layer add(String w, String b, int in, int out, boolean relu, long[] next) {
        long wOff = next[0];
        shapes.put(w, new long[] {in, out});
        offsets.put(w, wOff);
        long bOff = wOff + (long) in * out;
        shapes.put(b, new long[] {out});
        offsets.put(b, bOff);
        next[0] = bOff + out;
        return new Layer(w, b, in, out, wOff, bOff, relu);
    }

    public int inputSize() {
        return inputSize;
    }

    public List<Integer> hidden() {
        return hidden;
    }

    public int latentDim() {
        return latentDim;
    }

    /** Total number of parameters. */
    public long size() {
        return size;
    }

    /** Parameter names in buffer order. */
    public List<String> names() {
        return List.copyOf(shapes.keySet());
    }

    public long[] shape(String name) {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; expected one of " + shapes.keySet());
        }
        return s.clone();
    }

    public long offset(String name) {
        shape(name);
        return offsets.get(name);
    }

    /** Encoder layers input side first, ReLU after each. */
    public List<Layer> encoderHidden() {
        return Collections.unmodifiableList(encoderHidden);
    }

    public Layer muHead() {
        return muHead;
    }

    public Layer logVarHead() {
        return logVarHead;
    }

    /** Decoder layers z side first; the last one gives logits (no ReLU). */
    public List<Layer> decoder() {
        return Collections.unmodifiableList(decoder);
    }

    /** Number of values of the encoder alone (a prefix of the buffer: encoder layers come first). */
    public long encoderSize() {
        return logVarHead.bOffset() + latentDim;
    }

    /** FLOP of one forward pass of encoder and decoder for one example (2 per multiply-add). */
    public long forwardFlopsPerExample() {
        return 2 * (encoderMacs() + decoderMacs());
    }

    /** Multiply-adds of the encoder for one example. */
    public long encoderMacs() {
        long m = 0;
        for (Layer l : encoderHidden) {
            m += (long) l.in() * l.out();
        }
        return m + 2L * muHead.in() * latentDim;
    }

    /** Multiply-adds of the decoder for one example. */
    public long decoderMacs() {
        long m = 0;
        for (Layer l : decoder) {
            m += (long) l.in() * l.out();
        }
        return m;
    }

    @Override
    public String toString() {
        return "mlp(" + inputSize + ", hidden=" + hidden + ", latentDim=" + latentDim + ", params=" + size + ")";
    }
}

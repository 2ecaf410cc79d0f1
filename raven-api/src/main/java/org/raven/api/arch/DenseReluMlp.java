package org.raven.api.arch;

import java.util.List;

/**
 * A capability of an {@link Architecture}: it is a plain dense MLP, so the trainer's fused engine
 * (several times faster than the SameDiff graph on the CPU) can run it by reading its weights by name.
 * Any other architecture trains on the SameDiff engine.
 *
 * <p>The contract an implementation promises, with {@code H = hidden().size()}, {@code y = x W + b},
 * W a {@code [in, out]} variable and b an {@code [out]} variable named as below:
 * <ul>
 *   <li>encoder: input {@code -> hidden[0] -> ... -> hidden[H-1]}, ReLU after each layer
 *       ({@link #encoderWeight}, {@link #encoderBias} for i in [0, H)); then two linear heads from
 *       {@code hidden[H-1]} (the input when H = 0) to {@code latentDim}: {@link #MU_WEIGHT},
 *       {@link #MU_BIAS} and {@link #LOGVAR_WEIGHT}, {@link #LOGVAR_BIAS};</li>
 *   <li>decoder: {@code latentDim -> hidden[H-1] -> ... -> hidden[0] -> input}, ReLU after each layer
 *       but the last ({@link #decoderWeight}, {@link #decoderBias} for i in [0, H]); the last gives the
 *       logits the likelihood reads;</li>
 *   <li>no other trainable variables, and nothing else between the layers (no dropout, no
 *       normalisation). Initialisation is free: the fused engine copies the weights the graph holds.</li>
 * </ul>
 */
public interface DenseReluMlp extends Architecture {

    String MU_WEIGHT = "enc.mu.w";
    String MU_BIAS = "enc.mu.b";
    String LOGVAR_WEIGHT = "enc.logvar.w";
    String LOGVAR_BIAS = "enc.logvar.b";

    /** Widths of the encoder's hidden layers, input side first; the decoder mirrors them. */
    List<Integer> hidden();

    /** Name of the weight of encoder layer {@code i} (0 is fed the input). */
    static String encoderWeight(int i) {
        return "enc.w" + i;
    }

    static String encoderBias(int i) {
        return "enc.b" + i;
    }

    /** Name of the weight of decoder layer {@code i} (0 is fed z; H gives the logits). */
    static String decoderWeight(int i) {
        return "dec.w" + i;
    }

    static String decoderBias(int i) {
        return "dec.b" + i;
    }
}

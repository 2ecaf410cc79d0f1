package org.raven.core.arch;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.raven.api.Problem;
import org.raven.api.arch.ArchitectureSpec;

/**
 * {@code {"type": "mlp", "hidden": [512, 512], "latentDim": 16}}.
 *
 * @param hidden    encoder hidden layer widths, input side first (the decoder mirrors them); default [512, 512], each > 0
 * @param latent    dimension of z, JSON key {@code latentDim}; default 16, > 0
 */
public record MlpSpec(List<Integer> hidden, @JsonProperty("latentDim") Integer latent) implements ArchitectureSpec {

    public static final List<Integer> DEFAULT_HIDDEN = List.of(512, 512);
    public static final int DEFAULT_LATENT_DIM = 16;

    public MlpSpec {
        hidden = hidden == null ? DEFAULT_HIDDEN : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(hidden));
        if (latent == null) {
            latent = DEFAULT_LATENT_DIM;
        }
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        for (int i = 0; i < hidden.size(); i++) {
            Integer h = hidden.get(i);
            if (h == null) {
                c.add("hidden[" + i + "]", "must be a positive integer (was null)");
            } else {
                c.positive("hidden[" + i + "]", h);
            }
        }
        return c.positive("latentDim", latent).problems();
    }

    /** Dimension of z (the JSON key {@code latentDim}). */
    @Override
    public int latentDim() {
        return latent;
    }
}

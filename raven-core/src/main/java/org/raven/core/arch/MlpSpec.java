package org.raven.core.arch;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.raven.api.Problem;
import org.raven.api.arch.ArchitectureSpec;

/**
 * {@code {"type": "mlp", "hidden": [512, 512], "latentDim": 16, "init": "he"}}.
 *
 * @param hidden    encoder hidden layer widths, input side first (the decoder mirrors them); default [512, 512], each > 0
 * @param latent    dimension of z, JSON key {@code latentDim}; default 16, > 0
 * @param init      weight initialisation, {@code he} (default) or {@code torch}; see {@link Init}
 */
public record MlpSpec(List<Integer> hidden, @JsonProperty("latentDim") Integer latent, String init)
        implements ArchitectureSpec {

    public static final List<Integer> DEFAULT_HIDDEN = List.of(512, 512);
    public static final int DEFAULT_LATENT_DIM = 16;

    public MlpSpec {
        hidden = hidden == null ? DEFAULT_HIDDEN : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(hidden));
        if (latent == null) {
            latent = DEFAULT_LATENT_DIM;
        }
        if (init == null) {
            init = Init.Scheme.HE.id();
        }
    }

    /** The default initialisation ({@code he}). */
    public MlpSpec(List<Integer> hidden, Integer latent) {
        this(hidden, latent, null);
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
        return c.positive("latentDim", latent).check(Init.Scheme.byId(init) != null, "init",
                "unknown initialisation '" + init + "'; available: " + Init.Scheme.ids()).problems();
    }

    /** Dimension of z (the JSON key {@code latentDim}). */
    @Override
    public int latentDim() {
        return latent;
    }

    /** The initialisation scheme of {@link #init()}. */
    public Init.Scheme scheme() {
        return Init.Scheme.byId(init);
    }
}

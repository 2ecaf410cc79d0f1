package org.raven.core.arch;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.raven.api.Problem;
import org.raven.api.arch.ArchitectureSpec;

/**
 * {@code {"type": "conv", "channels": 32, "layers": 3, "latentDim": 16, "init": "he"}}.
 *
 * @param channels  channels of the first convolution, doubled at each further layer; default 32, > 0
 * @param layers    number of stride-2 convolutions (and mirrored deconvolutions); default 3, > 0
 * @param latent    dimension of z, JSON key {@code latentDim}; default 16, > 0
 * @param init      weight initialisation, {@code he} (default) or {@code torch}; see {@link Init}
 */
public record ConvSpec(Integer channels, Integer layers, @JsonProperty("latentDim") Integer latent, String init)
        implements ArchitectureSpec {

    public static final int DEFAULT_CHANNELS = 32;
    public static final int DEFAULT_LAYERS = 3;
    public static final int DEFAULT_LATENT_DIM = 16;

    public ConvSpec {
        if (channels == null) {
            channels = DEFAULT_CHANNELS;
        }
        if (layers == null) {
            layers = DEFAULT_LAYERS;
        }
        if (latent == null) {
            latent = DEFAULT_LATENT_DIM;
        }
        if (init == null) {
            init = Init.Scheme.HE.id();
        }
    }

    /** The default initialisation ({@code he}). */
    public ConvSpec(Integer channels, Integer layers, Integer latent) {
        this(channels, layers, latent, null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector().positive("channels", channels).positive("layers", layers)
                .positive("latentDim", latent).check(Init.Scheme.byId(init) != null, "init",
                        "unknown initialisation '" + init + "'; available: " + Init.Scheme.ids());
        if (channels > 0 && layers > 0 && layers < 31) {
            c.check((long) channels << (layers - 1) <= 1 << 16, "layers",
                    "gives " + ((long) channels << (layers - 1)) + " channels in the last layer (at most 65536)");
        } else if (layers >= 31) {
            c.add("layers", "must be <= 30 (was " + layers + ")");
        }
        return c.problems();
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

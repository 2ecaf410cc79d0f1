package org.raven.api.prior;

import java.util.List;
import org.raven.api.Plugin;
import org.raven.api.PluginContext;
import org.raven.api.PluginException;
import org.raven.api.Problem;
import org.raven.api.Spec;

/** Service interface for priors; list implementations in {@code META-INF/services/org.raven.api.prior.PriorProvider}. */
public interface PriorProvider<S extends PriorSpec> extends Plugin<S, Prior> {

    /**
     * {@link #createFrom} for a model whose latent size is {@code latentDim}: refuses a spec that
     * {@link PriorSpec#validateFor(int)} rejects with a {@link PluginException} naming this prior's id
     * and the key, for example {@code prior 'scaled-normal': scales - has 3 entries, expected latentDim = 16},
     * instead of a broadcast error deep in the graph.
     */
    default Prior createFor(Spec spec, int latentDim, PluginContext context) {
        List<Problem> problems = specType().cast(spec).validateFor(latentDim);
        if (!problems.isEmpty()) {
            throw new PluginException("prior '" + id() + "': "
                    + String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
        return createFrom(spec, context);
    }
}

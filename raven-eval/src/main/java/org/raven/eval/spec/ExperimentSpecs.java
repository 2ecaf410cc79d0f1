package org.raven.eval.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.prior.Prior;
import org.raven.eval.Plugins;

/**
 * Reads, checks and writes {@link ExperimentSpec}s. Reading reports every problem at once (see
 * {@link SpecReader}); a model's {@code training} override is merged over the experiment's
 * {@code training} (keys given in the model win) before binding.
 */
public final class ExperimentSpecs {

    private final ObjectMapper mapper;
    private final Plugins plugins;
    private final SpecReader reader;
    private final PluginContext context;

    @Inject
    public ExperimentSpecs(ObjectMapper mapper, Plugins plugins, PluginContext context) {
        this.mapper = mapper;
        this.plugins = plugins;
        this.context = context;
        this.reader = new SpecReader(mapper, plugins);
    }

    /** @throws SpecException with every problem, each {@code <file>: <path> - <message>} */
    public ExperimentSpec read(Path file) {
        return check(file.toString(), reader.read(file, ExperimentSpec.class, ExperimentSpecs::mergeTrainingOverrides));
    }

    /** {@link #read} for text in memory; {@code name} prefixes the messages. */
    public ExperimentSpec parse(String name, String json) {
        return check(name, reader.parse(name, json, ExperimentSpec.class, ExperimentSpecs::mergeTrainingOverrides));
    }

    /** The resolved spec (every default filled in) as JSON text. */
    public String toJson(ExperimentSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write spec " + spec.name(), e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Checks that need the plugins themselves or several parts of the spec: a paired prior needs a noise model to
     * pair with, and a prior must fit the architecture's latent size ({@link org.raven.api.prior.PriorSpec#validateFor}).
     */
    private ExperimentSpec check(String name, ExperimentSpec spec) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < spec.models().size(); i++) {
            ModelSpec model = spec.models().get(i);
            for (Problem p : model.prior().validateFor(spec.architecture().latentDim())) {
                problems.add(name + ": " + p.under("$.models[" + i + "].prior"));
            }
            Prior prior = plugins.create(model.prior(), context);
            if (prior.paired() && model.noise() == null) {
                problems.add(name + ": $.models[" + i + "].noise - required with the paired prior '"
                        + plugins.providerOf(model.prior()).id() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return spec;
    }

    /** Replaces each model's {@code training} object by the experiment's with the model's keys on top. */
    static JsonNode mergeTrainingOverrides(JsonNode root) {
        JsonNode models = root.get("models");
        JsonNode base = root.get("training");
        if (models == null || !models.isArray()) {
            return root;
        }
        for (JsonNode model : models) {
            JsonNode own = model == null ? null : model.get("training");
            if (own instanceof ObjectNode override) {
                ObjectNode merged = base instanceof ObjectNode b ? b.deepCopy() : override.objectNode();
                merged.setAll(override);
                ((ObjectNode) model).set("training", merged);
            }
        }
        return root;
    }
}

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
import org.raven.api.model.ModelSourceException;
import org.raven.api.model.ModelSourceSpec;
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

    /**
     * Reads {@code file}; pretrained models' file names are resolved against its folder.
     *
     * @throws SpecException with every problem, each {@code <file>: <path> - <message>}
     */
    public ExperimentSpec read(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        return resolvePretrained(reader.read(file, ExperimentSpec.class, ExperimentSpecs::mergeTrainingOverrides,
                spec -> pluginChecks(resolvePretrained(spec, folder))), folder);
    }

    /** {@link #read} for text in memory (pretrained file names relative to the working folder); {@code name} prefixes the messages. */
    public ExperimentSpec parse(String name, String json) {
        Path folder = Path.of("").toAbsolutePath();
        return resolvePretrained(reader.parse(name, json, ExperimentSpec.class, ExperimentSpecs::mergeTrainingOverrides,
                spec -> pluginChecks(resolvePretrained(spec, folder))), folder);
    }

    private static ExperimentSpec resolvePretrained(ExperimentSpec s, Path folder) {
        if (s.models() == null || s.models().stream().noneMatch(m -> m != null && m.pretrained() != null)) {
            return s;
        }
        List<ModelSpec> models = s.models().stream().map(m -> m == null ? null : m.resolveAgainst(folder)).toList();
        return new ExperimentSpec(s.name(), s.dataset(), s.seeds(), s.architecture(), s.likelihood(), s.beta(), models,
                s.training(), s.evaluation(), s.executor());
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
     * Checks that need the plugins themselves or several parts of the spec, reported with every other problem:
     * a linf budget above 1 (the attack's norm), a paired prior needs a noise model to pair with, and a prior must fit the architecture's latent size
     * ({@link org.raven.api.prior.PriorSpec#validateFor}). Priors that are missing or out of range are left to validation.
     */
    private List<Problem> pluginChecks(ExperimentSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (spec.evaluation() != null && spec.evaluation().attack() != null
                && !"l2".equals(org.raven.eval.run.RunChecks.norm(spec, mapper))) {
            for (int i = 0; i < spec.evaluation().budgets().size(); i++) {
                Double b = spec.evaluation().budgets().get(i);
                if (b != null && b > 1) { // every dataset's images are in [0, 1] (LabeledData)
                    problems.add(new Problem("evaluation.budgets[" + i + "]", "must be <= 1: images are in [0, 1], so a"
                            + " linf perturbation larger than 1 changes nothing more (was " + b + ")"));
                }
            }
        }
        for (int i = 0; spec.models() != null && i < spec.models().size(); i++) {
            ModelSpec model = spec.models().get(i);
            if (model != null && model.pretrained() != null) {
                checkPretrained(model.pretrained(), "models[" + i + "].pretrained", problems);
                continue;
            }
            if (model == null || model.prior() == null || !model.prior().validate().isEmpty()) {
                continue;
            }
            var architecture = spec.architectureOf(model);
            Integer latentDim = architecture != null && architecture.validate().isEmpty() ? architecture.latentDim() : null;
            List<Problem> fit = latentDim == null ? List.of() : model.prior().validateFor(latentDim);
            if (!fit.isEmpty()) {
                String at = "models[" + i + "].prior";
                fit.forEach(p -> problems.add(p.under(at)));
                continue;
            }
            Prior prior = plugins.create(model.prior(), context);
            if (prior.paired() && model.noise() == null) {
                problems.add(new Problem("models[" + i + "].noise", "required with the paired prior '"
                        + plugins.providerOf(model.prior()).id() + "'"));
            }
        }
        return problems;
    }

    /** Loads a pretrained model (cheap: a graph import) so that a missing file or output is a spec problem. */
    private void checkPretrained(ModelSourceSpec pretrained, String at, List<Problem> problems) {
        if (!pretrained.validate().isEmpty()) {
            return;
        }
        try {
            plugins.create(pretrained, context);
        } catch (ModelSourceException e) {
            problems.add(new Problem(at + "." + e.field(), e.getMessage()));
        }
    }

    /**
     * Replaces each model's {@code training} and {@code architecture} objects by the experiment's with the model's
     * keys on top (an architecture override names its {@code type}; one of another type than the experiment's is
     * kept as given).
     */
    static JsonNode mergeTrainingOverrides(JsonNode root) {
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            return root;
        }
        for (JsonNode model : models) {
            merge(model, root.get("training"), "training", false);
            merge(model, root.get("architecture"), "architecture", true);
        }
        return root;
    }

    private static void merge(JsonNode model, JsonNode base, String key, boolean typed) {
        JsonNode own = model == null ? null : model.get(key);
        if (!(own instanceof ObjectNode override)) {
            return;
        }
        // A typed override names its type (the tree check needs it): keys merge over a base of the same type only.
        boolean sameType = !typed || base != null && override.has("type") && override.get("type").equals(base.get("type"));
        ObjectNode merged = base instanceof ObjectNode b && sameType ? b.deepCopy() : override.objectNode();
        merged.setAll(override);
        ((ObjectNode) model).set(key, merged);
    }
}

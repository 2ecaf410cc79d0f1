package org.raven.eval.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.raven.api.Problem;
import org.raven.api.Spec;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.data.DatasetSpec;
import org.raven.core.LikelihoodSpec;
import org.raven.core.TrainingSpec;
import org.raven.core.arch.MlpSpec;

/**
 * An experiment: models x seeds on one dataset, trained, attacked at several budgets and reported.
 * Immutable; every default is filled in here, so {@code spec.resolved.json} is this record written out.
 *
 * @param name         required; names the run folder by default
 * @param dataset      required, for example {@code {"type": "fashion-mnist"}}
 * @param seeds        root seeds, one cell per model and seed; default [1, 2, 3, 4, 5], distinct
 * @param architecture default {@code {"type": "mlp"}} with its defaults
 * @param likelihood   default {@code "bernoulli"}
 * @param beta         KL weight during training; default 1.0, > 0
 * @param models       required, at least one, unique names
 * @param training     default training settings of every model
 * @param evaluation   attack, budgets, classifier and t-SNE settings
 * @param executor     where cells run
 */
public record ExperimentSpec(String name, DatasetSpec dataset, List<Long> seeds, ArchitectureSpec architecture,
                             LikelihoodSpec likelihood, Double beta, List<ModelSpec> models, TrainingSpec training,
                             EvaluationSpec evaluation, ExecutorSpec executor) implements Spec {

    public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
    public static final double DEFAULT_BETA = 1.0;
    /**
     * Names that become file names (the run folder {@code runs/<name>}, cell folders {@code <model>-seed<n>}): no
     * separator, no {@code ..}, no control or NUL character can place a file outside the output folder.
     */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final String FILE_NAME_RULE = "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit (it names a folder)";

    public ExperimentSpec {
        seeds = seeds == null ? DEFAULT_SEEDS : Collections.unmodifiableList(new ArrayList<>(seeds));
        architecture = architecture == null ? new MlpSpec(null, null) : architecture;
        likelihood = likelihood == null ? LikelihoodSpec.bernoulli() : likelihood;
        beta = beta == null ? DEFAULT_BETA : beta;
        models = models == null ? null : Collections.unmodifiableList(new ArrayList<>(models));
        training = training == null ? TrainingSpec.defaults() : training;
        evaluation = evaluation == null ? EvaluationSpec.defaults() : evaluation;
        executor = executor == null ? ExecutorSpec.defaults() : executor;
    }

    /** The architecture of {@code model}: its own (already merged) override, else the experiment's. */
    public ArchitectureSpec architectureOf(ModelSpec model) {
        return model.architecture() != null ? model.architecture() : architecture;
    }

    /** The training settings of {@code model}: its own (already merged) override, else the experiment's. */
    public TrainingSpec trainingOf(ModelSpec model) {
        return model.training() != null ? model.training() : training;
    }

    /** The evaluation of {@code model}: the experiment's, with the model's own {@code testPoints} if it gives them. */
    public EvaluationSpec evaluationOf(ModelSpec model) {
        return model.testPoints() != null ? evaluation.withTestPoints(model.testPoints()) : evaluation;
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        if (name == null || name.isBlank()) {
            c.add("name", "required");
        } else {
            checkFileName(c, "name", name);
        }
        if (dataset == null) {
            c.add("dataset", "required");
        } else {
            c.addAll("dataset", dataset.validate());
        }
        c.check(!seeds.isEmpty(), "seeds", "must not be empty");
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            Long seed = seeds.get(i);
            if (seed == null) {
                c.add("seeds[" + i + "]", "expected an integer (was null)");
                continue;
            }
            Integer before = seen.putIfAbsent(seed, i);
            c.check(before == null, "seeds[" + i + "]", "duplicate seed " + seed + " (also seeds[" + before + "])");
        }
        c.addAll("architecture", architecture.validate());
        c.addAll("likelihood", likelihood.validate());
        c.positive("beta", beta);
        c.check(!beta.isInfinite(), "beta", "must be finite (was " + beta + ")");
        if (models == null || models.isEmpty()) {
            c.add("models", models == null ? "required" : "must not be empty");
        } else {
            Map<String, Integer> names = new HashMap<>();
            List<Problem> inherited = training.validate();
            List<Problem> inheritedArchitecture = architecture.validate();
            for (int i = 0; i < models.size(); i++) {
                validateModel(c, "models[" + i + "]", models.get(i), i, names, inherited);
                ModelSpec m = models.get(i);
                if (m != null && m.architecture() != null) {
                    List<Problem> own = new ArrayList<>(m.architecture().validate());
                    own.removeAll(inheritedArchitecture);
                    c.addAll("models[" + i + "].architecture", own);
                }
            }
            checkCommonRandomNumbers(c);
            for (int i = 0; i < evaluation.pairedAgainst().size(); i++) {
                String ref = evaluation.pairedAgainst().get(i);
                c.check(names.containsKey(ref), "evaluation.pairedAgainst[" + i + "]",
                        "unknown model '" + ref + "'; models: " + String.join(", ",
                                models.stream().filter(java.util.Objects::nonNull).map(ModelSpec::name).toList()));
            }
        }
        c.addAll("training", training.validate());
        c.addAll("evaluation", evaluation.validate());
        c.addAll("executor", executor.validate());
        return c.problems();
    }

    /** {@code inherited}: problems of the experiment's training, reported there, not again per model. */
    private static void validateModel(Problem.Collector c, String at, ModelSpec model, int index,
            Map<String, Integer> names, List<Problem> inherited) {
        if (model == null) {
            c.add(at, "required");
            return;
        }
        if (model.name() == null || model.name().isBlank()) {
            c.add(at + ".name", "required");
        } else if (checkFileName(c, at + ".name", model.name())) {
            Integer before = names.putIfAbsent(model.name(), index);
            c.check(before == null, at + ".name",
                    "duplicate model name '" + model.name() + "' (also models[" + before + "])");
        }
        if (model.testPoints() != null) {
            c.positive(at + ".testPoints", model.testPoints());
        }
        if (model.pretrained() != null) {
            c.addAll(at + ".pretrained", model.pretrained().validate());
            c.check(model.prior() == null, at + ".prior", "not used by a pretrained model; remove it");
            c.check(model.noise() == null, at + ".noise", "not used by a pretrained model; remove it");
            c.check(model.training() == null, at + ".training", "not used by a pretrained model; remove it");
            c.check(model.beta() == null, at + ".beta", "not used by a pretrained model; remove it");
            c.check(model.defence() == null, at + ".defence", "not used by a pretrained model; remove it");
            c.check(model.inference() == null, at + ".inference", "needs a model trained here (its likelihood); remove it");
            return;
        }
        if (model.beta() != null) {
            c.positive(at + ".beta", model.beta());
            c.check(!model.beta().isInfinite(), at + ".beta", "must be finite (was " + model.beta() + ")");
        }
        if (model.defence() != null) {
            c.addAll(at + ".defence", model.defence().validate());
        }
        if (model.inference() != null) {
            c.addAll(at + ".inference", model.inference().validate());
        }
        if (model.prior() == null) {
            c.add(at + ".prior", "required");
        } else {
            c.addAll(at + ".prior", model.prior().validate());
        }
        if (model.noise() != null) {
            c.addAll(at + ".noise", model.noise().validate());
        }
        if (model.training() != null) {
            List<Problem> own = new ArrayList<>(model.training().validate());
            own.removeAll(inherited);
            c.addAll(at + ".training", own);
        }
    }

    /** Adds a problem unless {@code value} is a safe folder name ({@link #FILE_NAME}); true if it is. */
    private static boolean checkFileName(Problem.Collector c, String at, String value) {
        boolean ok = FILE_NAME.matcher(value).matches();
        c.check(ok, at, FILE_NAME_RULE + " (was " + quoted(value) + ")");
        return ok;
    }

    /** {@code value} in quotes, control characters escaped and cut at 60 characters, so a message stays one line. */
    static String quoted(String value) {
        StringBuilder b = new StringBuilder("'");
        value.codePoints().limit(60).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append(value.codePointCount(0, value.length()) > 60 ? "...'" : "'").toString();
    }

    /** Common random numbers pair every model of a seed, so no model may opt out (or in) alone. */
    private void checkCommonRandomNumbers(Problem.Collector c) {
        for (int i = 0; i < models.size(); i++) {
            ModelSpec m = models.get(i);
            if (m != null && m.training() != null
                    && !m.training().commonRandomNumbers().equals(training.commonRandomNumbers())) {
                c.add("models[" + i + "].training.commonRandomNumbers", "must equal the experiment's training."
                        + "commonRandomNumbers (" + training.commonRandomNumbers() + "): it pairs every model of a seed");
            }
        }
    }
}

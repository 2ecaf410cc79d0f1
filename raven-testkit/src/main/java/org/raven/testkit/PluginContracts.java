package org.raven.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.Plugin;
import org.raven.api.PluginContext;
import org.raven.api.PluginException;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.api.Spec;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.arch.Network;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.data.Dataset;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.api.model.Posterior;
import org.raven.api.model.PretrainedModel;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.defence.InferenceProcedure;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.LatentTarget;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.api.defence.ShiftCertificate;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.WeightConstraint;

/**
 * The contract every plugin must pass, as JUnit dynamic tests. Use it from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> pluginContracts() {
 *     return PluginContracts.verifyAll(PluginContext.fromEnvironment(), Map.of());
 * }
 * }</pre>
 *
 * <p>For every provider of every kind that {@link ServiceLoader} finds on the test class path it checks: the
 * provider is listed in {@code META-INF/services}; its id is lower-case, hyphenated and unique in its kind;
 * its default spec validates, round-trips JSON -> record -> JSON unchanged, and is what {@code {"type": id}}
 * reads; unknown keys are rejected; and {@code create} makes an object that does its job on a tiny batch
 * (for attacks: {@link #verifyAttack}; for training defences and inference procedures, each capability on a tiny
 * batch of the {@link ToyAutoEncoder}).
 *
 * <p>{@code specOverrides} replaces the default spec used for {@code create}, keyed by id, for plugins whose
 * default needs resources a test machine may lack (for example a dataset pointed at tiny generated files).
 * A model source's default spec names files that do not exist: without an override its {@code create} must fail
 * with a {@link PluginException}; with one (pointing at real model files) the model must encode, differentiate
 * and decode a tiny batch.
 */
public final class PluginContracts {

    private PluginContracts() {
    }

    /** Dynamic tests for every discovered provider of every kind. */
    public static Stream<DynamicTest> verifyAll(PluginContext context, Map<String, Spec> specOverrides) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ObjectMapper mapper = mapperFor(loader);
        List<DynamicTest> tests = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            // Building the registry checks id format and uniqueness for the whole kind.
            PluginRegistry<Plugin<?, ?>> registry = PluginRegistry.load(kind, loader);
            for (Plugin<?, ?> provider : registry.providers()) {
                Spec override = specOverrides.get(provider.id());
                tests.add(DynamicTest.dynamicTest(kind.label() + " '" + provider.id() + "'",
                        () -> verify(kind, provider, context, mapper, override)));
            }
        }
        return tests.stream();
    }

    /** An ObjectMapper that knows every discovered plugin spec by its id, and rejects unknown keys. */
    public static ObjectMapper mapperFor(ClassLoader loader) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        for (PluginKind kind : PluginKind.values()) {
            for (Plugin<?, ?> provider : PluginRegistry.<Plugin<?, ?>>load(kind, loader).providers()) {
                mapper.registerSubtypes(new NamedType(provider.specType(), provider.id()));
            }
        }
        return mapper;
    }

    /** Runs every check on one provider; fails with an {@link AssertionError} that names the check. */
    public static void verify(PluginKind kind, Plugin<?, ?> provider, PluginContext context, ObjectMapper mapper,
                              Spec specOverride) throws Exception {
        String who = kind.label() + " '" + provider.id() + "' (" + provider.getClass().getName() + ")";
        assertThat(kind.serviceType().isInstance(provider)).as(who + " implements " + kind.serviceType().getName()).isTrue();
        assertThat(ServiceLoader.load(kind.serviceType(), provider.getClass().getClassLoader()).stream()
                .map(p -> p.type().getName()))
                .as(who + " is listed in META-INF/services/" + kind.serviceType().getName())
                .contains(provider.getClass().getName());
        assertThat(provider.id()).as(who + " id").matches(PluginRegistry.ID_PATTERN);
        assertThat(kind.specBase().isAssignableFrom(provider.specType()))
                .as(who + " spec type implements " + kind.specBase().getSimpleName()).isTrue();
        assertThat(provider.specType().isRecord()).as(who + " spec type is a record").isTrue();

        Spec defaults = provider.defaultSpec();
        assertThat(defaults).as(who + " default spec").isNotNull().isInstanceOf(provider.specType());
        assertThat(defaults.validate()).as(who + " default spec validates").isEmpty();

        String json = mapper.writerFor(kind.specBase()).writeValueAsString(defaults);
        assertThat(mapper.readTree(json).path("type").asText()).as(who + " JSON names its type: " + json)
                .isEqualTo(provider.id());
        Spec back = mapper.readValue(json, kind.specBase());
        assertThat(back).as(who + " JSON -> record: " + json).isEqualTo(defaults);
        assertThat(mapper.writerFor(kind.specBase()).writeValueAsString(back)).as(who + " record -> JSON").isEqualTo(json);
        assertThat(mapper.readValue("{\"type\":\"" + provider.id() + "\"}", kind.specBase()))
                .as(who + " {\"type\": id} reads as the default spec").isEqualTo(defaults);
        assertThatThrownBy(() -> mapper.readValue("{\"type\":\"" + provider.id() + "\",\"noSuchKey\":1}", kind.specBase()))
                .as(who + " rejects unknown keys").hasMessageContaining("noSuchKey");

        if (kind == PluginKind.MODEL_SOURCE && specOverride == null) {
            assertThatThrownBy(() -> provider.createFrom(defaults, context))
                    .as(who + " create on missing files fails with a PluginException").isInstanceOf(PluginException.class);
            return;
        }
        Spec spec = specOverride != null ? specOverride : defaults;
        Object created = provider.createFrom(spec, context);
        assertThat(created).as(who + " create").isNotNull();
        switch (kind) {
            case PRIOR -> checkPrior(who, (Prior) created);
            case NOISE -> checkNoise(who, (NoiseModel) created);
            case ARCHITECTURE -> checkArchitecture(who, (Architecture) created, ((ArchitectureSpec) spec).latentDim());
            case ATTACK -> {
                for (Spec variant : withEachNorm(spec, mapper, kind.specBase())) {
                    verifyAttack(who, (Attack) provider.createFrom(variant, context), variant);
                }
            }
            case DATASET -> checkDataset(who, (Dataset) created);
            case MODEL_SOURCE -> checkModelSource(who, (PretrainedModel) created);
            case DEFENCE -> checkDefence(who, (TrainingDefence) created);
            case INFERENCE -> checkInference(who, (InferenceProcedure) created);
        }
    }

    /**
     * A training defence has at least one capability, and each works on a tiny batch: an input transform keeps the
     * shape, the [0, 1] box and its input, and gives the same result for the same draws; an objective term is a finite
     * scalar; a weight constraint keeps every shape of an mlp's weights and leaves them finite; a shift certificate is
     * finite, non-negative and grows with the budget.
     */
    private static void checkDefence(String who, TrainingDefence defence) {
        assertThat(defence instanceof InputTransform || defence instanceof ObjectiveTerm || defence instanceof WeightConstraint)
                .as(who + " implements InputTransform, ObjectiveTerm or WeightConstraint").isTrue();
        if (defence instanceof InputTransform transform) {
            ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 5);
            INDArray x = random(new SplittableRandom(6), 4, 16, 0, 1);
            INDArray before = x.dup();
            INDArray out = transform.transform(model, x, new SplittableRandom(9));
            assertThat(out.shape()).as(who + " transformed shape").containsExactly(4L, 16L);
            assertThat(out.minNumber().doubleValue()).as(who + " transformed >= 0").isGreaterThanOrEqualTo(0.0);
            assertThat(out.maxNumber().doubleValue()).as(who + " transformed <= 1").isLessThanOrEqualTo(1.0);
            assertThat(x).as(who + " leaves its input alone").isEqualTo(before);
            assertThat(transform.transform(model, x, new SplittableRandom(9))).as(who + " same draws, same inputs")
                    .isEqualTo(out);
        }
        if (defence instanceof ObjectiveTerm term) {
            SplittableRandom random = new SplittableRandom(1);
            SameDiff sd = SameDiff.create();
            SDVariable mu = sd.var("mu", random(random, 5, 3, -1, 1));
            SDVariable logVar = sd.var("logVar", random(random, 5, 3, -1, 1));
            SDVariable z = sd.var("z", random(random, 5, 3, -1.5, 1.5));
            SDVariable n = sd.constant("n", Nd4j.scalar(DataType.DOUBLE, 1000.0));
            INDArray value = term.term(sd, mu, logVar, z, n).eval();
            assertThat(value.length()).as(who + " term is a scalar").isEqualTo(1L);
            assertThat(value.getDouble(0)).as(who + " term is finite").isFinite();
        }
        java.util.Map<String, INDArray> weights = new java.util.LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(2);
        weights.put(DenseReluMlp.encoderWeight(0), random(random, 16, 8, -1, 1));
        weights.put(DenseReluMlp.encoderBias(0), random(random, 1, 8, -1, 1).reshape(8));
        weights.put(DenseReluMlp.MU_WEIGHT, random(random, 8, 3, -1, 1));
        weights.put(DenseReluMlp.MU_BIAS, random(random, 1, 3, -1, 1).reshape(3));
        weights.put(DenseReluMlp.LOGVAR_WEIGHT, random(random, 8, 3, -1, 1));
        weights.put(DenseReluMlp.LOGVAR_BIAS, random(random, 1, 3, -1, 1).reshape(3));
        if (defence instanceof WeightConstraint constraint) {
            java.util.Map<String, long[]> shapes = new java.util.HashMap<>();
            weights.forEach((k, v) -> shapes.put(k, v.shape()));
            constraint.project(weights);
            weights.forEach((k, v) -> {
                assertThat(v.shape()).as(who + " keeps the shape of " + k).isEqualTo(shapes.get(k));
                assertThat(v.sumNumber().doubleValue()).as(who + " leaves " + k + " finite").isFinite();
            });
        }
        if (defence instanceof ShiftCertificate certificate) {
            double small = certificate.muShiftBound(weights, 16, 0.05, "linf");
            double large = certificate.muShiftBound(weights, 16, 0.1, "linf");
            assertThat(small).as(who + " bound is finite and >= 0").isFinite().isGreaterThanOrEqualTo(0.0);
            assertThat(large).as(who + " bound grows with the budget").isGreaterThanOrEqualTo(small);
            assertThat(certificate.muShiftBound(weights, 16, 0.5, "l2")).as(who + " l2 bound").isFinite();
        }
    }

    /**
     * An inference procedure wraps the toy model: the corrected encoder keeps its sizes, gives finite codes of the
     * right shape, the same codes for the same seed, an input gradient of the input's shape, names its gradient, and
     * leaves its input alone.
     */
    private static void checkInference(String who, InferenceProcedure procedure) {
        ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 5);
        LatentTarget target = ToyAutoEncoder.bernoulliTarget(model);
        INDArray x = random(new SplittableRandom(6), 4, 16, 0, 1);
        INDArray before = x.dup();
        InferenceProcedure.Corrected corrected = procedure.wrap(model, target, 3);
        assertThat(corrected.inputSize()).as(who + " inputSize").isEqualTo(16);
        assertThat(corrected.latentDim()).as(who + " latentDim").isEqualTo(3);
        Posterior q = corrected.encode(x);
        assertThat(q.mu().shape()).as(who + " code shape").containsExactly(4L, 3L);
        assertThat(q.mu().sumNumber().doubleValue() + q.logVar().sumNumber().doubleValue()).as(who + " codes are finite")
                .isFinite();
        assertThat(procedure.wrap(model, target, 3).encode(x).mu()).as(who + " same seed, same codes").isEqualTo(q.mu());
        INDArray g = corrected.inputGradient(x, Nd4j.onesLike(q.mu()), Nd4j.zerosLike(q.logVar()));
        assertThat(g.shape()).as(who + " input gradient shape").containsExactly(4L, 16L);
        assertThat(g.sumNumber().doubleValue()).as(who + " input gradient is finite").isFinite();
        assertThat(corrected.gradient()).as(who + " names its gradient").isNotBlank();
        assertThat(x).as(who + " leaves its input alone").isEqualTo(before);
    }

    private static INDArray random(SplittableRandom random, int rows, int cols, double lo, double hi) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = lo + (hi - lo) * random.nextDouble();
        }
        return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
    }

    private static void checkPrior(String who, Prior prior) {
        SplittableRandom random = new SplittableRandom(1);
        SameDiff sd = SameDiff.create();
        SDVariable mu = sd.var("mu", random(random, 3, 4, -1, 1));
        SDVariable logVar = sd.var("logVar", random(random, 3, 4, -1, 1));
        SDVariable muNoisy = sd.var("muNoisy", random(random, 3, 4, -1, 1));
        SDVariable logVarNoisy = sd.var("logVarNoisy", random(random, 3, 4, -1, 1));
        INDArray pair = prior.pairKl(sd, mu, logVar, muNoisy, logVarNoisy).eval();
        INDArray single = prior.kl(sd, mu, logVar).eval();
        assertThat(pair.shape()).as(who + " pairKl shape").containsExactly(3L);
        assertThat(single.shape()).as(who + " kl shape").containsExactly(3L);
        for (int i = 0; i < 3; i++) {
            assertThat(pair.getDouble(i)).as(who + " pairKl is a finite KL").isFinite().isGreaterThanOrEqualTo(-1e-9);
            assertThat(single.getDouble(i)).as(who + " kl is a finite KL").isFinite().isGreaterThanOrEqualTo(-1e-9);
        }
    }

    private static void checkNoise(String who, NoiseModel noise) {
        INDArray x = random(new SplittableRandom(2), 4, 16, 0, 1).castTo(DataType.FLOAT);
        INDArray before = x.dup();
        INDArray out = noise.augment(x, new InputShape(1, 4, 4), Nd4j.createUninitialized(DataType.FLOAT, 4, 16), new SplittableRandom(3));
        assertThat(out.shape()).as(who + " output shape").containsExactly(4L, 16L);
        assertThat(out.minNumber().doubleValue()).as(who + " output >= 0").isGreaterThanOrEqualTo(0.0);
        assertThat(out.maxNumber().doubleValue()).as(who + " output <= 1").isLessThanOrEqualTo(1.0);
        assertThat(x).as(who + " leaves its input alone").isEqualTo(before);
    }

    private static void checkArchitecture(String who, Architecture architecture, int latentDim) {
        assertThat(architecture.latentDim()).as(who + " latentDim").isEqualTo(latentDim);
        InputShape shape = new InputShape(1, 28, 28);
        SameDiff sd = SameDiff.create();
        Network network = architecture.build(sd, shape, 7);
        SDVariable x = sd.var("x", random(new SplittableRandom(4), 2, shape.size(), 0, 1).castTo(DataType.FLOAT));
        Network.Encoded encoded = network.encode(x);
        INDArray mu = encoded.mu().eval();
        INDArray logVar = encoded.logVar().eval();
        assertThat(mu.shape()).as(who + " mu shape").containsExactly(2L, latentDim);
        assertThat(logVar.shape()).as(who + " logVar shape").containsExactly(2L, latentDim);
        INDArray logits = network.decode(encoded.mu()).eval();
        assertThat(logits.shape()).as(who + " decoder output shape").containsExactly(2L, (long) shape.size());
        assertThat(logits.sumNumber().doubleValue()).as(who + " decoder output is finite").isFinite();
    }

    /** The norms an attack's budget can be in, by the JSON names of a spec's {@code norm} key. */
    enum BudgetNorm {
        LINF, L2;

        double of(double[] row) {
            double acc = 0;
            for (double v : row) {
                acc = this == LINF ? Math.max(acc, Math.abs(v)) : acc + v * v;
            }
            return this == LINF ? acc : Math.sqrt(acc);
        }
    }

    /** Slack on the budget: float32 attacks round x + e once more than the budget check does. */
    static final double BUDGET_TOLERANCE = 1e-6;

    /**
     * The attack checks alone, for one spec: on a tiny batch of the {@link ToyAutoEncoder} the result has
     * the batch's shape, a finite objective, norm and steps per example; every {@code x + e} lies in
     * [0, 1] and within the budget in the spec's norm ({@code "norm": "l2"} or linf, the default for
     * specs without a {@code norm} key), and the reported norms are those of e; the same seed gives the
     * same result; budget 0 returns the input unchanged with norm 0; the input is never modified.
     * The attack gets a {@link ToyHead} as the evaluator's classifier head, so classifier-aware attacks run too.
     * {@link #verify} runs it for the default spec and, for specs with a {@code norm} key, for both norms.
     */
    public static void verifyAttack(String who, Attack attack, Spec spec) {
        BudgetNorm norm = budgetNorm(who, spec);
        who = who + " [" + norm.name().toLowerCase(java.util.Locale.ROOT) + "]";
        ToyAutoEncoder model = new ToyAutoEncoder(16, 8, 3, 5);
        INDArray x = random(new SplittableRandom(6), 4, 16, 0, 1);
        int[] labels = {0, 1, 0, 1};
        INDArray before = x.dup();
        double budget = norm == BudgetNorm.LINF ? 0.1 : 0.5;
        ToyHead head = new ToyHead(3, 4, 2, 7);
        AttackResult result = attack.run(model, head, x, labels, budget, 11);
        assertThat(result.adversarial().shape()).as(who + " adversarial shape").containsExactly(4L, 16L);
        assertThat(result.objective()).as(who + " objective per example").hasSize(4);
        assertThat(result.norm()).as(who + " norm per example").hasSize(4);
        assertThat(result.steps()).as(who + " steps per example").hasSize(4);
        for (double value : result.objective()) {
            assertThat(value).as(who + " objective is finite").isFinite();
        }
        assertThat(result.adversarial().minNumber().doubleValue()).as(who + " x+e >= 0").isGreaterThanOrEqualTo(0.0);
        assertThat(result.adversarial().maxNumber().doubleValue()).as(who + " x+e <= 1").isLessThanOrEqualTo(1.0);
        double[][] e = result.adversarial().castTo(DataType.DOUBLE).sub(x).toDoubleMatrix();
        for (int i = 0; i < e.length; i++) {
            double measured = norm.of(e[i]);
            assertThat(measured).as(who + " ||e|| <= budget " + budget + " for example " + i)
                    .isLessThanOrEqualTo(budget + BUDGET_TOLERANCE);
            assertThat(result.norm()[i]).as(who + " reported norm of example " + i + " is ||e||")
                    .isCloseTo(measured, org.assertj.core.api.Assertions.within(BUDGET_TOLERANCE));
        }
        assertThat(x).as(who + " leaves its input alone").isEqualTo(before);

        AttackResult again = attack.run(model, head, x, labels, budget, 11);
        assertThat(again.adversarial()).as(who + " same seed, same adversarial").isEqualTo(result.adversarial());
        assertThat(again.objective()).as(who + " same seed, same objective").containsExactly(result.objective());
        assertThat(again.norm()).as(who + " same seed, same norm").containsExactly(result.norm());
        assertThat(again.steps()).as(who + " same seed, same steps").containsExactly(result.steps());

        AttackResult zero = attack.run(model, head, x, labels, 0.0, 11);
        assertThat(zero.adversarial().castTo(DataType.DOUBLE)).as(who + " budget 0 returns the input unchanged").isEqualTo(x);
        assertThat(zero.norm()).as(who + " budget 0 has norm 0").containsOnly(0.0);
        assertThat(x).as(who + " leaves its input alone").isEqualTo(before);
    }

    /** The spec's {@code norm} key ({@code "linf"} or {@code "l2"}), linf if it has none. */
    private static BudgetNorm budgetNorm(String who, Spec spec) {
        Object value = normKey(spec);
        if (value == null) {
            return BudgetNorm.LINF;
        }
        return switch (value.toString()) {
            case "linf" -> BudgetNorm.LINF;
            case "l2" -> BudgetNorm.L2;
            default -> throw new AssertionError(who + ": the contract checks budgets in \"linf\" or \"l2\", not \""
                    + value + "\"");
        };
    }

    private static Object normKey(Spec spec) {
        if (spec == null || !spec.getClass().isRecord()) {
            return null;
        }
        for (java.lang.reflect.RecordComponent c : spec.getClass().getRecordComponents()) {
            if (c.getName().equals("norm")) {
                try {
                    return c.getAccessor().invoke(spec);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot read " + spec.getClass().getName() + ".norm()", e);
                }
            }
        }
        return null;
    }

    /** The spec with its {@code norm} key set to each of linf and l2 (through JSON), or just the spec. */
    private static List<Spec> withEachNorm(Spec spec, ObjectMapper mapper, Class<? extends Spec> base) throws Exception {
        if (normKey(spec) == null) {
            return List.of(spec);
        }
        List<Spec> specs = new ArrayList<>();
        for (String norm : List.of("linf", "l2")) {
            com.fasterxml.jackson.databind.node.ObjectNode tree =
                    (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(mapper.writerFor(base).writeValueAsString(spec));
            tree.put("norm", norm);
            Spec variant = mapper.treeToValue(tree, base);
            if (variant.validate().isEmpty()) {
                specs.add(variant);
            }
        }
        return specs;
    }

    private static void checkModelSource(String who, PretrainedModel model) {
        int n = model.inputSize();
        int k = model.latentDim();
        INDArray x = random(new SplittableRandom(8), 3, n, 0, 1).castTo(DataType.FLOAT);
        INDArray before = x.dup();
        Posterior q = model.encode(x);
        assertThat(q.mu().shape()).as(who + " mu shape").containsExactly(3L, k);
        assertThat(q.logVar().shape()).as(who + " logVar shape").containsExactly(3L, k);
        assertThat(q.mu().sumNumber().doubleValue() + q.logVar().sumNumber().doubleValue()).as(who + " posterior is finite").isFinite();
        INDArray g = model.inputGradient(x, Nd4j.onesLike(q.mu()), Nd4j.zerosLike(q.logVar()));
        assertThat(g.shape()).as(who + " input gradient shape").containsExactly(3L, (long) n);
        assertThat(g.norm2Number().doubleValue()).as(who + " input gradient is finite and not all zero").isFinite().isPositive();
        assertThat(x).as(who + " leaves its input alone").isEqualTo(before);
        if (model.hasDecoder()) {
            INDArray mean = model.decoder().decode(q.mu());
            assertThat(mean.shape()).as(who + " decoder output shape").containsExactly(3L, (long) n);
            assertThat(mean.minNumber().doubleValue()).as(who + " decoder mean >= 0").isGreaterThanOrEqualTo(0.0);
            assertThat(mean.maxNumber().doubleValue()).as(who + " decoder mean <= 1").isLessThanOrEqualTo(1.0);
        } else {
            assertThatThrownBy(model::decoder).as(who + " decoder() without a decoder").isInstanceOf(RuntimeException.class);
        }
        assertThat(model.files()).as(who + " names its files").isNotEmpty()
                .allSatisfy(f -> assertThat(f.sha256()).as(who + " SHA-256 of " + f.path()).matches("[0-9a-f]{64}"));
    }

    private static void checkDataset(String who, Dataset dataset) {
        for (LabeledData split : List.of(dataset.train(), dataset.test())) {
            assertThat(split.size()).as(who + " split is not empty").isPositive();
            assertThat(split.features().minNumber().doubleValue()).as(who + " features >= 0").isGreaterThanOrEqualTo(0.0);
            assertThat(split.features().maxNumber().doubleValue()).as(who + " features <= 1").isLessThanOrEqualTo(1.0);
            assertThat(java.util.Arrays.stream(split.labels()).allMatch(l -> l >= 0 && l < split.numClasses()))
                    .as(who + " labels in [0, numClasses)").isTrue();
        }
        assertThat(dataset.description()).as(who + " description").isNotBlank();
    }
}

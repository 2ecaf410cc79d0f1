package org.raven.eval.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.raven.api.PluginContext;
import org.raven.api.RandomStreams;
import org.raven.api.arch.Architecture;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackResult;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.PretrainedModel;
import org.raven.api.data.Dataset;
import org.raven.api.data.LabeledData;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;
import org.raven.attacks.BatchedAttacks;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.fast.FusedInference;
import org.raven.core.train.Trainer;
import org.raven.core.train.TrainingResult;
import org.raven.eval.Plugins;
import org.raven.eval.report.Tsne;
import org.raven.eval.spec.ClassifierSpec;
import org.raven.eval.spec.EvaluationSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes one cell with raven-core's {@link Vae} and {@link Trainer}: train (or resume or reuse the
 * cell's checkpoint), freeze, encode the clean training data, train the latent classifier, attack the
 * first {@code testPoints} test examples at every budget in batches of 128, and embed test pairs with
 * t-SNE when asked. Every random draw comes from {@code new RandomStreams(seed).child(model)}.
 */
public final class VaeCellRunner implements CellRunner {

    private static final Logger LOG = LoggerFactory.getLogger(VaeCellRunner.class);

    /** Attack batch size, as in the paper's evaluation code. */
    public static final int ATTACK_BATCH = 128;
    static final String CHECKPOINTS = "checkpoints";
    static final String TRAINING_KEY = "training-key.txt";
    private static final int TSNE_ITERATIONS = 1000;
    /** The streams' name under common random numbers (no model may be called this: names are ids, never empty). */
    static final String COMMON_STREAMS = "";

    private final ObjectMapper mapper;
    private final Plugins plugins;
    private final PluginContext context;
    private final DatasetCache datasets;

    @Inject
    public VaeCellRunner(ObjectMapper mapper, Plugins plugins, PluginContext context, DatasetCache datasets) {
        this.mapper = mapper;
        this.plugins = plugins;
        this.context = context;
        this.datasets = datasets;
    }

    @Override
    public CellResult run(Path dir) {
        CellSpec.File file;
        try {
            file = mapper.readValue(dir.resolve(CellStore.CELL_FILE).toFile(), CellSpec.File.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CellStore.CELL_FILE) + ": " + e.getMessage(), e);
        }
        CellSpec cell = file.cell();
        String key = cell.key();
        Instant start = Instant.now();
        RandomStreams streams = cellStreams(cell);
        Dataset data = datasets.get(cell.dataset());
        if (cell.pretrained() != null) {
            return runPretrained(file, cell, data, streams, start);
        }

        Architecture architecture = plugins.create(cell.architecture(), context);
        // createFor checks what depends on the latent size (a per-dimension parameter's length) and names the prior
        Prior prior = ((PriorProvider<?>) plugins.providerOf(cell.prior())).createFor(cell.prior(), architecture.latentDim(),
                context);
        NoiseModel noise = cell.noise() == null ? null : plugins.create(cell.noise(), context);
        VaeConfig config = new VaeConfig(architecture, prior, noise, cell.likelihood(), cell.beta(), data.train().shape());
        Vae vae = Vae.create(config, streams.seed("init"));

        long t0 = System.nanoTime();
        Path checkpoints = prepareCheckpoints(dir, file.trainingHash());
        LOG.info("{}: training {} ({} mode, {} parameters, {} epochs)", key, cell.model(), vae.mode(),
                vae.parameterCount(), cell.training().epochs());
        // Checkpoints record who wrote them; a resumed or reused model reports that below (provenance.training).
        TrainingResult trained = new Trainer(engine -> CellProvenance.capture(plugins, data, engine).toJson())
                .fit(vae, data.train(), cell.training(), streams.child("train"), checkpoints, file.trainingHash(), null);
        boolean reused = trained.resumedFrom() >= cell.training().epochs();
        if (reused) {
            LOG.info("{}: reused the finished checkpoint in {}", key, checkpoints);
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        // Frozen from here on: the fused view encodes and differentiates an mlp several times faster.
        Evaluated e = evaluate(key, FusedInference.view(vae), vae.latentDim(), vae::reconstruct, data, cell, streams,
                test -> vae.evaluate(test, null, streams.seed("clean-bound")).bound());
        double evalSeconds = (System.nanoTime() - t1) / 1e9;

        List<EpochMetrics> history = trained.epochs().stream().map(EpochMetrics::of).toList();
        return new CellResult(cell.datasetId(), cell.model(), cell.seed(), file.hash(), e.cleanAccuracy(), e.cleanBound(),
                e.cleanMse(), e.budgets(), history, e.embedding(),
                new CellTimings(start.toString(), Instant.now().toString(), trainSeconds, evalSeconds, reused),
                trained.engine(), null, e.objective()).withProvenance(CellProvenance.capture(plugins, data, trained.engine())
                .withTraining(trained.resumedProvenance()));
    }

    /**
     * A model trained elsewhere: load it (checking that it fits the dataset), then the same evaluation as a trained
     * cell. Its bound is not known (NaN): the prior and likelihood it was trained with are not ours to assume. Without
     * a decoder the reconstruction errors are NaN too; the attacks only need the encoder.
     */
    private CellResult runPretrained(CellSpec.File file, CellSpec cell, Dataset data, RandomStreams streams, Instant start) {
        String key = cell.key();
        PretrainedModel model = plugins.create(cell.pretrained(), context);
        model.incompatibility(data.train().shape()).ifPresent(why -> {
            throw new IllegalArgumentException("model '" + cell.model() + "': " + why);
        });
        LOG.info("{}: evaluating pretrained {}", key, model);
        long t1 = System.nanoTime();
        UnaryOperator<INDArray> reconstruct = model.hasDecoder() ? x -> model.decoder().decode(model.encode(x).mu()) : null;
        Evaluated e = evaluate(key, model, model.latentDim(), reconstruct, data, cell, streams, test -> Double.NaN);
        double evalSeconds = (System.nanoTime() - t1) / 1e9;
        List<ModelFile> files = model.files().stream()
                .map(f -> new ModelFile(f.role(), f.path().toString(), f.sha256())).toList();
        return new CellResult(cell.datasetId(), cell.model(), cell.seed(), file.hash(), e.cleanAccuracy(), e.cleanBound(),
                e.cleanMse(), e.budgets(), List.of(), e.embedding(),
                new CellTimings(start.toString(), Instant.now().toString(), 0, evalSeconds, false), "pretrained", files,
                e.objective()).withProvenance(CellProvenance.capture(plugins, data, "pretrained"));
    }

    /** What {@link #evaluate} computes for a frozen model. */
    private record Evaluated(double cleanAccuracy, double cleanBound, double cleanMse, List<BudgetResult> budgets,
                             Embedding embedding, String objective) {
    }

    /**
     * Encodes the clean training data, trains the latent classifier on mu, attacks the first {@code testPoints} test
     * examples at every budget and embeds test pairs when asked. {@code reconstruct} is null without a decoder.
     */
    private Evaluated evaluate(String key, AutoEncoder model, int latentDim, UnaryOperator<INDArray> reconstruct,
            Dataset data, CellSpec cell, RandomStreams streams, ToDoubleFunction<LabeledData> cleanBound) {
        EvaluationSpec eval = cell.evaluation();
        ClassifierSpec cs = eval.classifier();
        LabeledData train = data.train();
        INDArray trainMu = model.encode(train.features()).mu();
        LatentClassifier classifier = LatentClassifier.train(trainMu, train.labels(), train.numClasses(),
                cs.hiddenFor(latentDim), cs.epochs(), cs.learningRate(), cs.batchSize(),
                streams.seed("classifier"));

        LabeledData test = rows(data.test(), eval.testIndices(data.test().size()));
        INDArray x = test.features().castTo(trainMu.dataType());
        int[] labels = test.labels();
        double cleanAccuracy = classifier.accuracy(model.encode(x).mu(), labels);
        double bound = cleanBound.applyAsDouble(test);
        double cleanMse = reconstruct == null ? Double.NaN : mse(reconstruct.apply(x), x);
        LOG.info("{}: clean accuracy {}, bound {}, recon mse {}", key, f(cleanAccuracy), f(bound), f(cleanMse));

        Attack attack = plugins.create(eval.attack(), context);
        RandomStreams attackStreams = streams.child("attack");
        List<BudgetResult> budgets = new ArrayList<>();
        for (int b = 0; b < eval.budgets().size(); b++) {
            double budget = eval.budgets().get(b);
            long tb = System.nanoTime();
            budgets.add(attack(reconstruct, model, classifier, attack, x, labels, budget, attackStreams.child("budget-" + b)));
            BudgetResult r = budgets.get(b);
            LOG.info("{}: budget {} ({}/{}): accuracy {}, attack objective {}, recon mse {} ({} s)", key, budget, b + 1,
                    eval.budgets().size(), f(r.accuracy()), f(r.attackObjective()), f(r.reconMse()),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - tb) / 1e9));
        }

        Embedding embedding = null;
        if (cell.embed() && eval.tsnePoints() > 0) {
            embedding = embed(model, data.test(), eval, cell, streams);
            LOG.info("{}: t-SNE of {} points done", key, embedding.size());
        }
        return new Evaluated(cleanAccuracy, bound, cleanMse, budgets, embedding, attack.objective());
    }

    /**
     * The cell's randomness: {@code new RandomStreams(seed).child(model)}, or under
     * {@code training.commonRandomNumbers} one set of streams per seed shared by every model (initial weights,
     * training draws, classifier, attacks), so model differences are paired.
     */
    static RandomStreams cellStreams(CellSpec cell) {
        RandomStreams root = new RandomStreams(cell.seed());
        return cell.training() != null && cell.training().commonRandomNumbers() ? root.child(COMMON_STREAMS)
                : root.child(cell.model());
    }

    /** Mean squared error per value between {@code a} and {@code b}. */
    private static double mse(INDArray a, INDArray b) {
        INDArray diff = a.castTo(b.dataType()).sub(b);
        return diff.mul(diff).sumNumber().doubleValue() / ((double) b.size(0) * b.size(1));
    }

    /**
     * Attacks {@code x} in batches; accuracy on mu of the attacked inputs, mean objective, recon MSE vs clean x (NaN
     * when {@code reconstruct} is null: no decoder).
     */
    static BudgetResult attack(UnaryOperator<INDArray> reconstruct, AutoEncoder model, LatentClassifier classifier,
            Attack attack, INDArray x, int[] labels, double budget, RandomStreams streams) {
        int n = labels.length;
        AttackResult r = BatchedAttacks.run(attack, model, x, labels, budget, streams.root(), ATTACK_BATCH);
        INDArray adv = r.adversarial().castTo(x.dataType());
        double objective = 0;
        for (double o : r.objective()) {
            objective += o;
        }
        double accuracy = classifier.accuracy(model.encode(adv).mu(), labels);
        double mse = reconstruct == null ? Double.NaN : mse(reconstruct.apply(adv), x);
        return new BudgetResult(budget, accuracy, objective / n, mse);
    }

    private Embedding embed(AutoEncoder model, LabeledData testData, EvaluationSpec eval, CellSpec cell,
            RandomStreams streams) {
        LabeledData test = head(testData, eval.tsnePoints());
        int n = test.size();
        INDArray x = test.features();
        INDArray muClean = model.encode(x).mu();
        INDArray muNoisy = null;
        String noiseId = null;
        if (cell.tsneNoise() != null) {
            NoiseModel noise = plugins.create(cell.tsneNoise(), context);
            INDArray xNoisy = noise.augment(x, test.shape(), x.ulike(), streams.stream("tsne-noise"));
            muNoisy = model.encode(xNoisy).mu();
            noiseId = plugins.providerOf(cell.tsneNoise()).id();
        }
        int rows = muNoisy == null ? n : 2 * n;
        double[][] points = new double[rows][];
        int[] label = new int[rows];
        boolean[] noisy = new boolean[rows];
        double[][] clean = muClean.toDoubleMatrix();
        double[][] other = muNoisy == null ? null : muNoisy.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            points[i] = clean[i];
            label[i] = test.labels()[i];
            if (other != null) {
                points[n + i] = other[i];
                label[n + i] = test.labels()[i];
                noisy[n + i] = true;
            }
        }
        double[][] y = Tsne.embed(points, eval.tsnePerplexity(), TSNE_ITERATIONS, streams.seed("tsne"));
        double[] ex = new double[rows];
        double[] ey = new double[rows];
        for (int i = 0; i < rows; i++) {
            ex[i] = y[i][0];
            ey[i] = y[i][1];
        }
        return new Embedding(noiseId, ex, ey, label, noisy);
    }

    /** The examples at {@code indices} (all of them when that is every index in order). */
    static LabeledData rows(LabeledData data, int[] indices) {
        if (indices.length == data.size()) {
            return data;
        }
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.labels()[indices[i]];
        }
        return new LabeledData(data.features().getRows(indices), labels, data.shape(), data.numClasses());
    }

    /** The first {@code count} examples (all when there are fewer). */
    static LabeledData head(LabeledData data, int count) {
        int n = Math.min(count, data.size());
        if (n == data.size()) {
            return data;
        }
        INDArray features = data.features().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
        return new LabeledData(features, Arrays.copyOf(data.labels(), n), data.shape(), data.numClasses());
    }

    /**
     * The cell's checkpoint folder, emptied first when it holds checkpoints of other training
     * settings (the trainer itself only checks the seed and optimiser settings).
     */
    static Path prepareCheckpoints(Path dir, String trainingHash) {
        Path checkpoints = dir.resolve(CHECKPOINTS);
        Path keyFile = checkpoints.resolve(TRAINING_KEY);
        try {
            if (Files.isDirectory(checkpoints)) {
                String existing = Files.exists(keyFile) ? Files.readString(keyFile).trim() : "";
                if (!existing.equals(trainingHash)) {
                    LOG.warn("{}: the checkpoints in {} are of other training settings; discarding them", dir.getFileName(),
                            checkpoints);
                    try (Stream<Path> files = Files.list(checkpoints)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
            Files.createDirectories(checkpoints);
            org.raven.eval.io.AtomicFiles.writeString(keyFile, trainingHash + "\n");
            return checkpoints;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + checkpoints + ": " + e.getMessage(), e);
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

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
import org.raven.api.defence.InferenceProcedure;
import org.raven.api.defence.ShiftCertificate;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.PretrainedModel;
import org.raven.api.data.Dataset;
import org.raven.api.data.LabeledData;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.api.prior.PriorProvider;
import org.raven.attacks.BatchedAttacks;
import org.raven.attacks.EnsembleAttack;
import org.raven.attacks.Reliability;
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
 * t-SNE when asked. A model's training defence is part of its config (the trainer applies it); its inference
 * procedure wraps the frozen encoder, so the classifier, the attacks and the reconstructions all see the corrected
 * code; a defence with a certificate gets its bound reported beside the measured shift of mu per budget. Every random draw comes from {@code new RandomStreams(seed).child(model)}.
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
        return run(dir, CellListener.NONE);
    }

    @Override
    public CellResult run(Path dir, CellListener phases) {
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
        phases.phaseEnded("dataset load");
        if (cell.pretrained() != null) {
            return runPretrained(file, cell, data, streams, start, phases);
        }

        Architecture architecture = plugins.create(cell.architecture(), context);
        // createFor checks what depends on the latent size (a per-dimension parameter's length) and names the prior
        Prior prior = ((PriorProvider<?>) plugins.providerOf(cell.prior())).createFor(cell.prior(), architecture.latentDim(),
                context);
        NoiseModel noise = cell.noise() == null ? null : plugins.create(cell.noise(), context);
        TrainingDefence defence = cell.defence() == null ? null : plugins.create(cell.defence(), context);
        VaeConfig config = new VaeConfig(architecture, prior, noise, cell.likelihood(), cell.beta(), data.train().shape(),
                defence);
        Vae vae = Vae.create(config, streams.seed("init"));
        phases.phaseEnded("model build");

        long t0 = System.nanoTime();
        Path checkpoints = prepareCheckpoints(dir, file.trainingHash());
        LOG.info("{}: training {} ({} mode, {} parameters, {} epochs)", key, cell.model(), vae.mode(),
                vae.parameterCount(), cell.training().epochs());
        // Checkpoints record who wrote them; a resumed or reused model reports that below (provenance.training).
        TrainingResult trained = new Trainer(engine -> CellProvenance.capture(plugins, data, engine).toJson())
                .fit(vae, data.train(), cell.training(), streams.child("train"), checkpoints, file.trainingHash(),
                        phases.training());
        boolean reused = trained.resumedFrom() >= cell.training().epochs();
        if (reused) {
            LOG.info("{}: reused the finished checkpoint in {}", key, checkpoints);
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        phases.phaseEnded("training wrap-up");

        long t1 = System.nanoTime();
        // Frozen from here on: the fused view encodes and differentiates an mlp several times faster.
        AutoEncoder frozen = FusedInference.view(vae);
        UnaryOperator<INDArray> reconstruct = vae::reconstruct;
        InferenceProcedure.Corrected corrected = null;
        if (cell.inference() != null) {
            InferenceProcedure procedure = plugins.create(cell.inference(), context);
            corrected = procedure.wrap(frozen, FusedInference.target(vae), streams.seed("inference"));
            frozen = corrected;
            InferenceProcedure.Corrected c = corrected;
            reconstruct = x -> vae.decoder().decode(c.encode(x).mu()); // the decoder at the code the classifier sees
        }
        // A certificate bounds the encoder's mu; with an inference procedure the classifier sees another code.
        ShiftCertificate certificate = defence instanceof ShiftCertificate sc && corrected == null ? sc : null;
        Evaluated e = evaluate(key, frozen, vae.latentDim(), reconstruct, data, cell, streams,
                test -> vae.evaluate(test, null, streams.seed("clean-bound")).bound(),
                certificate == null ? null : (budget, norm) -> certificate.muShiftBound(vae.weights(), vae.inputSize(), budget, norm),
                phases);
        double evalSeconds = (System.nanoTime() - t1) / 1e9;
        DefenceReport report = null;
        if (defence != null || corrected != null) {
            report = new DefenceReport(cell.defence() == null ? null : plugins.providerOf(cell.defence()).id(),
                    corrected == null ? null : plugins.providerOf(cell.inference()).id(),
                    corrected == null ? null : corrected.gradient(),
                    corrected == null ? null : corrected.diagnostics(), e.shifts());
            if (corrected != null) {
                LOG.info("{}: {} diagnostics {}", key, report.inference(), corrected.diagnostics());
            }
        }

        List<EpochMetrics> history = trained.epochs().stream().map(EpochMetrics::of).toList();
        return new CellResult(cell.datasetId(), cell.model(), cell.seed(), file.hash(), e.cleanAccuracy(), e.cleanBound(),
                e.cleanMse(), e.budgets(), history, e.embedding(),
                new CellTimings(start.toString(), Instant.now().toString(), trainSeconds, evalSeconds, reused),
                trained.engine(), null, e.objective(), e.ensemble(), e.warnings(), report)
                .withProvenance(CellProvenance.capture(plugins, data, trained.engine()).withTraining(trained.resumedProvenance()));
    }

    /** The certified mu-shift bound of a defence for a budget in the attack's norm. */
    interface ShiftBound {
        double at(double budget, String norm);
    }

    /**
     * A model trained elsewhere: load it (checking that it fits the dataset), then the same evaluation as a trained
     * cell. Its bound is not known (NaN): the prior and likelihood it was trained with are not ours to assume. Without
     * a decoder the reconstruction errors are NaN too; the attacks only need the encoder.
     */
    private CellResult runPretrained(CellSpec.File file, CellSpec cell, Dataset data, RandomStreams streams, Instant start,
                                     CellListener phases) {
        String key = cell.key();
        PretrainedModel model = plugins.create(cell.pretrained(), context);
        model.incompatibility(data.train().shape()).ifPresent(why -> {
            throw new IllegalArgumentException("model '" + cell.model() + "': " + why);
        });
        LOG.info("{}: evaluating pretrained {}", key, model);
        long t1 = System.nanoTime();
        UnaryOperator<INDArray> reconstruct = model.hasDecoder() ? x -> model.decoder().decode(model.encode(x).mu()) : null;
        Evaluated e = evaluate(key, model, model.latentDim(), reconstruct, data, cell, streams, test -> Double.NaN, null,
                phases);
        double evalSeconds = (System.nanoTime() - t1) / 1e9;
        List<ModelFile> files = model.files().stream()
                .map(f -> new ModelFile(f.role(), f.path().toString(), f.sha256())).toList();
        return new CellResult(cell.datasetId(), cell.model(), cell.seed(), file.hash(), e.cleanAccuracy(), e.cleanBound(),
                e.cleanMse(), e.budgets(), List.of(), e.embedding(),
                new CellTimings(start.toString(), Instant.now().toString(), 0, evalSeconds, false), "pretrained", files,
                e.objective(), e.ensemble(), e.warnings(), null).withProvenance(CellProvenance.capture(plugins, data, "pretrained"));
    }

    /** What {@link #evaluate} computes for a frozen model. */
    private record Evaluated(double cleanAccuracy, double cleanBound, double cleanMse, List<BudgetResult> budgets,
                             Embedding embedding, String objective, String ensemble, List<String> warnings,
                             List<DefenceReport.Shift> shifts) {
    }

    /**
     * Encodes the clean training data, trains the latent classifier on mu, attacks the first {@code testPoints} test
     * examples at every budget and embeds test pairs when asked. {@code reconstruct} is null without a decoder.
     */
    private Evaluated evaluate(String key, AutoEncoder model, int latentDim, UnaryOperator<INDArray> reconstruct,
            Dataset data, CellSpec cell, RandomStreams streams, ToDoubleFunction<LabeledData> cleanBound,
            ShiftBound certified, CellListener phases) {
        EvaluationSpec eval = cell.evaluation();
        ClassifierSpec cs = eval.classifier();
        LabeledData train = data.train();
        INDArray trainMu = model.encode(train.features()).mu();
        LatentClassifier classifier = LatentClassifier.train(trainMu, train.labels(), train.numClasses(),
                cs.hiddenFor(latentDim), cs.epochs(), cs.learningRate(), cs.batchSize(),
                streams.seed("classifier"));
        phases.phaseEnded("latent classifier (encode the training set, fit)");

        LabeledData test = rows(data.test(), eval.testIndices(data.test().size()));
        INDArray x = test.features().castTo(trainMu.dataType());
        int[] labels = test.labels();
        double cleanAccuracy = classifier.accuracy(model.encode(x).mu(), labels);
        phases.phaseEnded("clean accuracy");
        double bound = cleanBound.applyAsDouble(test);
        phases.phaseEnded("clean bound");
        double cleanMse = reconstruct == null ? Double.NaN : mse(reconstruct.apply(x), x);
        phases.phaseEnded("clean reconstruction");
        LOG.info("{}: clean accuracy {}, bound {}, recon mse {}", key, f(cleanAccuracy), f(bound), f(cleanMse));

        Attack attack = plugins.create(eval.attack(), context);
        RandomStreams attackStreams = streams.child("attack");
        AttackMetrics metrics = new AttackMetrics(model, reconstruct == null ? null : model.decoder(), reconstruct,
                adv -> cleanBound.applyAsDouble(new LabeledData(adv, labels, test.shape(), test.numClasses())),
                eval.robustnessRadius(), x);
        List<BudgetResult> budgets = new ArrayList<>();
        List<String> redrawn = new ArrayList<>();
        List<DefenceReport.Shift> shifts = new ArrayList<>();
        String norm = certified == null ? null : mapper.valueToTree(eval.attack()).path("norm").asText("linf");
        INDArray cleanMu = certified == null ? null : model.encode(x).mu().dup();
        for (int b = 0; b < eval.budgets().size(); b++) {
            double budget = eval.budgets().get(b);
            long tb = System.nanoTime();
            INDArray[] adversarial = new INDArray[1];
            budgets.add(attack(metrics, reconstruct, model, classifier, attack, x, labels, budget,
                    attackStreams.child("budget-" + b), adversarial, redrawn));
            BudgetResult r = budgets.get(b);
            if (certified != null) {
                INDArray shift = model.encode(adversarial[0]).mu().castTo(cleanMu.dataType()).sub(cleanMu).norm2(1);
                shifts.add(new DefenceReport.Shift(budget, shift.maxNumber().doubleValue(), shift.meanNumber().doubleValue(),
                        certified.at(budget, norm)));
                LOG.info("{}: budget {}: mu shift max {} mean {}, certified bound {}", key, budget,
                        f(shifts.get(b).maxShift()), f(shifts.get(b).meanShift()), f(shifts.get(b).certified()));
            }
            LOG.info("{}: budget {} ({}/{}): accuracy {}, attack objective {}, SKL {}, mu shift {}, recon mse {} ({} s)",
                    key, budget, b + 1, eval.budgets().size(), f(r.accuracy()), f(r.attackObjective()), f(r.skl()),
                    f(r.muShift()), f(r.reconMse()), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - tb) / 1e9));
            phases.phaseEnded("attack, budget " + budget);
        }
        List<String> warnings = new ArrayList<>(warnings(budgets, labels.length,
                Reliability.maskedGradientShare(model, classifier, x, labels, ATTACK_BATCH)));
        warnings.addAll(redrawn);
        warnings.forEach(w -> LOG.warn("{}: evaluation may be unreliable: {}", key, w));
        phases.phaseEnded("reliability checks");

        Embedding embedding = null;
        if (cell.embed() && eval.tsnePoints() > 0) {
            embedding = embed(model, data.test(), eval, cell, streams);
            LOG.info("{}: t-SNE of {} points done", key, embedding.size());
            phases.phaseEnded("t-SNE");
        }
        return new Evaluated(cleanAccuracy, bound, cleanMse, budgets, embedding, attack.objective(),
                attack instanceof EnsembleAttack ? EnsembleAttack.VERSION : null, warnings, shifts);
    }

    /** The reliability flags of one cell's budgets, as one line each. */
    static List<String> warnings(List<BudgetResult> budgets, int points, double maskedShare) {
        List<Reliability.BudgetCheck> checks = new ArrayList<>();
        for (BudgetResult r : budgets) {
            int noiseOnly = -1;
            double best = Double.NaN;
            if (r.members() != null) {
                noiseOnly = 0;
                for (BudgetResult.MemberResult m : r.members()) {
                    noiseOnly += m.name().equals(EnsembleAttack.NOISE_MEMBER) ? m.broken() : 0;
                    best = Double.isNaN(best) ? m.accuracy() : Math.min(best, m.accuracy());
                }
            }
            checks.add(new Reliability.BudgetCheck(r.budget(), r.accuracy(), noiseOnly, best));
        }
        return Reliability.flags(checks, points, maskedShare).stream().map(Reliability.Flag::toString).toList();
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
     * Attacks {@code x} in batches, giving the attack the classifier as its head (classifier-aware attacks and the
     * ensemble use it); accuracy on mu of the attacked inputs, mean objective, recon MSE vs clean x (NaN when
     * {@code reconstruct} is null: no decoder) and the {@link AttackMetrics}. The ensemble also reports its members.
     */
    static BudgetResult attack(AttackMetrics metrics, UnaryOperator<INDArray> reconstruct, AutoEncoder model,
            LatentClassifier classifier, Attack attack, INDArray x, int[] labels, double budget, RandomStreams streams) {
        return attack(metrics, reconstruct, model, classifier, attack, x, labels, budget, streams, new INDArray[1]);
    }

    /** {@link #attack} that also hands out the adversarial inputs in {@code adversarial[0]}. */
    static BudgetResult attack(AttackMetrics metrics, UnaryOperator<INDArray> reconstruct, AutoEncoder model,
            LatentClassifier classifier, Attack attack, INDArray x, int[] labels, double budget, RandomStreams streams,
            INDArray[] adversarial) {
        return attack(metrics, reconstruct, model, classifier, attack, x, labels, budget, streams, adversarial, null);
    }

    /** {@link #attack} that also adds a {@link Reliability#REDRAW_FLATTERS} flag, if raised, to {@code redrawn}. */
    static BudgetResult attack(AttackMetrics metrics, UnaryOperator<INDArray> reconstruct, AutoEncoder model,
            LatentClassifier classifier, Attack attack, INDArray x, int[] labels, double budget, RandomStreams streams,
            INDArray[] adversarial, List<String> redrawn) {
        int n = labels.length;
        AttackResult r;
        List<BudgetResult.MemberResult> members = null;
        int[] brokenBy = null;
        double worstCase = Double.NaN;
        if (attack instanceof EnsembleAttack ensemble) {
            EnsembleAttack.Outcome o = ensemble.evaluate(model, classifier, x, labels, budget, streams.root());
            r = o.result();
            worstCase = o.accuracy();
            brokenBy = o.brokenBy();
            int[] counts = o.brokenCounts();
            members = new ArrayList<>();
            for (int m = 0; m < o.memberAccuracy().length; m++) {
                members.add(new BudgetResult.MemberResult(o.sources().get(m + 1), o.memberAccuracy()[m], counts[m + 1]));
            }
        } else {
            r = BatchedAttacks.run(attack, model, classifier, x, labels, budget, streams.root(), ATTACK_BATCH);
        }
        INDArray adv = r.adversarial().castTo(x.dataType());
        adversarial[0] = adv;
        double objective = 0;
        for (double o : r.objective()) {
            objective += o;
        }
        double encodedAgain = classifier.accuracy(model.encode(adv).mu(), labels);
        // The ensemble's accuracy is its per-point worst case: for a random code (a test-time chain) one more draw
        // would count points a member broke under another draw as robust.
        double accuracy = Double.isNaN(worstCase) ? encodedAgain : worstCase;
        if (redrawn != null) {
            Reliability.redraw(budget, worstCase, encodedAgain, n).ifPresent(f -> redrawn.add(f.toString()));
        }
        double mse = reconstruct == null ? Double.NaN : mse(reconstruct.apply(adv), x);
        return metrics.measure(budget, accuracy, objective / n, mse, adv, streams.stream("r-robustness"), members, brokenBy);
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

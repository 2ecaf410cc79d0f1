package org.raven.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.Problem;
import org.raven.api.RandomStreams;
import org.raven.api.data.LabeledData;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.WeightConstraint;
import org.raven.api.noise.NoiseModel;
import org.raven.core.NonFiniteException;
import org.raven.core.Rows;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.WeightIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Vae} with Adam on minibatches, shuffled per epoch.
 *
 * <p>Randomness: the held-out split comes from {@code streams.stream("validation-split")}; epoch
 * {@code e} draws its shuffle, eps and pixel noise from {@code streams.child("epoch-" + e)} (streams
 * {@code shuffle}, {@code eps}, {@code noise}; with {@code commonRandomNumbers} the noisy pass's eps from its
 * own stream {@code eps-noisy}, so a clean-only and a paired model draw the same clean eps). So a run
 * resumed from a checkpoint after epoch k continues exactly as the uninterrupted run, and the same
 * spec and seed on CPU give identical weights.
 *
 * <p>A training defence in the model's config ({@link org.raven.api.defence.TrainingDefence}) acts here: its
 * {@link InputTransform} replaces each batch (before the noisy copy is made, with the epoch's stream {@code defence}
 * and an encoder at the current weights), its {@link WeightConstraint} projects the weights before the first step and
 * after every step; its objective term is part of the model's graph.
 *
 * <p>Progress: a progress bar when {@code System.console()} exists, otherwise one SLF4J line per
 * epoch (and every {@code logEvery} batches).
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final Function<String, String> provenance;

    /** A trainer whose checkpoints record no provenance. */
    public Trainer() {
        this(engine -> null);
    }

    /**
     * @param provenance given the step engine a run trains with, the provenance its checkpoints record (opaque text,
     *                   see {@link Checkpoint#provenance()}); asked once per {@code fit} with a checkpoint folder
     */
    public Trainer(Function<String, String> provenance) {
        this.provenance = provenance;
    }

    /**
     * {@link #fit(Vae, LabeledData, TrainingSpec, RandomStreams, Path, String, TrainingListener)} with the
     * training key {@link ModelKey#of(Vae)}, derived from what the model computes (never its {@code toString()}).
     */
    public TrainingResult fit(Vae vae, LabeledData train, TrainingSpec spec, RandomStreams streams, Path checkpointDir,
                              TrainingListener listener) {
        return fit(vae, train, spec, streams, checkpointDir, checkpointDir == null ? "" : ModelKey.of(vae), listener);
    }

    /**
     * Trains {@code vae} in place.
     *
     * @param checkpointDir folder for checkpoints, or null for none; if it holds a checkpoint of this
     *                      run, training resumes after its last complete epoch, from the newest intact
     *                      checkpoint (a damaged one is passed over with a WARN; with none intact, from scratch)
     * @param trainingKey   identifies everything besides {@code spec} and the seed that defines the trained
     *                      weights (for example a hash of the resolved model and data specs); checkpoints
     *                      record it, and a checkpoint with another key is refused
     * @throws IllegalArgumentException   if the spec is invalid (every problem listed) or a checkpoint
     *                                    does not belong to this run
     * @throws TrainingDivergedException  if a loss or gradient becomes NaN or infinite
     * @throws UncheckedIOException       if a checkpoint cannot be read (I/O error, not damage) or written
     */
    public TrainingResult fit(Vae vae, LabeledData train, TrainingSpec spec, RandomStreams streams, Path checkpointDir,
                              String trainingKey, TrainingListener listener) {
        if (trainingKey == null) {
            throw new IllegalArgumentException("trainingKey is required (may be empty without a checkpoint folder)");
        }
        List<Problem> problems = spec.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid training spec: "
                    + String.join("; ", problems.stream().map(Problem::toString).toList()));
        }
        if (train.features().size(1) != vae.inputSize()) {
            throw new IllegalArgumentException("training data has " + train.features().size(1)
                    + " features per example but the model expects " + vae.inputSize());
        }
        TrainingListener events = listener == null ? TrainingListener.NONE : listener;
        long wallStart = System.nanoTime();

        int n = train.size();
        int[] order = permutation(n, streams.stream("validation-split"));
        int heldOut = (int) Math.floor(spec.validationFraction() * n);
        int trainSize = n - heldOut;
        if (trainSize < 1) {
            throw new IllegalArgumentException("validationFraction " + spec.validationFraction() + " leaves no training data of "
                    + n + " examples");
        }
        if (spec.batchesPerEpoch(trainSize) < 1) {
            throw new IllegalArgumentException("dropLast with batchSize " + spec.batchSize() + " leaves no full batch of the "
                    + trainSize + " training examples; lower training.batchSize or set training.dropLast to false");
        }
        INDArray features = Rows.owned(Rows.cast(train.features(), vae.dataType()));
        // Batches are gathered from the dataset itself through these row numbers: no copy of the training rows.
        int[] trainRows = java.util.Arrays.copyOfRange(order, heldOut, n);
        INDArray heldOutX = heldOut > 0 ? Rows.gather(features, order, 0, heldOut) : null;

        List<EpochMetrics> history = new ArrayList<>();
        int start = 0;
        Checkpoint resumed = null;
        String settings = Checkpoint.settings(trainingKey, spec);
        if (checkpointDir != null) {
            Optional<Checkpoint> found = readLatest(checkpointDir);
            if (found.isPresent()) {
                Checkpoint c = found.get();
                if (c.rootSeed() != streams.root()) {
                    throw new IllegalArgumentException("checkpoint folder " + checkpointDir + " belongs to a run with seed "
                            + c.rootSeed() + ", not " + streams.root() + "; use another folder");
                }
                if (!Checkpoint.modelKey(c.settings()).equals(trainingKey)) {
                    throw new IllegalArgumentException("checkpoint folder " + checkpointDir + " belongs to another model or data"
                            + " (training key " + Checkpoint.modelKey(c.settings()) + "), not this run's (" + trainingKey
                            + "); use another folder");
                }
                if (!c.settings().equals(settings)) {
                    throw new IllegalArgumentException("checkpoint folder " + checkpointDir + " was written with {" + c.settings()
                            + "}, this run has {" + settings + "}; use another folder");
                }
                WeightIO.assign(vae.weights(), c.weights(), checkpointDir.toString());
                history.addAll(c.metrics());
                start = c.epochsDone();
                resumed = c;
                LOG.info("resuming from {} after epoch {}", checkpointDir, start);
            }
        }
        String engineName;
        vae.setTrainingSetSize(trainSize);
        try (StepEngine engine = StepEngine.create(spec.engine(), vae)) {
            engineName = engine.name();
            if (resumed != null) {
                engine.restoreAdam(resumed.adamStep(), resumed.adamFirst(), resumed.adamSecond());
            }
            if (vae.config().defence() instanceof WeightConstraint constraint) {
                engine.project(constraint); // the constraint holds from the first step on
            }
            if (start >= spec.epochs()) {
                LOG.info("{} epochs done in the checkpoint: nothing to train", start);
            } else {
                LOG.info("training {} ({} parameters) on the {} engine (training.engine: {})", vae.mode(),
                        vae.parameterCount(), engineName, spec.engine());
            }
            String writtenBy = checkpointDir == null ? null : provenance.apply(engineName);
            fitEpochs(vae, spec, streams, checkpointDir, events, engine, history, start, features, trainRows, heldOutX, settings,
                    writtenBy);
        }
        return new TrainingResult(history, start, (System.nanoTime() - wallStart) / 1e9, trainSize, heldOut, engineName,
                resumed == null ? null : resumed.provenance());
    }

    private static void fitEpochs(Vae vae, TrainingSpec spec, RandomStreams streams, Path checkpointDir,
                                  TrainingListener events, StepEngine engine, List<EpochMetrics> history, int start,
                                  INDArray features, int[] trainRows, INDArray heldOutX, String settings,
                                  String writtenBy) {
        int trainSize = trainRows.length;
        int batchSize = spec.batchSize();
        int batches = spec.batchesPerEpoch(trainSize);
        int used = spec.dropLast() ? batches * batchSize : trainSize; // examples trained on per epoch
        NoiseModel noise = vae.mode().pairs() ? vae.config().noise() : null;
        int latent = vae.latentDim();
        Batch full = new Batch(batchSize, features, latent, noise != null);
        Batch tail = trainSize % batchSize == 0 ? full : new Batch(trainSize % batchSize, features, latent, noise != null);
        events.onStart(start + 1, spec.epochs(), batches);

        for (int epoch = start; epoch < spec.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            RandomStreams epochStreams = streams.child("epoch-" + epoch);
            int[] perm = permutation(trainSize, epochStreams.stream("shuffle"));
            int[] rowsOfEpoch = new int[trainSize]; // the epoch's order as rows of the dataset
            for (int i = 0; i < trainSize; i++) {
                rowsOfEpoch[i] = trainRows[perm[i]];
            }
            SplittableRandom epsRandom = epochStreams.stream("eps");
            // Without common random numbers the noisy eps interleave with the clean ones (the committed runs' draws).
            SplittableRandom epsNoisyRandom = spec.commonRandomNumbers() ? epochStreams.stream("eps-noisy") : epsRandom;
            SplittableRandom noiseRandom = epochStreams.stream("noise");
            SplittableRandom defenceRandom = epochStreams.stream("defence");
            TrainingDefence defence = vae.config().defence();
            double lr = spec.learningRate(epoch);
            double loss = 0;
            double recon = 0;
            double reconNoisy = 0;
            double kl = 0;
            try (ProgressBar bar = progressBar(epoch, spec.epochs(), batches)) {
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(trainSize, from + batchSize);
                    int rows = to - from;
                    Batch buffers = rows == batchSize ? full : tail;
                    INDArray x = Rows.gather(features, rowsOfEpoch, from, to, buffers.x);
                    if (defence instanceof InputTransform transform) {
                        x = transform.transform(engine.liveEncoder(), x, defenceRandom);
                    }
                    INDArray eps = Vae.gaussian(epsRandom, buffers.eps);
                    INDArray xNoisy = null;
                    INDArray epsNoisy = null;
                    if (noise != null) {
                        // a transform may hand back an array of its own: noise goes to our buffer only if it fits
                        INDArray out = x.equalShapes(buffers.xNoisy) && x.dataType() == buffers.xNoisy.dataType()
                                ? buffers.xNoisy : x.ulike();
                        xNoisy = noise.augment(x, vae.config().shape(), out, noiseRandom);
                        epsNoisy = Vae.gaussian(epsNoisyRandom, buffers.epsNoisy);
                    }
                    StepEngine.Terms step;
                    try {
                        step = engine.step(x, eps, xNoisy, epsNoisy, lr);
                        if (defence instanceof WeightConstraint constraint) {
                            engine.project(constraint);
                        }
                    } catch (NonFiniteException e) {
                        throw new TrainingDivergedException("training diverged at epoch " + (epoch + 1) + ", batch " + (b + 1)
                                + " of " + batches + " on the " + engine.name() + " engine: " + e.getMessage()
                                + " (learning rate " + lr + ")"
                                + (checkpointDir == null ? "" : "; the last good checkpoint in " + checkpointDir + " is intact"),
                                epoch + 1, b + 1, e);
                    }
                    loss += step.loss() * rows;
                    recon += step.recon() * rows;
                    reconNoisy += step.reconNoisy() * rows;
                    kl += step.kl() * rows;
                    events.onBatch(epoch + 1, b + 1, batches, step.loss());
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(String.format(" loss %.2f", step.loss()));
                    } else if (spec.logEvery() > 0 && (b + 1) % spec.logEvery() == 0) {
                        LOG.info("epoch {}/{} batch {}/{} loss {}", epoch + 1, spec.epochs(), b + 1, batches,
                                String.format("%.3f", step.loss()));
                    }
                }
            }
            events.onEpochStepsDone(epoch + 1);
            engine.syncWeights();
            double mse = heldOutX == null ? Double.NaN : vae.reconstructionMse(heldOutX);
            events.onHeldOutMse(epoch + 1, mse);
            EpochMetrics m = new EpochMetrics(epoch + 1, loss / used, (recon + reconNoisy - kl) / used,
                    recon / used, reconNoisy / used, kl / used, mse, lr,
                    (System.nanoTime() - epochStart) / 1e9);
            history.add(m);
            if (checkpointDir != null && ((epoch + 1) % spec.checkpointEvery() == 0 || epoch + 1 == spec.epochs())) {
                try {
                    new Checkpoint(epoch + 1, streams.root(), settings, engine.adamStep(), history, vae.weights(),
                            engine.firstMoments(), engine.secondMoments(), writtenBy).write(checkpointDir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write checkpoint to " + checkpointDir + ": " + e.getMessage(), e);
                }
            }
            LOG.info("epoch {}/{} ({}): bound {} recon {} kl {} held-out mse {} ({} s)", m.epoch(), spec.epochs(),
                    vae.mode(), fmt(m.bound()), fmt(m.recon() + m.reconNoisy()), fmt(m.kl()),
                    Double.isNaN(m.heldOutMse()) ? "none (validationFraction 0)" : fmt(m.heldOutMse()),
                    String.format("%.1f", m.seconds()));
            events.onEpoch(m);
        }
    }

    /**
     * One batch size's inputs, made once per run and refilled every step (the engines copy or only read them): a
     * fresh array per batch costs more than the copy that fills it. Values and draw order are those of fresh arrays.
     */
    private static final class Batch {
        final INDArray x;
        final INDArray eps;
        final INDArray xNoisy;
        final INDArray epsNoisy;

        Batch(int rows, INDArray features, int latent, boolean pairs) {
            x = Nd4j.create(features.dataType(), rows, features.size(1));
            eps = Nd4j.create(features.dataType(), rows, latent);
            xNoisy = pairs ? x.ulike() : null;
            epsNoisy = pairs ? eps.ulike() : null;
        }
    }

    /** The newest intact checkpoint; damaged ones are passed over with a WARN each (see {@link Checkpoint#latest}). */
    private static Optional<Checkpoint> readLatest(Path dir) {
        try {
            Optional<Checkpoint> found = Checkpoint.latest(dir);
            if (found.isEmpty() && !Checkpoint.list(dir).isEmpty()) {
                LOG.warn("no intact checkpoint in {}; training starts from scratch", dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ProgressBar progressBar(int epoch, int epochs, int batches) {
        if (System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1) + "/" + epochs).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build();
    }

    /** Fisher-Yates shuffle of 0..n-1 from {@code random}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        RandomStreams.shuffle(p, random);
        return p;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}

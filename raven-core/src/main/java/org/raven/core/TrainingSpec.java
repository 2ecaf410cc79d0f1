package org.raven.core;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;

/**
 * How to train (JSON {@code "training"}). Every key is optional; defaults live here only.
 *
 * @param epochs             passes over the training split; default 10, > 0
 * @param batchSize          examples (pairs) per step; default 128, > 0
 * @param learningRate       Adam step size; default 1e-3, > 0
 * @param schedule           learning rate per epoch: {@code constant} (default), {@code cosine} (from
 *                           learningRate down to 0 over the run, per epoch) or {@code step}
 *                           (multiplied by {@code gamma} every {@code stepEvery} epochs)
 * @param stepEvery          epochs between decays of the {@code step} schedule; default 10, > 0
 * @param gamma              decay factor of the {@code step} schedule; default 0.1, in (0, 1]
 * @param validationFraction part of the training data held out (never trained on) for the
 *                           reconstruction MSE reported each epoch; default 0.1, in [0, 1)
 * @param checkpointEvery    epochs between checkpoints when a checkpoint folder is given (the last
 *                           epoch is always saved); default 1, > 0
 * @param logEvery           batches between progress log lines when there is no terminal (0: one line
 *                           per epoch only); default 0, >= 0
 * @param engine             how a step is computed: {@code auto} (default: the hand-fused path for an
 *                           architecture declaring {@code DenseReluMlp} with a prior declaring
 *                           {@code ClosedFormPrior}, both raven-api capabilities, on the CPU; SameDiff
 *                           otherwise) or
 *                           {@code samediff} (always the SameDiff graph); both give the same arithmetic
 * @param dropLast           drop the last partial batch of each epoch, as PyTorch's
 *                           {@code DataLoader(drop_last=True)}; default false (every example, the last batch smaller)
 * @param commonRandomNumbers models with the same seed share initial weights, held-out split, batch order, eps and
 *                           noise draws, so their differences are paired (the clean and the noisy eps then come
 *                           from separate streams, so a vae and a noisy-vae draw the same clean eps); default false
 */
public record TrainingSpec(Integer epochs, Integer batchSize, Double learningRate, String schedule,
                           Integer stepEvery, Double gamma, Double validationFraction, Integer checkpointEvery,
                           Integer logEvery, String engine, Boolean dropLast, Boolean commonRandomNumbers)
        implements Spec {

    public static final String CONSTANT = "constant";
    public static final String COSINE = "cosine";
    public static final String STEP = "step";
    public static final String AUTO = "auto";
    public static final String SAMEDIFF = "samediff";

    public TrainingSpec {
        if (epochs == null) {
            epochs = 10;
        }
        if (batchSize == null) {
            batchSize = 128;
        }
        if (learningRate == null) {
            learningRate = 1e-3;
        }
        if (schedule == null) {
            schedule = CONSTANT;
        }
        if (stepEvery == null) {
            stepEvery = 10;
        }
        if (gamma == null) {
            gamma = 0.1;
        }
        if (validationFraction == null) {
            validationFraction = 0.1;
        }
        if (checkpointEvery == null) {
            checkpointEvery = 1;
        }
        if (logEvery == null) {
            logEvery = 0;
        }
        if (engine == null) {
            engine = AUTO;
        }
        if (dropLast == null) {
            dropLast = false;
        }
        if (commonRandomNumbers == null) {
            commonRandomNumbers = false;
        }
    }

    /** Without {@code dropLast} and {@code commonRandomNumbers} (both false). */
    public TrainingSpec(Integer epochs, Integer batchSize, Double learningRate, String schedule, Integer stepEvery,
                        Double gamma, Double validationFraction, Integer checkpointEvery, Integer logEvery, String engine) {
        this(epochs, batchSize, learningRate, schedule, stepEvery, gamma, validationFraction, checkpointEvery, logEvery,
                engine, null, null);
    }

    /** All defaults. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(newEpochs, batchSize, learningRate, schedule, stepEvery, gamma, validationFraction,
                checkpointEvery, logEvery, engine, dropLast, commonRandomNumbers);
    }

    public TrainingSpec withLearningRate(double rate) {
        return new TrainingSpec(epochs, batchSize, rate, schedule, stepEvery, gamma, validationFraction,
                checkpointEvery, logEvery, engine, dropLast, commonRandomNumbers);
    }

    /** This spec with another step engine ({@code auto} or {@code samediff}). */
    public TrainingSpec withEngine(String newEngine) {
        return new TrainingSpec(epochs, batchSize, learningRate, schedule, stepEvery, gamma, validationFraction,
                checkpointEvery, logEvery, newEngine, dropLast, commonRandomNumbers);
    }

    /** This spec with {@code dropLast} set. */
    public TrainingSpec withDropLast(boolean drop) {
        return new TrainingSpec(epochs, batchSize, learningRate, schedule, stepEvery, gamma, validationFraction,
                checkpointEvery, logEvery, engine, drop, commonRandomNumbers);
    }

    /** This spec with {@code commonRandomNumbers} set. */
    public TrainingSpec withCommonRandomNumbers(boolean common) {
        return new TrainingSpec(epochs, batchSize, learningRate, schedule, stepEvery, gamma, validationFraction,
                checkpointEvery, logEvery, engine, dropLast, common);
    }

    /** Batches per epoch for {@code trainSize} training examples (0 when dropLast leaves no full batch). */
    public int batchesPerEpoch(int trainSize) {
        return dropLast ? trainSize / batchSize : (trainSize + batchSize - 1) / batchSize;
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector()
                .positive("epochs", epochs)
                .positive("batchSize", batchSize)
                .positive("learningRate", learningRate)
                .check(!learningRate.isInfinite(), "learningRate", "must be finite (was " + learningRate + ")")
                .check(List.of(CONSTANT, COSINE, STEP).contains(schedule), "schedule",
                        "unknown schedule '" + schedule + "'; available: constant, cosine, step")
                .positive("stepEvery", stepEvery)
                .check(gamma > 0 && gamma <= 1, "gamma", "must be in (0.0, 1.0] (was " + gamma + ")")
                .inHalfOpen("validationFraction", validationFraction, 0.0, 1.0)
                .positive("checkpointEvery", checkpointEvery)
                .nonNegative("logEvery", logEvery)
                .check(List.of(AUTO, SAMEDIFF).contains(engine), "engine",
                        "unknown engine '" + engine + "'; available: auto, samediff");
        return c.problems();
    }

    /** The learning rate for {@code epoch} (0-based). */
    public double learningRate(int epoch) {
        return switch (schedule) {
            case COSINE -> learningRate * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
            case STEP -> learningRate * Math.pow(gamma, epoch / stepEvery);
            default -> learningRate;
        };
    }
}

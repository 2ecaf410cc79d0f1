package org.raven.eval.spec;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;

/**
 * The latent classifier trained on clean encodings mu(x): one hidden ReLU layer, softmax, Adam.
 *
 * <p>The hidden width is {@code hidden} when given, else {@code hiddenPerLatent} x latentDim, default 2 x latentDim
 * on every dataset (before this key existed it was 2 x latentDim on mnist and 4 x latentDim on every other dataset,
 * hidden in code; a spec that wants those numbers says {@code "hiddenPerLatent": 4}).
 *
 * @param hidden          hidden width; > 0; exclusive with {@code hiddenPerLatent}
 * @param hiddenPerLatent hidden width per latent dimension; default 2 (when {@code hidden} is not given), > 0
 * @param epochs          default 10, > 0
 * @param learningRate    Adam learning rate, default 0.001, > 0
 * @param batchSize       default 128, > 0
 */
public record ClassifierSpec(Integer hidden, Integer hiddenPerLatent, Integer epochs, Double learningRate, Integer batchSize)
        implements Spec {

    public static final int DEFAULT_HIDDEN_PER_LATENT = 2;
    public static final int DEFAULT_EPOCHS = 10;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_BATCH_SIZE = 128;

    public ClassifierSpec {
        hiddenPerLatent = hiddenPerLatent == null && hidden == null ? Integer.valueOf(DEFAULT_HIDDEN_PER_LATENT) : hiddenPerLatent;
        epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
        learningRate = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    }

    /** Every key at its default. */
    public static ClassifierSpec defaults() {
        return new ClassifierSpec(null, null, null, null, null);
    }

    /** The hidden width for a latent dimension: {@code hidden}, else {@code hiddenPerLatent * latentDim}. */
    public int hiddenFor(int latentDim) {
        return hidden != null ? hidden : hiddenPerLatent * latentDim;
    }

    /** This spec with the hidden width fixed for {@code latentDim} (what a cell records). */
    public ClassifierSpec resolvedFor(int latentDim) {
        return new ClassifierSpec(hiddenFor(latentDim), null, epochs, learningRate, batchSize);
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("hidden", hidden).positive("hiddenPerLatent", hiddenPerLatent)
                .check(hidden == null || hiddenPerLatent == null, "hidden",
                        "give hidden or hiddenPerLatent, not both (hidden " + hidden + ", hiddenPerLatent " + hiddenPerLatent + ")")
                .positive("epochs", epochs)
                .positive("learningRate", learningRate).positive("batchSize", batchSize).problems();
    }
}

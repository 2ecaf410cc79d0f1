package org.raven.eval.spec;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;

/**
 * The latent classifier trained on clean encodings mu(x): one hidden ReLU layer, softmax, Adam.
 *
 * @param hidden       hidden width; null (default) means 2 * latentDim on mnist, 4 * latentDim otherwise
 * @param epochs       default 10, > 0
 * @param learningRate Adam learning rate, default 0.001, > 0
 * @param batchSize    default 128, > 0
 */
public record ClassifierSpec(Integer hidden, Integer epochs, Double learningRate, Integer batchSize) implements Spec {

    public static final int DEFAULT_EPOCHS = 10;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_BATCH_SIZE = 128;

    public ClassifierSpec {
        epochs = epochs == null ? DEFAULT_EPOCHS : epochs;
        learningRate = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
        batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    }

    /** Every key at its default. */
    public static ClassifierSpec defaults() {
        return new ClassifierSpec(null, null, null, null);
    }

    /** The hidden width for a dataset and latent dimension: {@code hidden}, or the paper's rule. */
    public int hiddenFor(String datasetId, int latentDim) {
        if (hidden != null) {
            return hidden;
        }
        return "mnist".equals(datasetId) ? 2 * latentDim : 4 * latentDim;
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("hidden", hidden).positive("epochs", epochs)
                .positive("learningRate", learningRate).positive("batchSize", batchSize).problems();
    }
}

package org.raven.eval.run;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.attack.ClassifierHead;
import org.raven.core.arch.Init;

/**
 * The paper's latent classifier: an MLP on z (one hidden ReLU layer, softmax output, cross-entropy, Adam
 * with beta1 0.9, beta2 0.999, eps 1e-8), trained on clean encodings mu(x) of a frozen VAE. Accuracy on mu
 * of attacked inputs measures robustness.
 *
 * <p>Every draw comes from {@code seed}: the weights from raven-core's {@link Init} (He normal for the hidden
 * layer, Xavier normal for the output, zero biases) and the shuffle from {@code new SplittableRandom(seed)}.
 * It is plain Java in double precision, not DL4J: building any DL4J network reseeds ND4J's global random
 * generator ({@code MultiLayerConfiguration.Builder.build()} does, whatever the initialisation).
 *
 * <p>As a {@link ClassifierHead} it gives classifier-aware attacks its logits and their vector-Jacobian product on
 * mu, so the evaluation attacks the head it scores with.
 */
public final class LatentClassifier implements ClassifierHead {

    private final int dim;
    private final int hidden;
    private final int classes;
    private final double[] w0; // [dim, hidden], row-major
    private final double[] b0;
    private final double[] w1; // [hidden, classes]
    private final double[] b1;

    private LatentClassifier(int dim, int hidden, int classes, long seed) {
        this.dim = dim;
        this.hidden = hidden;
        this.classes = classes;
        this.w0 = Init.he(seed, "classifier.hidden.w", dim, dim, hidden).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        this.b0 = new double[hidden];
        this.w1 = Init.xavier(seed, "classifier.output.w", hidden, classes, hidden, classes).castTo(DataType.DOUBLE)
                .reshape(-1).toDoubleVector();
        this.b1 = new double[classes];
    }

    /**
     * Trains a classifier.
     *
     * @param z         {@code [n, latentDim]} encodings
     * @param labels    class of each row, in {@code [0, classes)}
     * @param seed      weight initialisation and shuffling
     */
    public static LatentClassifier train(INDArray z, int[] labels, int classes, int hidden, int epochs,
            double learningRate, int batchSize, long seed) {
        int n = labels.length;
        int dim = (int) z.size(1);
        if (z.size(0) != n) {
            throw new IllegalArgumentException(z.size(0) + " encodings for " + n + " labels");
        }
        LatentClassifier c = new LatentClassifier(dim, hidden, classes, seed);
        double[][] x = z.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] params = {c.w0, c.b0, c.w1, c.b1};
        double[][] grads = new double[4][];
        double[][] m = new double[4][];
        double[][] v = new double[4][];
        for (int p = 0; p < 4; p++) {
            grads[p] = new double[params[p].length];
            m[p] = new double[params[p].length];
            v[p] = new double[params[p].length];
        }
        double[] h = new double[batchSize * hidden];
        double[] out = new double[batchSize * classes];
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            RandomStreams.shuffle(order, random); // with the classifier's own stream
            for (int start = 0; start < n; start += batchSize) {
                int rows = Math.min(n, start + batchSize) - start;
                for (double[] g : grads) {
                    java.util.Arrays.fill(g, 0);
                }
                for (int r = 0; r < rows; r++) {
                    int i = order[start + r];
                    c.forward(x[i], h, r * hidden, out, r * classes);
                    softmaxInPlace(out, r * classes, classes);
                    out[r * classes + labels[i]] -= 1; // d(cross-entropy)/d(logits) = p - y
                    c.backward(x[i], h, r * hidden, out, r * classes, grads, 1.0 / rows);
                }
                step++;
                adam(params, grads, m, v, learningRate, step);
            }
        }
        return c;
    }

    /** Logits of one row into {@code out[outOff...]}, the hidden activations into {@code h[hOff...]}. */
    private void forward(double[] x, double[] h, int hOff, double[] out, int outOff) {
        for (int j = 0; j < hidden; j++) {
            double s = b0[j];
            for (int k = 0; k < dim; k++) {
                s += x[k] * w0[k * hidden + j];
            }
            h[hOff + j] = Math.max(s, 0);
        }
        for (int c = 0; c < classes; c++) {
            double s = b1[c];
            for (int j = 0; j < hidden; j++) {
                s += h[hOff + j] * w1[j * classes + c];
            }
            out[outOff + c] = s;
        }
    }

    /** Adds {@code scale} times one row's gradients, {@code dOut} being d(loss)/d(logits). */
    private void backward(double[] x, double[] h, int hOff, double[] dOut, int outOff, double[][] g, double scale) {
        double[] gw0 = g[0];
        double[] gb0 = g[1];
        double[] gw1 = g[2];
        double[] gb1 = g[3];
        for (int j = 0; j < hidden; j++) {
            double hj = h[hOff + j];
            double dh = 0;
            for (int c = 0; c < classes; c++) {
                double d = dOut[outOff + c] * scale;
                gw1[j * classes + c] += hj * d;
                dh += w1[j * classes + c] * d;
            }
            if (hj > 0) {
                gb0[j] += dh;
                for (int k = 0; k < dim; k++) {
                    gw0[k * hidden + j] += x[k] * dh;
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            gb1[c] += dOut[outOff + c] * scale;
        }
    }

    private static void softmaxInPlace(double[] v, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            v[off + i] = Math.exp(v[off + i] - max);
            sum += v[off + i];
        }
        for (int i = 0; i < n; i++) {
            v[off + i] /= sum;
        }
    }

    private static void adam(double[][] params, double[][] grads, double[][] m, double[][] v, double lr, long t) {
        double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        for (int p = 0; p < params.length; p++) {
            for (int i = 0; i < params[p].length; i++) {
                double g = grads[p][i];
                m[p][i] = 0.9 * m[p][i] + 0.1 * g;
                v[p][i] = 0.999 * v[p][i] + 0.001 * g * g;
                params[p][i] -= alpha * m[p][i] / (Math.sqrt(v[p][i]) + 1e-8);
            }
        }
    }

    /** The parameters, concatenated (hidden weights and bias, output weights and bias), for tests. */
    double[] parameters() {
        double[] all = new double[w0.length + b0.length + w1.length + b1.length];
        int off = 0;
        for (double[] p : new double[][] {w0, b0, w1, b1}) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }

    @Override
    public int latentDim() {
        return dim;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public void logits(double[] mu, int n, double[] logits) {
        double[] row = new double[dim];
        double[] h = new double[hidden];
        for (int i = 0; i < n; i++) {
            System.arraycopy(mu, i * dim, row, 0, dim);
            forward(row, h, 0, logits, i * classes);
        }
    }

    @Override
    public void backward(double[] mu, int n, double[] gradLogits, double[] gradMu) {
        double[] row = new double[dim];
        double[] h = new double[hidden];
        double[] out = new double[classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(mu, i * dim, row, 0, dim);
            forward(row, h, 0, out, 0);
            java.util.Arrays.fill(gradMu, i * dim, (i + 1) * dim, 0);
            for (int j = 0; j < hidden; j++) {
                if (h[j] <= 0) {
                    continue; // ReLU: no gradient through an inactive unit
                }
                double dh = 0;
                for (int c = 0; c < classes; c++) {
                    dh += w1[j * classes + c] * gradLogits[i * classes + c];
                }
                for (int k = 0; k < dim; k++) {
                    gradMu[i * dim + k] += w0[k * hidden + j] * dh;
                }
            }
        }
    }

    /** Predicted class of each row of {@code z}. */
    public int[] predict(INDArray z) {
        double[][] x = z.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] predicted = new int[x.length];
        double[] h = new double[hidden];
        double[] out = new double[classes];
        for (int i = 0; i < x.length; i++) {
            forward(x[i], h, 0, out, 0);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                best = out[c] > out[best] ? c : best;
            }
            predicted[i] = best;
        }
        return predicted;
    }

    /** Fraction of rows of {@code z} classified as {@code labels}. */
    public double accuracy(INDArray z, int[] labels) {
        int[] predicted = predict(z);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }
}

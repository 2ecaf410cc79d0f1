package org.raven.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.defence.LatentTarget;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;

/**
 * A tiny encoder/decoder in plain Java doubles with exact hand-written gradients, for tests of code that
 * consumes {@link AutoEncoder}s (attacks, evaluation) without a real model.
 *
 * <p>Encoder: h = tanh(W1 x + b1), mu = Wm h + bm, logVar = Wv h + bv. Decoder: sigmoid(Wd z + bd). Results
 * come back in the input's data type, so a test can run it in float or double. Weights are drawn from the
 * constructor's seed; {@link #fit} trains them into a stand-in for a trained VAE whose classes lie apart in
 * latent space, which is what makes attacks on it meaningful.
 */
public final class ToyAutoEncoder implements AutoEncoder {

    /** The log-variance {@link #fit} trains the encoder towards: a posterior spread well below the class gaps. */
    public static final double FIT_LOG_VAR = -2.0;

    private final int inputs;
    private final int hidden;
    private final int latent;
    private final double[][] w1;
    private final double[] b1;
    private final double[][] wm;
    private final double[] bm;
    private final double[][] wv;
    private final double[] bv;
    private final double[][] wd;
    private final double[] bd;

    /**
     * Random weights from {@code seed}, scaled so that the tanh units are neither dead nor saturated for
     * inputs in [0, 1]; mu starts at scale 1 and logVar near -1.
     */
    public ToyAutoEncoder(int inputSize, int hidden, int latentDim, long seed) {
        if (inputSize < 1 || hidden < 1 || latentDim < 1) {
            throw new IllegalArgumentException("ToyAutoEncoder: inputSize, hidden and latentDim must be >= 1 (were "
                    + inputSize + ", " + hidden + ", " + latentDim + ")");
        }
        this.inputs = inputSize;
        this.hidden = hidden;
        this.latent = latentDim;
        w1 = new double[hidden][inputSize];
        b1 = new double[hidden];
        wm = new double[latentDim][hidden];
        bm = new double[latentDim];
        wv = new double[latentDim][hidden];
        bv = new double[latentDim];
        wd = new double[inputSize][latentDim];
        bd = new double[inputSize];
        SplittableRandom rng = new SplittableRandom(seed);
        fill(w1, 2.0 / Math.sqrt(inputSize), rng);
        fill(wm, 1.5 / Math.sqrt(hidden), rng);
        fill(wv, 1.0 / Math.sqrt(hidden), rng);
        fill(wd, 1.0 / Math.sqrt(latentDim), rng);
        for (int k = 0; k < hidden; k++) {
            b1[k] = -0.5 * sum(w1[k]) + 0.1 * rng.nextGaussian(); // centre pre-activations for x near 0.5
        }
        Arrays.fill(bv, -1.0);
    }

    private static void fill(double[][] w, double scale, SplittableRandom rng) {
        for (double[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = scale * rng.nextGaussian();
            }
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int latentDim() {
        return latent;
    }

    private double[] hiddenOf(double[] x) {
        double[] h = new double[hidden];
        for (int k = 0; k < hidden; k++) {
            double a = b1[k];
            for (int i = 0; i < inputs; i++) {
                a += w1[k][i] * x[i];
            }
            h[k] = Math.tanh(a);
        }
        return h;
    }

    private static double[] affine(double[][] w, double[] b, double[] v) {
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double a = b[j];
            for (int k = 0; k < v.length; k++) {
                a += w[j][k] * v[k];
            }
            out[j] = a;
        }
        return out;
    }

    private double[] decodeRow(double[] z) {
        double[] a = affine(wd, bd, z);
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 / (1 + Math.exp(-a[i]));
        }
        return a;
    }

    private static INDArray matrix(double[][] rows, DataType type) {
        return Nd4j.createFromArray(rows).castTo(type);
    }

    @Override
    public Posterior encode(INDArray x) {
        double[][] xs = x.toDoubleMatrix();
        double[][] mu = new double[xs.length][];
        double[][] lv = new double[xs.length][];
        for (int r = 0; r < xs.length; r++) {
            double[] h = hiddenOf(xs[r]);
            mu[r] = affine(wm, bm, h);
            lv[r] = affine(wv, bv, h);
        }
        return new Posterior(matrix(mu, x.dataType()), matrix(lv, x.dataType()));
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        double[][] xs = x.toDoubleMatrix();
        double[][] gm = gradMu.toDoubleMatrix();
        double[][] gl = gradLogVar.toDoubleMatrix();
        double[][] gx = new double[xs.length][inputs];
        for (int r = 0; r < xs.length; r++) {
            double[] h = hiddenOf(xs[r]);
            for (int k = 0; k < hidden; k++) {
                double gh = 0;
                for (int j = 0; j < latent; j++) {
                    gh += gm[r][j] * wm[j][k] + gl[r][j] * wv[j][k];
                }
                double ga = gh * (1 - h[k] * h[k]);
                for (int i = 0; i < inputs; i++) {
                    gx[r][i] += ga * w1[k][i];
                }
            }
        }
        return matrix(gx, x.dataType());
    }

    @Override
    public DifferentiableDecoder decoder() {
        return new DifferentiableDecoder() {
            @Override
            public INDArray decode(INDArray z) {
                double[][] zs = z.toDoubleMatrix();
                double[][] out = new double[zs.length][];
                for (int r = 0; r < zs.length; r++) {
                    out[r] = decodeRow(zs[r]);
                }
                return matrix(out, z.dataType());
            }

            @Override
            public INDArray latentGradient(INDArray z, INDArray gradOutput) {
                double[][] zs = z.toDoubleMatrix();
                double[][] go = gradOutput.toDoubleMatrix();
                double[][] gz = new double[zs.length][latent];
                for (int r = 0; r < zs.length; r++) {
                    double[] s = decodeRow(zs[r]);
                    for (int i = 0; i < inputs; i++) {
                        double ga = go[r][i] * s[i] * (1 - s[i]);
                        for (int j = 0; j < latent; j++) {
                            gz[r][j] += ga * wd[i][j];
                        }
                    }
                }
                return matrix(gz, z.dataType());
            }
        };
    }

    /**
     * {@code log p(x|z) + log N(z; 0, I)} of this model with a Bernoulli likelihood on its decoder, up to a constant,
     * and its exact z-gradient {@code Wd' (x - sigmoid(Wd z + bd)) - z}: the target for testing inference procedures.
     */
    public static LatentTarget bernoulliTarget(ToyAutoEncoder model) {
        return new LatentTarget() {
            @Override
            public double[] logDensity(INDArray x, INDArray z) {
                double[][] xs = x.toDoubleMatrix();
                double[][] zs = z.toDoubleMatrix();
                double[] out = new double[zs.length];
                for (int r = 0; r < zs.length; r++) {
                    double[] m = model.decodeRow(zs[r]);
                    double s = 0;
                    for (int i = 0; i < model.inputs; i++) {
                        s += xs[r][i] * Math.log(m[i]) + (1 - xs[r][i]) * Math.log1p(-m[i]);
                    }
                    for (double v : zs[r]) {
                        s -= 0.5 * v * v;
                    }
                    out[r] = s;
                }
                return out;
            }

            @Override
            public INDArray gradient(INDArray x, INDArray z) {
                double[][] xs = x.toDoubleMatrix();
                double[][] zs = z.toDoubleMatrix();
                double[][] g = new double[zs.length][model.latent];
                for (int r = 0; r < zs.length; r++) {
                    double[] m = model.decodeRow(zs[r]);
                    for (int j = 0; j < model.latent; j++) {
                        g[r][j] = -zs[r][j];
                        for (int i = 0; i < model.inputs; i++) {
                            g[r][j] += model.wd[i][j] * (xs[r][i] - m[i]);
                        }
                    }
                }
                return matrix(g, z.dataType());
            }
        };
    }

    /**
     * Trains this model in place by SGD (one random example per step, {@code epochs x x.length} steps, order
     * drawn from {@code seed}) on a supervised stand-in for a trained VAE: the encoder regresses each example's
     * class code as mu and {@link #FIT_LOG_VAR} as logVar; the decoder maps the code plus N(0, 0.3^2) noise back
     * to the input. Afterwards classes lie apart in latent space.
     *
     * @param x          training inputs, one row of {@code inputSize} values per example
     * @param labels     class of each row, an index into {@code classCodes}
     * @param classCodes one latent code ({@code latentDim} values) per class
     */
    public void fit(double[][] x, int[] labels, double[][] classCodes, int epochs, double learningRate, long seed) {
        checkFitArguments(x, labels, classCodes, epochs, learningRate);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = x.length;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int it = 0; it < n; it++) {
                int r = rng.nextInt(n);
                double[] xr = x[r];
                double[] code = classCodes[labels[r]];
                double[] h = hiddenOf(xr);
                double[] mu = affine(wm, bm, h);
                double[] lv = affine(wv, bv, h);
                double[] gh = new double[hidden];
                for (int j = 0; j < latent; j++) {
                    double em = mu[j] - code[j];
                    double el = lv[j] - FIT_LOG_VAR;
                    for (int k = 0; k < hidden; k++) {
                        gh[k] += em * wm[j][k] + el * wv[j][k];
                        wm[j][k] -= learningRate * em * h[k];
                        wv[j][k] -= learningRate * el * h[k];
                    }
                    bm[j] -= learningRate * em;
                    bv[j] -= learningRate * el;
                }
                for (int k = 0; k < hidden; k++) {
                    double ga = gh[k] * (1 - h[k] * h[k]);
                    for (int i = 0; i < inputs; i++) {
                        w1[k][i] -= learningRate * ga * xr[i];
                    }
                    b1[k] -= learningRate * ga;
                }
                double[] z = new double[latent];
                for (int j = 0; j < latent; j++) {
                    z[j] = mu[j] + 0.3 * rng.nextGaussian();
                }
                double[] s = decodeRow(z);
                for (int i = 0; i < inputs; i++) {
                    double ga = (s[i] - xr[i]) * s[i] * (1 - s[i]);
                    for (int j = 0; j < latent; j++) {
                        wd[i][j] -= learningRate * ga * z[j];
                    }
                    bd[i] -= learningRate * ga;
                }
            }
        }
    }

    private void checkFitArguments(double[][] x, int[] labels, double[][] classCodes, int epochs,
                                   double learningRate) {
        if (x.length == 0 || x.length != labels.length) {
            throw new IllegalArgumentException("ToyAutoEncoder.fit: needs one label per row and at least one row (were "
                    + x.length + " rows, " + labels.length + " labels)");
        }
        if (epochs < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("ToyAutoEncoder.fit: epochs must be >= 0 and learningRate > 0 (were "
                    + epochs + ", " + learningRate + ")");
        }
        for (int c = 0; c < classCodes.length; c++) {
            if (classCodes[c].length != latent) {
                throw new IllegalArgumentException("ToyAutoEncoder.fit: classCodes[" + c + "] has "
                        + classCodes[c].length + " values, expected latentDim " + latent);
            }
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != inputs) {
                throw new IllegalArgumentException("ToyAutoEncoder.fit: x[" + r + "] has " + x[r].length
                        + " values, expected inputSize " + inputs);
            }
            if (labels[r] < 0 || labels[r] >= classCodes.length) {
                throw new IllegalArgumentException("ToyAutoEncoder.fit: labels[" + r + "] = " + labels[r]
                        + " is not a class of the " + classCodes.length + " class codes");
            }
        }
    }
}

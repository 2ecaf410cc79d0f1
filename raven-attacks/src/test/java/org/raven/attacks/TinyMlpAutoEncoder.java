package org.raven.attacks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.Posterior;

/**
 * A small nonlinear autoencoder in plain Java doubles, with hand-written exact gradients, for tests:
 * encoder h = tanh(W1 x + b1), mu = Wm h + bm, logVar = Wv h + bv; decoder sigmoid(Wd z + bd).
 * Outputs have the data type of the input, so tests can run it in float or double.
 */
final class TinyMlpAutoEncoder implements AutoEncoder {

    final int inputs;
    final int hidden;
    final int latent;
    final double[][] w1;
    final double[] b1;
    final double[][] wm;
    final double[] bm;
    final double[][] wv;
    final double[] bv;
    final double[][] wd;
    final double[] bd;

    private TinyMlpAutoEncoder(int inputs, int hidden, int latent) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.latent = latent;
        w1 = new double[hidden][inputs];
        b1 = new double[hidden];
        wm = new double[latent][hidden];
        bm = new double[latent];
        wv = new double[latent][hidden];
        bv = new double[latent];
        wd = new double[inputs][latent];
        bd = new double[inputs];
    }

    /** Random weights, scaled so that tanh units are neither dead nor saturated. */
    static TinyMlpAutoEncoder random(int inputs, int hidden, int latent, long seed) {
        TinyMlpAutoEncoder m = new TinyMlpAutoEncoder(inputs, hidden, latent);
        SplittableRandom rng = new SplittableRandom(seed);
        fill(m.w1, 2.0 / Math.sqrt(inputs), rng);
        fill(m.wm, 1.5 / Math.sqrt(hidden), rng);
        fill(m.wv, 1.0 / Math.sqrt(hidden), rng);
        fill(m.wd, 1.0 / Math.sqrt(latent), rng);
        for (int k = 0; k < hidden; k++) {
            m.b1[k] = -0.5 * sum(m.w1[k]) + 0.1 * rng.nextGaussian(); // centre pre-activations for x near 0.5
        }
        for (int j = 0; j < latent; j++) {
            m.bv[j] = -1.0;
        }
        return m;
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

    double[] hiddenOf(double[] x) {
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

    static double[] affine(double[][] w, double[] b, double[] v) {
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

    double[] decodeRow(double[] z) {
        double[] a = affine(wd, bd, z);
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 / (1 + Math.exp(-a[i]));
        }
        return a;
    }

    static INDArray matrix(double[][] rows, DataType type) {
        return Nd4j.createFromArray(rows).castTo(type);
    }

    /**
     * Fits the model by SGD on a supervised stand-in for a trained VAE: the encoder regresses each
     * example's class code (mu) and a fixed log-variance, the decoder maps class codes back to inputs.
     * The result separates classes in latent space, which is what makes attacks meaningful.
     */
    void fit(double[][] x, int[] labels, double[][] classCodes, int epochs, double lr, long seed) {
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
                    double el = lv[j] - (-2.0);
                    for (int k = 0; k < hidden; k++) {
                        gh[k] += em * wm[j][k] + el * wv[j][k];
                        wm[j][k] -= lr * em * h[k];
                        wv[j][k] -= lr * el * h[k];
                    }
                    bm[j] -= lr * em;
                    bv[j] -= lr * el;
                }
                for (int k = 0; k < hidden; k++) {
                    double ga = gh[k] * (1 - h[k] * h[k]);
                    for (int i = 0; i < inputs; i++) {
                        w1[k][i] -= lr * ga * xr[i];
                    }
                    b1[k] -= lr * ga;
                }
                // decoder: from the class code with a little noise to the clean input
                double[] z = new double[latent];
                for (int j = 0; j < latent; j++) {
                    z[j] = mu[j] + 0.3 * rng.nextGaussian();
                }
                double[] s = decodeRow(z);
                for (int i = 0; i < inputs; i++) {
                    double ga = (s[i] - xr[i]) * s[i] * (1 - s[i]);
                    for (int j = 0; j < latent; j++) {
                        wd[i][j] -= lr * ga * z[j];
                    }
                    bd[i] -= lr * ga;
                }
            }
        }
    }
}

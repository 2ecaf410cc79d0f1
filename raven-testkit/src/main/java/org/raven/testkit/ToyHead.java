package org.raven.testkit;

import java.util.SplittableRandom;
import org.raven.api.attack.ClassifierHead;

/**
 * A tiny classifier head on mu in plain Java with an exact hand-written backward pass, for tests of
 * classifier-aware attacks: {@code logits = V tanh(U mu + a) + c}, weights drawn from the constructor's seed.
 * Smooth, so its gradients can be checked against finite differences.
 */
public final class ToyHead implements ClassifierHead {

    private final int dim;
    private final int hidden;
    private final int classes;
    private final double[] u; // [hidden, dim]
    private final double[] a;
    private final double[] v; // [classes, hidden]
    private final double[] c;

    public ToyHead(int latentDim, int hidden, int classes, long seed) {
        this.dim = latentDim;
        this.hidden = hidden;
        this.classes = classes;
        SplittableRandom rng = new SplittableRandom(seed);
        u = gaussian(rng, hidden * latentDim, 1.5 / Math.sqrt(latentDim));
        a = gaussian(rng, hidden, 0.3);
        v = gaussian(rng, classes * hidden, 2.0 / Math.sqrt(hidden));
        c = gaussian(rng, classes, 0.3);
    }

    private static double[] gaussian(SplittableRandom rng, int n, double scale) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1 - rng.nextDouble();
            w[i] = scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return w;
    }

    @Override
    public int latentDim() {
        return dim;
    }

    @Override
    public int classes() {
        return classes;
    }

    private void hidden(double[] mu, int row, double[] h) {
        for (int j = 0; j < hidden; j++) {
            double s = a[j];
            for (int k = 0; k < dim; k++) {
                s += u[j * dim + k] * mu[row * dim + k];
            }
            h[j] = Math.tanh(s);
        }
    }

    @Override
    public void logits(double[] mu, int n, double[] logits) {
        double[] h = new double[hidden];
        for (int i = 0; i < n; i++) {
            hidden(mu, i, h);
            for (int o = 0; o < classes; o++) {
                double s = c[o];
                for (int j = 0; j < hidden; j++) {
                    s += v[o * hidden + j] * h[j];
                }
                logits[i * classes + o] = s;
            }
        }
    }

    @Override
    public void backward(double[] mu, int n, double[] gradLogits, double[] gradMu) {
        double[] h = new double[hidden];
        for (int i = 0; i < n; i++) {
            hidden(mu, i, h);
            java.util.Arrays.fill(gradMu, i * dim, (i + 1) * dim, 0);
            for (int j = 0; j < hidden; j++) {
                double dh = 0;
                for (int o = 0; o < classes; o++) {
                    dh += gradLogits[i * classes + o] * v[o * hidden + j];
                }
                double ds = dh * (1 - h[j] * h[j]);
                for (int k = 0; k < dim; k++) {
                    gradMu[i * dim + k] += ds * u[j * dim + k];
                }
            }
        }
    }
}

package org.raven.core.fast;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.prior.ClosedFormPrior;
import org.raven.core.LikelihoodSpec;

/**
 * A deliberately naive double-precision reference of the mlp VAE's mean negative bound, written from
 * the bound's formulas (raven-core/README.md) with plain loops and java.lang.Math, sharing no code with
 * the fused path except the layout names.
 */
final class ReferenceMlpVae {

    private ReferenceMlpVae() {
    }

    static double[][] toRows(INDArray a) {
        return a.toDoubleMatrix();
    }

    static double[][] dense(double[][] x, double[][] w, double[] b, boolean relu) {
        int n = x.length;
        int out = b.length;
        double[][] y = new double[n][out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < w.length; i++) {
                    s += x[r][i] * w[i][o];
                }
                y[r][o] = relu ? Math.max(s, 0) : s;
            }
        }
        return y;
    }

    /** mu and logVar rows of the encoder. */
    static double[][][] encode(MlpLayout layout, Map<String, INDArray> p, double[][] x) {
        double[][] h = x;
        for (MlpLayout.Layer l : layout.encoderHidden()) {
            h = dense(h, p.get(l.weightName()).toDoubleMatrix(), p.get(l.biasName()).toDoubleVector(), true);
        }
        MlpLayout.Layer mu = layout.muHead();
        MlpLayout.Layer lv = layout.logVarHead();
        return new double[][][] {
            dense(h, p.get(mu.weightName()).toDoubleMatrix(), p.get(mu.biasName()).toDoubleVector(), false),
            dense(h, p.get(lv.weightName()).toDoubleMatrix(), p.get(lv.biasName()).toDoubleVector(), false)};
    }

    static double[][] decode(MlpLayout layout, Map<String, INDArray> p, double[][] z) {
        double[][] h = z;
        List<MlpLayout.Layer> dec = layout.decoder();
        for (MlpLayout.Layer l : dec) {
            h = dense(h, p.get(l.weightName()).toDoubleMatrix(), p.get(l.biasName()).toDoubleVector(), l.relu());
        }
        return h;
    }

    static double negLogLik(LikelihoodSpec lik, double[] x, double[] logits) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double l = logits[i];
            if (lik.isGaussian()) {
                double m = 1 / (1 + Math.exp(-l));
                double v = lik.variance();
                s += (x[i] - m) * (x[i] - m) / (2 * v) + 0.5 * Math.log(2 * Math.PI * v);
            } else {
                // -[x log sigmoid(l) + (1 - x) log(1 - sigmoid(l))]
                s += -(x[i] * Math.log(1 / (1 + Math.exp(-l))) + (1 - x[i]) * Math.log(1 / (1 + Math.exp(l))));
            }
        }
        return s;
    }

    /** Mean negative bound; xNoisy/epsNoisy null for the clean bound. */
    static double loss(MlpLayout layout, Map<String, INDArray> p, LikelihoodSpec lik, ClosedFormPrior prior, double beta,
                       INDArray x, INDArray eps, INDArray xNoisy, INDArray epsNoisy) {
        double[][] xs = x.toDoubleMatrix();
        double[][][] q = encode(layout, p, xs);
        double[][] z = reparam(q, eps.toDoubleMatrix());
        double[][] logits = decode(layout, p, z);
        int batch = xs.length;
        double total = 0;
        if (xNoisy == null) {
            for (int r = 0; r < batch; r++) {
                double kl = 0;
                for (int j = 0; j < q[0][r].length; j++) {
                    double mu = q[0][r][j];
                    double lv = q[1][r][j];
                    kl += 0.5 * (Math.exp(lv) + mu * mu - 1 - lv);
                }
                total += negLogLik(lik, xs[r], logits[r]) + beta * kl;
            }
            return total / batch;
        }
        double[][] xn = xNoisy.toDoubleMatrix();
        double[][][] qn = encode(layout, p, xn);
        double[][] zn = reparam(qn, epsNoisy.toDoubleMatrix());
        double[][] logitsN = decode(layout, p, zn);
        for (int r = 0; r < batch; r++) {
            double kl = prior.pairKl(q[0][r], q[1][r], qn[0][r], qn[1][r]);
            total += negLogLik(lik, xs[r], logits[r]) + negLogLik(lik, xn[r], logitsN[r]) + beta * kl;
        }
        return total / batch;
    }

    private static double[][] reparam(double[][][] q, double[][] eps) {
        double[][] z = new double[eps.length][eps[0].length];
        for (int r = 0; r < eps.length; r++) {
            for (int j = 0; j < eps[0].length; j++) {
                z[r][j] = q[0][r][j] + Math.exp(0.5 * q[1][r][j]) * eps[r][j];
            }
        }
        return z;
    }
}

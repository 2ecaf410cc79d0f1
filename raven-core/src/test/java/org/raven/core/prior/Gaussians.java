package org.raven.core.prior;

/**
 * Independent reference math for tests: the joint covariance of (z, z') under a prior written as
 * z ~ N(0, I), z' = a z + b eta, and the general KL between Gaussians by Cholesky factorisation.
 */
final class Gaussians {

    private Gaussians() {
    }

    /** Joint 2d x 2d covariance of (z, z') with z' = a z + b eta. */
    static double[][] jointCovariance(int d, double a, double b) {
        double[][] s = new double[2 * d][2 * d];
        for (int j = 0; j < d; j++) {
            s[j][j] = 1;
            s[j][d + j] = a;
            s[d + j][j] = a;
            s[d + j][d + j] = a * a + b * b;
        }
        return s;
    }

    /** Lower-triangular L with L L' = a. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new IllegalArgumentException("not positive definite");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves (L L') x = b. */
    static double[] solve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    static double logDet(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += 2 * Math.log(l[i][i]);
        }
        return s;
    }

    /** KL(N(m, diag(v)) || N(0, sigma)) = 1/2 [tr(sigma^-1 S) + m' sigma^-1 m - n + log det sigma - log det S]. */
    static double klDiagonalToFull(double[] m, double[] v, double[][] sigma) {
        int n = m.length;
        double[][] l = cholesky(sigma);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            trace += solve(l, e)[i] * v[i];
        }
        double[] sm = solve(l, m);
        double quad = 0;
        double logDetS = 0;
        for (int i = 0; i < n; i++) {
            quad += m[i] * sm[i];
            logDetS += Math.log(v[i]);
        }
        return 0.5 * (trace + quad - n + logDet(l) - logDetS);
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static double[] exp(double[] a) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = Math.exp(a[i]);
        }
        return c;
    }
}

package org.raven.core.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba; PyTorch's form: beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected) as a plain
 * loop over the arrays' native buffers, updating the weights in place. Moments are kept in double so
 * a checkpoint restores them exactly; a Java loop is faster here than ND4J's updater (STACK.md).
 */
public final class Adam {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final Map<String, double[]> m = new LinkedHashMap<>();
    private final Map<String, double[]> v = new LinkedHashMap<>();
    private long step;

    /** Fresh state for these parameters (names and lengths). */
    public Adam(Map<String, INDArray> params) {
        params.forEach((name, p) -> {
            m.put(name, new double[Math.toIntExact(p.length())]);
            v.put(name, new double[Math.toIntExact(p.length())]);
        });
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    public Map<String, double[]> firstMoments() {
        return m;
    }

    public Map<String, double[]> secondMoments() {
        return v;
    }

    /** Restores state written from {@link #firstMoments()}, {@link #secondMoments()} and {@link #step()}. */
    public void restore(long steps, Map<String, double[]> first, Map<String, double[]> second) {
        for (String name : m.keySet()) {
            double[] a = first.get(name);
            double[] b = second.get(name);
            if (a == null || b == null || a.length != m.get(name).length || b.length != v.get(name).length) {
                throw new IllegalArgumentException("Adam state for '" + name + "' is missing or has the wrong length");
            }
            System.arraycopy(a, 0, m.get(name), 0, a.length);
            System.arraycopy(b, 0, v.get(name), 0, b.length);
        }
        this.step = steps;
    }

    /** The name of the first gradient holding NaN or an infinity, or null if all are finite. */
    public static String firstNonFinite(Map<String, INDArray> gradients) {
        for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
            INDArray g = contiguous(e.getValue());
            if (g.dataType() == DataType.DOUBLE) {
                DoubleBuffer b = g.data().asNioDouble();
                for (int i = 0, n = (int) g.length(); i < n; i++) {
                    if (!Double.isFinite(b.get(i))) {
                        return e.getKey();
                    }
                }
            } else {
                FloatBuffer b = g.castTo(DataType.FLOAT).data().asNioFloat();
                for (int i = 0, n = (int) g.length(); i < n; i++) {
                    if (!Float.isFinite(b.get(i))) {
                        return e.getKey();
                    }
                }
            }
        }
        return null;
    }

    /** One Adam step with learning rate {@code lr}: params -= lr * mHat / (sqrt(vHat) + eps), in place. */
    public void update(Map<String, INDArray> params, Map<String, INDArray> gradients, double lr) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            INDArray gArr = gradients.get(name);
            double[] mm = m.get(name);
            double[] vv = v.get(name);
            if (gArr == null) {
                throw new IllegalStateException("no gradient for weight '" + name + "'");
            }
            if (p.isView() || p.data().offset() != 0 || p.ordering() != 'c') {
                throw new IllegalStateException("weight '" + name + "' must be a contiguous array to be updated in place");
            }
            INDArray g = contiguous(gArr);
            int n = mm.length;
            if (p.dataType() == DataType.DOUBLE) {
                DoubleBuffer pb = p.data().asNioDouble();
                DoubleBuffer gb = g.castTo(DataType.DOUBLE).data().asNioDouble();
                for (int i = 0; i < n; i++) {
                    double gi = gb.get(i);
                    double mi = mm[i] = BETA1 * mm[i] + (1 - BETA1) * gi;
                    double vi = vv[i] = BETA2 * vv[i] + (1 - BETA2) * gi * gi;
                    pb.put(i, pb.get(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + EPSILON));
                }
            } else {
                FloatBuffer pb = p.data().asNioFloat();
                FloatBuffer gb = g.castTo(DataType.FLOAT).data().asNioFloat();
                for (int i = 0; i < n; i++) {
                    double gi = gb.get(i);
                    double mi = mm[i] = BETA1 * mm[i] + (1 - BETA1) * gi;
                    double vi = vv[i] = BETA2 * vv[i] + (1 - BETA2) * gi * gi;
                    pb.put(i, (float) (pb.get(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + EPSILON)));
                }
            }
        }
    }

    private static INDArray contiguous(INDArray a) {
        return a.isView() || a.ordering() != 'c' || a.data().offset() != 0 ? a.dup('c') : a;
    }
}

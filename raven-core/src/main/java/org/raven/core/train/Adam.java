package org.raven.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.core.NonFiniteException;

/**
 * Adam (Kingma and Ba; PyTorch's form: beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected, float32
 * moments) as a plain loop over Java arrays: each weight and gradient is bulk-copied out of its
 * native buffer once, updated, and copied back. That beats per-element buffer access and ND4J's own
 * updater (docs/performance.md). Gradients are checked first, so a non-finite gradient leaves the weights and
 * the moments untouched.
 */
public final class Adam {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final Map<String, float[]> m = new LinkedHashMap<>();
    private final Map<String, float[]> v = new LinkedHashMap<>();
    private final Map<String, float[]> weightScratch = new LinkedHashMap<>();
    private final Map<String, float[]> gradScratch = new LinkedHashMap<>();
    private long step;

    /** Fresh state for these parameters (names and lengths). */
    public Adam(Map<String, INDArray> params) {
        params.forEach((name, p) -> {
            int n = Math.toIntExact(p.length());
            m.put(name, new float[n]);
            v.put(name, new float[n]);
            weightScratch.put(name, new float[n]);
            gradScratch.put(name, new float[n]);
        });
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    /** First moments by weight name (live). */
    public Map<String, float[]> firstMoments() {
        return m;
    }

    /** Second moments by weight name (live). */
    public Map<String, float[]> secondMoments() {
        return v;
    }

    /** Restores state written from {@link #firstMoments()}, {@link #secondMoments()} and {@link #step()}. */
    public void restore(long steps, Map<String, float[]> first, Map<String, float[]> second) {
        for (String name : m.keySet()) {
            float[] a = first.get(name);
            float[] b = second.get(name);
            if (a == null || b == null || a.length != m.get(name).length || b.length != v.get(name).length) {
                throw new IllegalArgumentException("Adam state for '" + name + "' is missing or has the wrong length");
            }
            System.arraycopy(a, 0, m.get(name), 0, a.length);
            System.arraycopy(b, 0, v.get(name), 0, b.length);
        }
        this.step = steps;
    }

    /**
     * One Adam step with learning rate {@code lr}: params -= lr * mHat / (sqrt(vHat) + eps), in place.
     *
     * @throws NonFiniteException naming the first weight (in {@code params} order) whose gradient holds
     *                             NaN or an infinity; then nothing was changed
     */
    public void update(Map<String, INDArray> params, Map<String, INDArray> gradients, double lr) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray g = gradients.get(e.getKey());
            if (g == null) {
                throw new IllegalStateException("no gradient for weight '" + e.getKey() + "'");
            }
            float[] gs = gradScratch.get(e.getKey());
            read(g, gs);
            for (float x : gs) {
                if (!Float.isFinite(x)) {
                    throw NonFiniteException.gradient(e.getKey(), x);
                }
            }
        }
        step++;
        float c1 = (float) (1 - Math.pow(BETA1, step));
        float c2 = (float) (1 - Math.pow(BETA2, step));
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float rate = (float) lr;
        float eps = (float) EPSILON;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            if (p.isView() || p.data().offset() != 0 || p.ordering() != 'c') {
                throw new IllegalStateException("weight '" + name + "' must be a contiguous array to be updated in place");
            }
            float[] g = gradScratch.get(name);
            float[] w = weightScratch.get(name);
            float[] mm = m.get(name);
            float[] vv = v.get(name);
            if (p.dataType() == DataType.DOUBLE) {
                // Double models (tests): keep the weights in double, moments in float.
                double[] wd = p.data().asDouble();
                for (int i = 0; i < wd.length; i++) {
                    float gi = g[i];
                    float mi = mm[i] = b1 * mm[i] + (1 - b1) * gi;
                    float vi = vv[i] = b2 * vv[i] + (1 - b2) * gi * gi;
                    wd[i] -= rate * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
                }
                p.data().setData(wd);
                continue;
            }
            p.data().asNioFloat().get(0, w);
            for (int i = 0; i < w.length; i++) {
                float gi = g[i];
                float mi = mm[i] = b1 * mm[i] + (1 - b1) * gi;
                float vi = vv[i] = b2 * vv[i] + (1 - b2) * gi * gi;
                w[i] -= rate * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
            }
            p.data().asNioFloat().put(0, w);
        }
    }

    private static void read(INDArray a, float[] into) {
        INDArray c = a.isView() || a.ordering() != 'c' || a.data().offset() != 0 ? a.dup('c') : a;
        if (c.dataType() == DataType.FLOAT) {
            c.data().asNioFloat().get(0, into);
        } else {
            double[] d = c.data().asDouble();
            for (int i = 0; i < into.length; i++) {
                into[i] = (float) d[i];
            }
        }
    }
}

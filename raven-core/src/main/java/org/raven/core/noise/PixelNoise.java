package org.raven.core.noise;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.noise.NoiseModel;

/**
 * Base of the per-pixel noise models: reads {@code x} once into a Java array, perturbs every value in
 * a plain loop (a per-element ND4J op would allocate), clips to [0, 1] and writes {@code out} once.
 * Pixels are independent, so the image shape is only checked against the row width.
 */
abstract class PixelNoise implements NoiseModel {

    /** The noisy value of one pixel {@code v} before clipping. */
    abstract double perturb(double v, RandomGenerator random);

    @Override
    public final INDArray augment(INDArray x, InputShape shape, INDArray out, RandomGenerator random) {
        if (x == out) {
            throw new IllegalArgumentException("out must not be x");
        }
        if (x.rank() != 2 || x.size(1) != shape.size()) {
            throw new IllegalArgumentException("x " + java.util.Arrays.toString(x.shape()) + " must be [batch, "
                    + shape.size() + "] for images of " + shape);
        }
        if (!x.equalShapes(out)) {
            throw new IllegalArgumentException("out " + java.util.Arrays.toString(out.shape())
                    + " must have the shape of x " + java.util.Arrays.toString(x.shape()));
        }
        int n = (int) x.length();
        boolean contiguous = !out.isView() && out.ordering() == 'c' && out.data().length() == n;
        if (out.dataType() == DataType.DOUBLE) {
            double[] v = x.dup('c').data().asDouble();
            for (int i = 0; i < n; i++) {
                v[i] = clip(perturb(v[i], random));
            }
            if (contiguous) {
                out.data().setData(v);
            } else {
                out.assign(Nd4j.create(v, out.shape(), 'c'));
            }
        } else {
            float[] v = contiguousFloats(x, n);
            for (int i = 0; i < n; i++) {
                v[i] = (float) clip(perturb(v[i], random));
            }
            if (contiguous && out.dataType() == DataType.FLOAT) {
                out.data().setData(v);
            } else {
                out.assign(Nd4j.create(v, out.shape(), 'c'));
            }
        }
        return out;
    }

    private static float[] contiguousFloats(INDArray x, int n) {
        if (!x.isView() && x.ordering() == 'c' && x.dataType() == DataType.FLOAT && x.data().length() == n) {
            return x.data().asFloat(); // already a copy of the buffer
        }
        return x.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static double clip(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}

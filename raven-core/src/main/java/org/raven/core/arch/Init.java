package org.raven.core.arch;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deterministic weight initialisation from a seed and the weight's name, never from ND4J's global
 * RNG: the same (seed, name, shape) always gives the same values, and adding a layer does not shift
 * the values of the others.
 *
 * <p>Two schemes ({@link Scheme}, JSON {@code architecture.init}): {@code he} (He normal for ReLU layers,
 * Xavier normal for linear outputs, zero biases) and {@code torch} (PyTorch's default for
 * {@code nn.Linear}/{@code nn.Conv2d}: weights and biases U(-1/sqrt(fanIn), 1/sqrt(fanIn)), that is
 * kaiming-uniform with a = sqrt(5)). The choice changes results: under {@code torch} naive noise
 * augmentation does not make a VAE more robust, under {@code he} it does.
 */
public final class Init {

    /** An initialisation scheme, by its JSON id. */
    public enum Scheme {
        /** He normal for ReLU layers, Xavier normal for heads and outputs, zero biases (the default). */
        HE("he"),
        /** PyTorch's default: weights and biases uniform in +-1/sqrt(fanIn). */
        TORCH("torch");

        private final String id;

        Scheme(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The scheme with JSON id {@code id}; null when there is none. */
        public static Scheme byId(String id) {
            for (Scheme s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            return null;
        }

        /** {@code he, torch}: the ids for error messages. */
        public static String ids() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Scheme::id).toList());
        }
    }

    /**
     * A layer's weight and bias, {@code fanIn} being the inputs one output sees (in * kernel area for a
     * convolution) and {@code fanOut} the outputs one input feeds.
     *
     * @param relu whether a ReLU follows (He) or the layer is linear (Xavier); {@code torch} ignores it
     * @return {weight, bias}
     */
    public static INDArray[] layer(Scheme scheme, long seed, String weightName, String biasName, long fanIn, long fanOut,
                                   boolean relu, long[] weightShape, long biasSize) {
        if (scheme == Scheme.TORCH) {
            double bound = 1.0 / Math.sqrt(fanIn);
            return new INDArray[] {uniform(seed, weightName, bound, weightShape), uniform(seed, biasName, bound, biasSize)};
        }
        INDArray w = relu ? he(seed, weightName, fanIn, weightShape) : xavier(seed, weightName, fanIn, fanOut, weightShape);
        return new INDArray[] {w, zeros(biasSize)};
    }

    private Init() {
    }

    /** He (Kaiming) normal for ReLU layers: N(0, 2 / fanIn). */
    public static INDArray he(long seed, String name, long fanIn, long... shape) {
        return normal(seed, name, Math.sqrt(2.0 / fanIn), shape);
    }

    /** Xavier (Glorot) normal for linear outputs: N(0, 2 / (fanIn + fanOut)). */
    public static INDArray xavier(long seed, String name, long fanIn, long fanOut, long... shape) {
        return normal(seed, name, Math.sqrt(2.0 / (fanIn + fanOut)), shape);
    }

    /** Zeros (biases). */
    public static INDArray zeros(long... shape) {
        return Nd4j.zeros(DataType.FLOAT, shape);
    }

    /** N(0, std^2) in float, c order, from a stream keyed by (seed, name). */
    public static INDArray normal(long seed, String name, double std, long... shape) {
        SplittableRandom random = new SplittableRandom(seed ^ nameHash(name));
        float[] values = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** U(-bound, bound) in float, c order, from a stream keyed by (seed, name). */
    public static INDArray uniform(long seed, String name, double bound, long... shape) {
        SplittableRandom random = new SplittableRandom(seed ^ nameHash(name));
        float[] values = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (bound * (2 * random.nextDouble() - 1));
        }
        return Nd4j.create(values, shape, 'c');
    }

    private static long count(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        return h ^ (h >>> 31);
    }
}

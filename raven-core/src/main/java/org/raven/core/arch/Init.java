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
 */
public final class Init {

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
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        SplittableRandom random = new SplittableRandom(seed ^ nameHash(name));
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return Nd4j.create(values, shape, 'c');
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

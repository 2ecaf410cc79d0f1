package org.raven.api;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from one root seed by name, so that adding a component does not
 * shift the streams of the others. The same root and name always give the same stream.
 *
 * <pre>{@code
 * RandomStreams streams = new RandomStreams(42);
 * SplittableRandom noise = streams.stream("noise");
 * long initSeed = streams.seed("weights");
 * }</pre>
 */
public record RandomStreams(long root) {

    /** A fresh generator for the component {@code name}. */
    public SplittableRandom stream(String name) {
        return new SplittableRandom(seed(name));
    }

    /** A 64-bit seed for the component {@code name}, for APIs that take a seed. */
    public long seed(String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the UTF-8 bytes, then mixed with the root
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h ^ mix(root));
    }

    /** Streams for a sub-component, for example one cell of a grid. */
    public RandomStreams child(String name) {
        return new RandomStreams(seed(name));
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Shuffles {@code values} in place (Fisher-Yates, from the last position down, one
     * {@code nextInt(i + 1)} per position): the one shuffle of the project, so that the same stream gives
     * the same order everywhere.
     */
    public static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}

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
}

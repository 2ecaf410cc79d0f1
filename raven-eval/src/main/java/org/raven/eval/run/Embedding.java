package org.raven.eval.run;

/**
 * A 2-D t-SNE embedding of mu(x) and mu(x') for test pairs: point i has coordinates
 * ({@code x[i]}, {@code y[i]}), class {@code label[i]} and is the noisy copy when {@code noisy[i]}.
 *
 * @param noise the noise spec id x' was drawn with, or null when only clean points were embedded
 */
public record Embedding(String noise, double[] x, double[] y, int[] label, boolean[] noisy) {

    public Embedding {
        if (x.length != y.length || x.length != label.length || x.length != noisy.length) {
            throw new IllegalArgumentException("embedding arrays differ in length");
        }
    }

    public int size() {
        return x.length;
    }
}

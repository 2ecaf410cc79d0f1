package org.raven.api.data;

/** Shape of one image: channels x height x width; models see it flattened to {@link #size()}. */
public record InputShape(int channels, int height, int width) {

    public InputShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input shape must be positive, was " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}

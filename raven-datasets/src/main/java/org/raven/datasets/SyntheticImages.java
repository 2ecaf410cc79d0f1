package org.raven.datasets;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.RandomStreams;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

/**
 * Generates the {@code synthetic} dataset. Coordinates are in the unit square; a class prototype is
 * the maximum of a few Gaussian-profile line segments (strokes), so images are smooth like digits.
 * An example renders its class prototype through a random similarity transform (shift, scale,
 * rotation), times a random brightness, plus Gaussian pixel noise, clipped to [0, 1].
 */
final class SyntheticImages {

    static final int STROKES_PER_CLASS = 3;
    private static final double MAX_SHIFT = 0.08;
    private static final double MIN_SCALE = 0.85;
    private static final double MAX_SCALE = 1.15;
    private static final double MAX_ROTATION = 0.2; // radians
    private static final double MIN_BRIGHTNESS = 0.75;
    /** Past this many widths a stroke contributes less than exp(-8) = 3e-4: skip the exp. */
    private static final double CUTOFF_WIDTHS_SQUARED = 16.0;

    private SyntheticImages() {
    }

    /** One segment from (x0, y0) to (x1, y1) with a Gaussian cross-section of standard deviation {@code width}. */
    record Stroke(double x0, double y0, double x1, double y1, double width) {

        /** exp(-d^2 / (2 width^2)) where d is the distance from (x, y) to the segment. */
        double intensity(double x, double y) {
            double dx = x1 - x0;
            double dy = y1 - y0;
            double t = ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy);
            t = t < 0 ? 0 : (t > 1 ? 1 : t);
            double ex = x - (x0 + t * dx);
            double ey = y - (y0 + t * dy);
            double d2 = (ex * ex + ey * ey) / (width * width);
            return d2 > CUTOFF_WIDTHS_SQUARED ? 0 : Math.exp(-0.5 * d2);
        }
    }

    static InMemoryDataset generate(SyntheticSpec spec) {
        RandomStreams streams = new RandomStreams(spec.seed());
        Stroke[][] prototypes = prototypes(spec.classes(), streams.stream("prototypes"));
        LabeledData train = sample(prototypes, spec.trainSize(), spec.imageSize(), spec.noise(), streams.stream("train"));
        LabeledData test = sample(prototypes, spec.testSize(), spec.imageSize(), spec.noise(), streams.stream("test"));
        String description = "synthetic (" + spec.classes() + " classes, 1x" + spec.imageSize() + "x" + spec.imageSize()
                + ", noise " + spec.noise() + ", seed " + spec.seed() + ")";
        return new InMemoryDataset(description, train, test);
    }

    static Stroke[][] prototypes(int classes, SplittableRandom random) {
        Stroke[][] prototypes = new Stroke[classes][STROKES_PER_CLASS];
        for (int c = 0; c < classes; c++) {
            for (int s = 0; s < STROKES_PER_CLASS; s++) {
                double x0;
                double y0;
                double x1;
                double y1;
                do { // strokes at least 0.25 long so that they read as strokes, not dots
                    x0 = random.nextDouble(0.2, 0.8);
                    y0 = random.nextDouble(0.2, 0.8);
                    x1 = random.nextDouble(0.2, 0.8);
                    y1 = random.nextDouble(0.2, 0.8);
                } while (Math.hypot(x1 - x0, y1 - y0) < 0.25);
                prototypes[c][s] = new Stroke(x0, y0, x1, y1, random.nextDouble(0.035, 0.06));
            }
        }
        return prototypes;
    }

    /** The prototype of one class rendered without transformation or noise, row-major. */
    static float[] render(Stroke[] strokes, int size) {
        float[] image = new float[size * size];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                image[row * size + col] = (float) value(strokes, (col + 0.5) / size, (row + 0.5) / size);
            }
        }
        return image;
    }

    private static LabeledData sample(Stroke[][] prototypes, int n, int size, double noise, SplittableRandom random) {
        int classes = prototypes.length;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes; // balanced, then shuffled
        }
        RandomStreams.shuffle(labels, random);
        int d = size * size;
        float[] features = new float[n * d];
        for (int i = 0; i < n; i++) {
            Stroke[] strokes = prototypes[labels[i]];
            double shiftX = random.nextDouble(-MAX_SHIFT, MAX_SHIFT);
            double shiftY = random.nextDouble(-MAX_SHIFT, MAX_SHIFT);
            double inverseScale = 1 / random.nextDouble(MIN_SCALE, MAX_SCALE);
            double angle = random.nextDouble(-MAX_ROTATION, MAX_ROTATION);
            double cos = Math.cos(angle) * inverseScale;
            double sin = Math.sin(angle) * inverseScale;
            double brightness = random.nextDouble(MIN_BRIGHTNESS, 1.0);
            int offset = i * d;
            for (int row = 0; row < size; row++) {
                double py = (row + 0.5) / size - 0.5 - shiftY;
                for (int col = 0; col < size; col++) {
                    double px = (col + 0.5) / size - 0.5 - shiftX;
                    // inverse transform: rotate back by -angle and undo the scale, around the centre
                    double x = cos * px + sin * py + 0.5;
                    double y = -sin * px + cos * py + 0.5;
                    double v = brightness * value(strokes, x, y);
                    if (noise > 0) {
                        v += noise * random.nextGaussian();
                    }
                    features[offset + row * size + col] = (float) (v < 0 ? 0 : (v > 1 ? 1 : v));
                }
            }
        }
        return new LabeledData(Nd4j.create(features, new long[] {n, d}, DataType.FLOAT), labels,
                new InputShape(1, size, size), classes);
    }

    private static double value(Stroke[] strokes, double x, double y) {
        double max = 0;
        for (Stroke stroke : strokes) {
            max = Math.max(max, stroke.intensity(x, y));
        }
        return max;
    }
}

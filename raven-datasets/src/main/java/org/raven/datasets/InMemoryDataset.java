package org.raven.datasets;

import org.raven.api.data.Dataset;
import org.raven.api.data.LabeledData;

/** A dataset held in memory: what every provider of this module returns; {@code files} as in {@link Dataset#files()}. */
public record InMemoryDataset(String description, LabeledData train, LabeledData test, java.util.Map<String, String> files)
        implements Dataset {

    /** Made in memory, from no file. */
    public InMemoryDataset(String description, LabeledData train, LabeledData test) {
        this(description, train, test, java.util.Map.of());
    }

    public InMemoryDataset {
        files = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(files));
        if (train.numClasses() != test.numClasses() || !train.shape().equals(test.shape())) {
            throw new IllegalArgumentException(description + ": train (" + train.shape() + ", " + train.numClasses()
                    + " classes) and test (" + test.shape() + ", " + test.numClasses() + " classes) disagree");
        }
    }

    @Override
    public String toString() {
        return description + ": train " + train.size() + ", test " + test.size() + " x " + train.shape();
    }
}

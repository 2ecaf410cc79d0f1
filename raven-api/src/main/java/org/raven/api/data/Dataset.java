package org.raven.api.data;

/** A labelled image dataset with a train and a test split, already loaded and verified. */
public interface Dataset {

    /** Human-readable name and source, for logs and provenance, for example {@code fashion-mnist (/usr/share/datasets/fashion-mnist)}. */
    String description();

    LabeledData train();

    LabeledData test();
}

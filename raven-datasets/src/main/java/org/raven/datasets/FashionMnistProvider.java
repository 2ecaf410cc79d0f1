package org.raven.datasets;

/**
 * {@code fashion-mnist}: Zalando's Fashion-MNIST, 60,000 + 10,000 grey 28x28 images of 10 clothing
 * classes, from the Debian package {@code dataset-fashion-mnist}, the data home, or a verified download.
 */
public final class FashionMnistProvider extends IdxDatasetProvider<FashionMnistSpec> {

    public FashionMnistProvider() {
        this(IdxDatasetDefinition.fashionMnist());
    }

    /** For tests: another mirror or other system folders. */
    FashionMnistProvider(IdxDatasetDefinition definition) {
        super(definition, FashionMnistSpec.class, FashionMnistSpec.defaults(),
                "Fashion-MNIST, 60k + 10k 28x28 clothing images, 10 classes (SHA-256 verified)");
    }
}

package org.raven.datasets;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Spec of the {@code fashion-mnist} dataset (Fashion-MNIST), JSON {@code {"type": "fashion-mnist"}}. Null fields take their
 * defaults here, the one place they live: {@code seed} 0, {@code verify} true, {@code download} true;
 * {@code path}, {@code trainLimit} and {@code testLimit} stay null (search the default places, keep everything).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FashionMnistSpec(String path, Integer trainLimit, Integer testLimit, Long seed, Boolean verify, Boolean download)
        implements IdxDatasetSpec {

    public FashionMnistSpec {
        seed = seed == null ? Long.valueOf(0L) : seed;
        verify = verify == null ? Boolean.TRUE : verify;
        download = download == null ? Boolean.TRUE : download;
    }

    /** Every key at its default. */
    public static FashionMnistSpec defaults() {
        return new FashionMnistSpec(null, null, null, null, null, null);
    }

    /** This spec reading from {@code folder} first. */
    public FashionMnistSpec withPath(String folder) {
        return new FashionMnistSpec(folder, trainLimit, testLimit, seed, verify, download);
    }

    /** This spec keeping seeded random subsets of the given sizes (null keeps everything). */
    public FashionMnistSpec withLimits(Integer train, Integer test) {
        return new FashionMnistSpec(path, train, test, seed, verify, download);
    }
}

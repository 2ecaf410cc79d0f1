package org.raven.api.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.raven.api.data.InputShape;

/**
 * A model trained elsewhere: an encoder that attacks can differentiate through, a decoder when one was given
 * ({@link #decoder()} throws when {@link #hasDecoder()} is false), and the files it came from.
 */
public interface PretrainedModel extends AutoEncoder {

    /** False when only an encoder was loaded: attacks and plots that decode are skipped. */
    boolean hasDecoder();

    /** Why inputs of {@code shape} (one image, flattened to {@link #inputSize()}) do not fit, or empty when they do. */
    Optional<String> incompatibility(InputShape shape);

    /** The files the model was read from, for provenance. */
    List<SourceFile> files();

    /** One file: its role ({@code encoder}, {@code decoder}), where it is and the SHA-256 of its bytes (hex). */
    record SourceFile(String role, Path path, String sha256) {
    }
}

package org.raven.eval.run;

/**
 * One file a pretrained model was loaded from, as recorded in its cells' results.
 *
 * @param role   {@code encoder} or {@code decoder}
 * @param path   the absolute file name
 * @param sha256 SHA-256 of the file's bytes, hex
 */
public record ModelFile(String role, String path, String sha256) {
}

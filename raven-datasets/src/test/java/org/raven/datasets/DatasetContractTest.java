package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.api.Spec;
import org.raven.testkit.PluginContracts;

/** The shared plugin contract over this module's providers; mnist and fashion-mnist read tiny generated files. */
class DatasetContractTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> pluginContracts() {
        Path tiny = TinyIdx.writeDataset(dir.resolve("tiny"), 7, 3, true);
        Map<String, Spec> overrides = Map.of(
                "mnist", new MnistSpec(tiny.toString(), null, null, null, false, false),
                "fashion-mnist", new FashionMnistSpec(tiny.toString(), 5, 2, 1L, false, false),
                "synthetic", new SyntheticSpec(40, 20, null, null, null, 3L));
        return PluginContracts.verifyAll(new PluginContext(dir.resolve("home"), true), overrides);
    }

    @Test
    void servicesFileListsEveryProvider() {
        assertThat(PluginRegistry.load(PluginKind.DATASET, getClass().getClassLoader()).ids())
                .containsExactly("fashion-mnist", "mnist", "synthetic");
    }
}

package org.raven.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.raven.api.PluginContext;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.testkit.PluginContracts;

/** The shared plugin contract, with the onnx model source pointed at the mlp fixture (and once without files). */
class PluginContractTest {

    private static final PluginContext CONTEXT = new PluginContext(Path.of("target", "no-data"), true);

    @TestFactory
    Stream<DynamicTest> withFixtures() {
        return PluginContracts.verifyAll(CONTEXT, Map.of("onnx", Fixtures.mlp("float32")));
    }

    @TestFactory
    Stream<DynamicTest> withoutFiles() {
        return PluginContracts.verifyAll(CONTEXT, Map.of());
    }

    @Test
    void onnxIsTheModelSourceHere() {
        assertThat(PluginRegistry.load(PluginKind.MODEL_SOURCE, getClass().getClassLoader()).ids()).containsExactly("onnx");
    }
}

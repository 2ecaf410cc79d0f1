package org.raven.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.testkit.PluginContracts;

/** The shared plugin contract over every provider this module registers. */
class PluginContractTest {

    @TempDir
    Path home;

    @TestFactory
    Stream<DynamicTest> pluginContracts() {
        return PluginContracts.verifyAll(new PluginContext(home, true), Map.of());
    }
}

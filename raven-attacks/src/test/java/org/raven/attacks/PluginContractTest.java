package org.raven.attacks;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.raven.testkit.PluginContracts;

/** The shared plugin contract over the five attacks this module provides. */
class PluginContractTest {

    @TestFactory
    Stream<DynamicTest> pluginContracts() {
        return PluginContracts.verifyAll(Fixtures.CONTEXT, Map.of());
    }
}

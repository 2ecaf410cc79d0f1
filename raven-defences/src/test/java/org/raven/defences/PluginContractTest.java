package org.raven.defences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.raven.api.PluginContext;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.testkit.PluginContracts;

class PluginContractTest {

    @TestFactory
    Stream<DynamicTest> everyDefenceMeetsTheContract() {
        return PluginContracts.verifyAll(new PluginContext(null, true), Map.of());
    }

    @Test
    void theDefencesAreFoundByServiceLoader() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(PluginRegistry.load(PluginKind.DEFENCE, loader).ids())
                .containsExactly("adversarial-training", "beta-tcvae", "lipschitz");
        assertThat(PluginRegistry.load(PluginKind.INFERENCE, loader).ids()).containsExactly("hmc");
    }
}

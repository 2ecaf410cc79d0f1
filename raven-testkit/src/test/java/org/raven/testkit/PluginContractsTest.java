package org.raven.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.raven.api.PluginContext;
import org.raven.api.PluginKind;
import org.raven.api.Problem;
import org.raven.api.noise.NoiseModel;
import org.raven.api.noise.NoiseProvider;
import org.raven.api.noise.NoiseSpec;

class PluginContractsTest {

    static final PluginContext CONTEXT = new PluginContext(Path.of("target/no-data"), true);

    /** A well-behaved plugin, registered in src/test/resources/META-INF/services. */
    public record ShiftSpec(Double shift) implements NoiseSpec {
        public ShiftSpec {
            shift = shift == null ? 0.1 : shift;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector().nonNegative("shift", shift).problems();
        }
    }

    public static class ShiftNoise implements NoiseProvider<ShiftSpec> {
        @Override
        public String id() {
            return "test-shift";
        }

        @Override
        public Class<ShiftSpec> specType() {
            return ShiftSpec.class;
        }

        @Override
        public ShiftSpec defaultSpec() {
            return new ShiftSpec(null);
        }

        @Override
        public NoiseModel create(ShiftSpec spec, PluginContext context) {
            return (x, shape, out, random) -> org.nd4j.linalg.ops.transforms.Transforms.min(out.assign(x).addi(spec.shift()), 1.0, false);
        }
    }

    /** Broken on purpose: not listed in META-INF/services. */
    public static class UnclippedNoise extends ShiftNoise {
        @Override
        public String id() {
            return "test-unclipped";
        }

        @Override
        public NoiseModel create(ShiftSpec spec, PluginContext context) {
            return (x, shape, out, random) -> out.assign(x).addi(5.0);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyDiscoveredPluginPassesTheContract() {
        return PluginContracts.verifyAll(CONTEXT, Map.of());
    }

    @Test
    void discoversTheTestPlugin() {
        assertThat(PluginContracts.verifyAll(CONTEXT, Map.of()).map(DynamicTest::getDisplayName))
                .contains("noise 'test-shift'");
    }

    @Test
    void aPluginMissingFromServicesFilesFails() {
        assertThatThrownBy(() -> PluginContracts.verify(PluginKind.NOISE, new UnclippedNoise(), CONTEXT,
                PluginContracts.mapperFor(getClass().getClassLoader()), null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("is listed in META-INF/services/org.raven.api.noise.NoiseProvider");
    }
}

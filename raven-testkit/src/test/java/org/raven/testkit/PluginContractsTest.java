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

    @Test
    void discoversTheTestAttackUnderBothNorms() {
        assertThat(PluginContracts.verifyAll(CONTEXT, Map.of()).map(DynamicTest::getDisplayName))
                .contains("attack 'test-sign-noise'");
    }

    private static void assertCaught(SignNoiseAttack broken, String norm, String check) {
        SignNoiseAttack.Spec spec = new SignNoiseAttack.Spec(norm);
        assertThatThrownBy(() -> PluginContracts.verifyAttack("attack 'broken'", broken.create(spec, CONTEXT), spec))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("attack 'broken' [" + norm + "] " + check);
    }

    @Test
    void theWellBehavedAttackPassesUnderBothNorms() {
        for (String norm : List.of("linf", "l2")) {
            SignNoiseAttack.Spec spec = new SignNoiseAttack.Spec(norm);
            PluginContracts.verifyAttack("attack 'good'", new SignNoiseAttack().create(spec, CONTEXT), spec);
        }
    }

    @Test
    void anAttackOverItsBudgetFails() {
        assertCaught(new SignNoiseAttack.OverBudget(), "linf", "||e|| <= budget 0.1 for example 0");
        assertCaught(new SignNoiseAttack.OverBudget(), "l2", "||e|| <= budget 0.5 for example 0");
    }

    @Test
    void anAttackLeavingTheBoxFails() {
        assertCaught(new SignNoiseAttack.OutOfBox(), "linf", "x+e >= 0");
    }

    @Test
    void aNondeterministicAttackFails() {
        assertCaught(new SignNoiseAttack.Nondeterministic(), "linf", "same seed, same adversarial");
    }

    @Test
    void anAttackMovingAtBudgetZeroFails() {
        assertCaught(new SignNoiseAttack.MovesAtBudgetZero(), "linf", "budget 0 returns the input unchanged");
    }

    @Test
    void anAttackMisreportingItsNormFails() {
        assertCaught(new SignNoiseAttack.MisreportsTheNorm(), "l2", "reported norm of example 0 is ||e||");
    }
}

package org.raven.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.raven.api.Problem;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackSpec;

class SpecTest {

    @SuppressWarnings("rawtypes")
    private static List<AttackProvider> providers() {
        return ServiceLoader.load(AttackProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static ObjectMapper mapper() {
        ObjectMapper om = new ObjectMapper();
        providers().forEach(p -> om.registerSubtypes(new NamedType(p.specType(), p.id())));
        return om;
    }

    @Test
    void allSevenAttacksAreDiscovered() {
        assertThat(providers().stream().map(AttackProvider::id)).containsExactlyInAnyOrder("apgd", "ensemble", "fgsm",
                "latent-skl-pgd", "latent-targeted", "output", "random-noise");
    }

    @Test
    void defaultsArePinned() {
        assertThat(LatentSklPgdSpec.defaults()).isEqualTo(new LatentSklPgdSpec("linf", 50, null, true, 1, 1));
        assertThat(LatentTargetedSpec.defaults()).isEqualTo(new LatentTargetedSpec("linf", 50, null, true, 1, 1));
        assertThat(OutputAttackSpec.defaults()).isEqualTo(new OutputAttackSpec("linf", 50, null, true, 1, 1));
        assertThat(FgsmSpec.defaults()).isEqualTo(new FgsmSpec("linf"));
        assertThat(RandomNoiseSpec.defaults()).isEqualTo(new RandomNoiseSpec("linf"));
        assertThat(ApgdSpec.defaults()).isEqualTo(new ApgdSpec("skl", "linf", 100, 1, 1));
        assertThat(EnsembleSpec.defaults()).isEqualTo(new EnsembleSpec("linf", true, 1));
        assertThat(SpecChecks.config(LatentSklPgdSpec.defaults()).alpha(0.1)).isCloseTo(2.5 * 0.1 / 50,
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(SpecChecks.config(new LatentSklPgdSpec(null, 10, 0.03, null, null)).alpha(0.1)).isEqualTo(0.03);
    }

    @TestFactory
    Stream<DynamicTest> jsonRoundTripsAndTypeAloneReadsAsDefaults() throws Exception {
        ObjectMapper om = mapper();
        return providers().stream().map(p -> DynamicTest.dynamicTest(p.id(), () -> {
            AttackSpec def = (AttackSpec) p.defaultSpec();
            String json = om.writerFor(AttackSpec.class).writeValueAsString(def);
            assertThat(json).startsWith("{\"type\":\"" + p.id() + "\"");
            AttackSpec back = om.readValue(json, AttackSpec.class);
            assertThat(back).isEqualTo(def);
            assertThat(om.writerFor(AttackSpec.class).writeValueAsString(back)).isEqualTo(json);
            assertThat(om.readValue("{\"type\":\"" + p.id() + "\"}", AttackSpec.class)).isEqualTo(def);
            assertThat(def.validate()).isEmpty();
        }));
    }

    @Test
    void aFullPgdSpecReadsFromJson() throws Exception {
        AttackSpec s = mapper().readValue("{\"type\":\"latent-skl-pgd\",\"norm\":\"l2\",\"steps\":100,"
                + "\"stepSize\":0.05,\"randomStart\":false,\"restarts\":3,\"eotSamples\":4}", AttackSpec.class);
        assertThat(s).isEqualTo(new LatentSklPgdSpec("l2", 100, 0.05, false, 3, 4));
        assertThat(mapper().writerFor(AttackSpec.class).writeValueAsString(s)).isEqualTo(
                "{\"type\":\"latent-skl-pgd\",\"norm\":\"l2\",\"steps\":100,\"stepSize\":0.05,"
                        + "\"randomStart\":false,\"restarts\":3,\"eotSamples\":4}");
    }

    @Test
    void everyBadPgdKeyIsReportedAtOnceWithExactMessages() {
        for (PgdSettings spec : List.<PgdSettings>of(new LatentSklPgdSpec("l3", 0, 0.0, null, 0, 0),
                new LatentTargetedSpec("l3", 0, 0.0, null, 0, 0), new OutputAttackSpec("l3", 0, 0.0, null, 0, 0))) {
            assertThat(((AttackSpec) spec).validate()).extracting(Problem::toString).containsExactly(
                    "norm - must be one of [l2, linf] (was 'l3')",
                    "steps - must be >= 1 (was 0)",
                    "stepSize - must be > 0 (was 0.0)",
                    "restarts - must be >= 1 (was 0)",
                    "eotSamples - must be >= 1 (was 0)");
        }
        assertThat(new LatentSklPgdSpec(null, -3, -0.5, null, -1).validate()).extracting(Problem::toString)
                .containsExactly("steps - must be >= 1 (was -3)", "stepSize - must be > 0 (was -0.5)",
                        "restarts - must be >= 1 (was -1)");
        assertThat(new LatentSklPgdSpec(null, null, Double.NaN, null, null).validate()).extracting(Problem::toString)
                .containsExactly("stepSize - must be > 0 (was NaN)");
        assertThat(new LatentSklPgdSpec(null, null, Double.POSITIVE_INFINITY, null, null).validate())
                .extracting(Problem::toString).containsExactly("stepSize - must be finite (was Infinity)");
        assertThat(new LatentSklPgdSpec("l2", 1, 1e-9, false, 1).validate()).isEmpty();
    }

    @Test
    void apgdSpecsReadFromJsonAndEveryBadKeyIsReported() throws Exception {
        AttackSpec s = mapper().readValue("{\"type\":\"apgd\",\"objective\":\"mu\",\"norm\":\"l2\",\"steps\":20,"
                + "\"restarts\":2}", AttackSpec.class);
        assertThat(s).isEqualTo(new ApgdSpec("mu", "l2", 20, 2));
        assertThat(mapper().writerFor(AttackSpec.class).writeValueAsString(ApgdSpec.defaults())).isEqualTo(
                "{\"type\":\"apgd\",\"objective\":\"skl\",\"norm\":\"linf\",\"steps\":100,\"restarts\":1,"
                        + "\"eotSamples\":1}");
        assertThat(new ApgdSpec("kl", "l3", 0, 0, 0).validate()).extracting(Problem::toString).containsExactly(
                "objective - must be one of [ce, dlr, mu, output, skl, targeted] (was 'kl')",
                "norm - must be one of [l2, linf] (was 'l3')",
                "steps - must be >= 1 (was 0)",
                "restarts - must be >= 1 (was 0)",
                "eotSamples - must be >= 1 (was 0)");
        for (String objective : ApgdSpec.OBJECTIVES) {
            assertThat(new ApgdSpec(objective, "l2", 1, 1).validate()).isEmpty();
        }
    }

    @Test
    void ensembleSpecsReadFromJsonAndEveryBadKeyIsReported() throws Exception {
        assertThat(mapper().readValue("{\"type\":\"ensemble\",\"norm\":\"l2\",\"standalone\":false,\"eotSamples\":4}",
                AttackSpec.class)).isEqualTo(new EnsembleSpec("l2", false, 4));
        assertThat(mapper().writerFor(AttackSpec.class).writeValueAsString(EnsembleSpec.defaults())).isEqualTo(
                "{\"type\":\"ensemble\",\"norm\":\"linf\",\"standalone\":true,\"eotSamples\":1}");
        assertThat(new EnsembleSpec("l1", null, 0).validate()).extracting(Problem::toString).containsExactly(
                "norm - must be one of [l2, linf] (was 'l1')",
                "eotSamples - must be >= 1 (was 0)");
    }

    @Test
    void normIsCheckedForTheSingleStepAttacksToo() {
        assertThat(new FgsmSpec("L2").validate()).extracting(Problem::toString)
                .containsExactly("norm - must be one of [l2, linf] (was 'L2')");
        assertThat(new RandomNoiseSpec("inf").validate()).extracting(Problem::toString)
                .containsExactly("norm - must be one of [l2, linf] (was 'inf')");
        assertThat(new RandomNoiseSpec("l2").validate()).isEmpty();
    }
}

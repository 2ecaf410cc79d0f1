package org.raven.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackSpec;

class PluginRegistryTest {

    record EmptySpec() implements AttackSpec {
    }

    /** A provider whose id is given at construction, so one class can play several plugins. */
    static class NamedAttack implements AttackProvider<EmptySpec> {
        private final String id;

        NamedAttack(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Class<EmptySpec> specType() {
            return EmptySpec.class;
        }

        @Override
        public EmptySpec defaultSpec() {
            return new EmptySpec();
        }

        @Override
        public Attack create(EmptySpec spec, PluginContext context) {
            throw new UnsupportedOperationException("not needed by these tests");
        }
    }

    static class OtherAttack extends NamedAttack {
        OtherAttack(String id) {
            super(id);
        }
    }

    @Test
    void unknownIdListsTheAvailableIdsSorted() {
        PluginRegistry<AttackProvider<?>> registry = PluginRegistry.of(PluginKind.ATTACK,
                List.of(new NamedAttack("pgd-linf"), new NamedAttack("fgsm"), new NamedAttack("pgd-l2")));
        assertThatThrownBy(() -> registry.get("pgd-lnf"))
                .isInstanceOf(PluginException.class)
                .hasMessage("unknown attack 'pgd-lnf'; available: fgsm, pgd-l2, pgd-linf");
        assertThat(registry.ids()).containsExactly("fgsm", "pgd-l2", "pgd-linf");
        assertThat(registry.get("fgsm").id()).isEqualTo("fgsm");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void duplicateIdNamesBothClassesAndWhereTheyCameFrom() {
        assertThatThrownBy(() -> PluginRegistry.of(PluginKind.ATTACK,
                List.of(new NamedAttack("fgsm"), new OtherAttack("fgsm"))))
                .isInstanceOf(PluginException.class)
                .hasMessage("duplicate attack id 'fgsm': org.raven.api.PluginRegistryTest$NamedAttack (test-classes)"
                        + " and org.raven.api.PluginRegistryTest$OtherAttack (test-classes)");
    }

    @Test
    void malformedIdsAreRejected() {
        for (String bad : List.of("PGD", "pgd_linf", "-pgd", "pgd-", "pgd--linf", "1pgd", "")) {
            assertThatThrownBy(() -> PluginRegistry.of(PluginKind.ATTACK, List.of(new NamedAttack(bad))))
                    .as(bad)
                    .isInstanceOf(PluginException.class)
                    .hasMessage("attack id '" + bad + "' of org.raven.api.PluginRegistryTest$NamedAttack (test-classes)"
                            + " is not lower-case and hyphenated (expected [a-z][a-z0-9]*(-[a-z0-9]+)*)");
        }
        assertThat(PluginRegistry.of(PluginKind.ATTACK, List.of(new NamedAttack("latent-skl-pgd"), new NamedAttack("l2"))).ids())
                .containsExactly("l2", "latent-skl-pgd");
    }

    @Test
    void emptyRegistrySaysSo() {
        assertThatThrownBy(() -> PluginRegistry.of(PluginKind.PRIOR, List.of()).get("additive"))
                .hasMessage("unknown prior 'additive'; available: (none)");
    }

    @Test
    void createFromRejectsAnotherPluginsSpec() {
        record Foreign() implements AttackSpec {
        }
        assertThatThrownBy(() -> new NamedAttack("fgsm").createFrom(new Foreign(), null))
                .isInstanceOf(ClassCastException.class);
    }
}

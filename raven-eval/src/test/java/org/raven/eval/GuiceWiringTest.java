package org.raven.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Modules;
import org.junit.jupiter.api.Test;
import org.raven.api.PluginRegistry;
import org.raven.api.attack.AttackProvider;
import org.raven.api.prior.PriorProvider;
import org.raven.api.prior.PriorSpec;
import org.raven.eval.run.CellExecutor;
import org.raven.eval.run.CellRunner;
import org.raven.eval.run.ExperimentRunner;
import org.raven.eval.run.LocalExecutor;
import org.raven.eval.run.VaeCellRunner;
import org.raven.eval.spec.ExperimentSpecs;
import org.raven.eval.testplugins.FakeCellRunner;
import org.raven.eval.testplugins.FakeRunnerModule;
import org.raven.eval.testplugins.TestAttackProvider;
import org.raven.eval.testplugins.TestPriorSpec;

/** Guice derives every binding from the providers on the class path, test-only ones included. */
class GuiceWiringTest {

    @Test
    void registriesMapperAndRunnerComeFromDiscoveredProviders() throws Exception {
        Injector injector = Guice.createInjector(new RavenModule());
        Plugins plugins = injector.getInstance(Plugins.class);
        assertThat(plugins.priors().ids()).contains("test-prior", "additive", "paired-gaussian", "standard-normal");
        assertThat(plugins.attacks().ids()).contains("test-attack", "latent-skl-pgd");
        assertThat(plugins.datasets().ids()).contains("test-data");

        PluginRegistry<AttackProvider<?>> attacks = injector.getInstance(
                Key.get(new TypeLiteral<PluginRegistry<AttackProvider<?>>>() { }));
        assertThat(attacks.get("test-attack")).isInstanceOf(TestAttackProvider.class);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<PluginRegistry<PriorProvider<?>>>() { })))
                .isSameAs(plugins.priors());

        ObjectMapper mapper = injector.getInstance(ObjectMapper.class);
        assertThat(mapper.readValue("{\"type\": \"test-prior\", \"tau\": 2}", PriorSpec.class))
                .isEqualTo(new TestPriorSpec(2.0));
        assertThat(mapper.writeValueAsString(new TestPriorSpec(2.0))).contains("\"type\" : \"test-prior\"");

        assertThat(injector.getInstance(CellRunner.class)).isInstanceOf(VaeCellRunner.class);
        assertThat(injector.getInstance(CellExecutor.Factory.class).create(2)).isInstanceOf(LocalExecutor.class);
        assertThat(injector.getInstance(ExperimentRunner.class)).isNotNull();
        assertThat(injector.getInstance(ExperimentSpecs.class).mapper()).isSameAs(mapper);
        assertThat(injector.getInstance(Plugins.class)).isSameAs(plugins);
    }

    @Test
    void extensionModulesOverrideBindings() {
        Injector injector = Guice.createInjector(Modules.override(new RavenModule()).with(new FakeRunnerModule()));
        assertThat(injector.getInstance(CellRunner.class)).isInstanceOf(FakeCellRunner.class);
    }
}

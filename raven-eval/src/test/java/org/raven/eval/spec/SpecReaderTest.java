package org.raven.eval.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginKind;
import org.raven.api.Problem;
import org.raven.api.Spec;
import org.raven.api.attack.AttackSpec;
import org.raven.api.data.DatasetSpec;
import org.raven.api.prior.PriorSpec;
import org.raven.eval.Plugins;
import org.raven.eval.testplugins.TestAttackProvider;
import org.raven.eval.testplugins.TestAttackSpec;
import org.raven.eval.testplugins.TestDatasetProvider;
import org.raven.eval.testplugins.TestPriorProvider;
import org.raven.eval.testplugins.TestPriorSpec;

/** The generic reader on a small record tree with test-only plugins. */
class SpecReaderTest {

    record Model(String name, PriorSpec prior) {
    }

    /** {@code batch} is renamed in JSON, as raven-core's MlpSpec renames {@code latent}. */
    record Training(Integer epochs, @com.fasterxml.jackson.annotation.JsonProperty("batchSize") Integer batch) {
        Training {
            epochs = epochs == null ? 3 : epochs;
            batch = batch == null ? 8 : batch;
        }
    }

    record Root(String name, DatasetSpec dataset, List<Model> models, Training training, AttackSpec attack)
            implements Spec {
        Root {
            training = training == null ? new Training(null, null) : training;
            attack = attack == null ? new TestAttackSpec(null, null) : attack;
        }

        @Override
        public List<Problem> validate() {
            Problem.Collector c = new Problem.Collector();
            c.check(name != null, "name", "required");
            c.check(dataset != null, "dataset", "required");
            if (dataset != null) {
                c.addAll("dataset", dataset.validate());
            }
            for (int i = 0; models != null && i < models.size(); i++) {
                Model m = models.get(i);
                if (m != null && m.prior() != null) {
                    c.addAll("models[" + i + "].prior", m.prior().validate());
                }
            }
            c.positive("training.epochs", training.epochs());
            c.addAll("attack", attack.validate());
            return c.problems();
        }
    }

    private final Plugins plugins = Plugins.of(Map.of(
            PluginKind.PRIOR, List.of(new TestPriorProvider()),
            PluginKind.ATTACK, List.of(new TestAttackProvider()),
            PluginKind.DATASET, List.of(new TestDatasetProvider())));
    private final ObjectMapper mapper = SpecMapper.create(plugins);
    private final SpecReader reader = new SpecReader(mapper, plugins);

    private List<String> problems(String json) {
        try {
            reader.parse("t.json", json, Root.class, UnaryOperator.identity());
        } catch (SpecException e) {
            return e.problems();
        }
        return new ArrayList<>();
    }

    @Test
    void readsPolymorphicSpecsByIdAndFillsDefaults() {
        Root root = reader.parse("t.json", """
                {"name": "a", "dataset": {"type": "test-data"}, "models": [{"name": "m", "prior": {"type": "test-prior", "tau": 2}}]}
                """, Root.class, UnaryOperator.identity());
        assertThat(root.models().get(0).prior()).isEqualTo(new TestPriorSpec(2.0));
        assertThat(root.training()).isEqualTo(new Training(3, 8));
        assertThat(root.attack()).isEqualTo(new TestAttackSpec(10, 0.01));
    }

    @Test
    void malformedJsonReportsLineAndColumn() {
        assertThat(problems("{\n  \"name\": \"a\",\n  \"dataset\": }\n")).containsExactly(
                "t.json: line 3, column 14 - Unexpected character ('}' (code 125)): expected a valid value"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void truncatedJsonSaysWhereItEnded() {
        assertThat(problems("{\"name\": \"a\",\n \"dataset\": {\"type\": \"test-data\"")).containsExactly(
                "t.json: line 2, column 33 - Unexpected end-of-input: expected close marker for Object");
    }

    @Test
    void unknownNestedKeyListsTheExpectedKeys() {
        assertThat(problems("""
                {"name": "a", "dataset": {"type": "test-data", "sise": 3}, "training": {"epoch": 2}}
                """)).containsExactly(
                "t.json: $.dataset.sise - unknown key 'sise'; expected one of: size, type",
                "t.json: $.training.epoch - unknown key 'epoch'; expected one of: batchSize, epochs");
    }

    @Test
    void unknownAndMissingPluginIds() {
        assertThat(problems("""
                {"name": "a", "dataset": {"size": 3}, "attack": {"type": "pgd-lnf"}}
                """)).containsExactly(
                "t.json: $.dataset.type - missing \"type\"; available: test-data",
                "t.json: $.attack.type - unknown attack 'pgd-lnf'; available: test-attack");
    }

    @Test
    void everyProblemAtOnceIncludingWrongJsonTypesAndRanges() {
        assertThat(problems("""
                {"dataset": {"type": "test-data", "size": 0},
                 "models": [{"name": "m", "prior": {"type": "test-prior", "tau": 0}},
                            {"name": "n", "prior": {"type": "nope"}}],
                 "training": {"epochs": "ten", "batchSize": 1.5, "extra": true},
                 "attack": {"type": "test-attack", "steps": -1}}
                """)).containsExactly(
                "t.json: $.models[1].prior.type - unknown prior 'nope'; available: test-prior",
                "t.json: $.training.extra - unknown key 'extra'; expected one of: batchSize, epochs",
                "t.json: $.training.epochs - expected an integer (was \"ten\")",
                "t.json: $.training.batchSize - expected an integer (was 1.5)",
                "t.json: $.name - required",
                "t.json: $.dataset.size - must be > 0 (was 0)",
                "t.json: $.models[0].prior.tau - must be > 0 (was 0.0)",
                "t.json: $.attack.steps - must be > 0 (was -1)");
    }

    @Test
    void missingFileAndNonObjectRoot(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> reader.read(missing, Root.class, UnaryOperator.identity()))
                .isInstanceOf(SpecException.class)
                .hasMessage(missing + ": file not found");
        Path array = Files.writeString(dir.resolve("a.json"), "[1]");
        assertThatThrownBy(() -> reader.read(array, Root.class, UnaryOperator.identity()))
                .hasMessage(array + ": $ - expected a JSON object (was an array)");
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertThat(problems("{\"name\": \"a\", \"name\": \"b\"}")).containsExactly(
                "t.json: line 1, column 21 - Duplicate field 'name'");
    }

    @Test
    void roundTripsJsonRecordJson() throws Exception {
        Root root = reader.parse("t.json", """
                {"name": "a", "dataset": {"type": "test-data"}, "models": [{"name": "m", "prior": {"type": "test-prior"}}]}
                """, Root.class, UnaryOperator.identity());
        String json = mapper.writeValueAsString(root);
        assertThat(json).contains("\"type\" : \"test-prior\"", "\"type\" : \"test-attack\"");
        Root again = reader.parse("t.json", json, Root.class, UnaryOperator.identity());
        assertThat(again).isEqualTo(root);
        assertThat(mapper.writeValueAsString(again)).isEqualTo(json);
    }
}

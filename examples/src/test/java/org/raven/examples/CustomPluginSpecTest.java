package org.raven.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.cli.RavenCli;

/**
 * The third-party plugin of examples/custom-plugin, used from a JSON spec exactly as a user would: its jar is
 * on the class path, nothing else is registered by hand.
 */
class CustomPluginSpecTest {

    record Outcome(int status, String out, String err) {
    }

    static Outcome raven(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RavenCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(status, out.toString(), err.toString());
    }

    static final String SPEC = """
            {"name": "custom", "dataset": {"type": "synthetic", "trainSize": 300, "testSize": 60, "classes": 3, "imageSize": 8},
             "seeds": [1],
             "architecture": {"type": "mlp", "hidden": [32], "latentDim": 4},
             "models": [{"name": "wide", "prior": {"type": "scaled-normal", "scale": 1.5}},
                        {"name": "raven", "prior": {"type": "additive"}, "noise": {"type": "gaussian"},
                         "defence": {"type": "pixel-dropout", "rate": 0.2}}],
             "training": {"epochs": 1, "batchSize": 32},
             "evaluation": {"attack": {"type": "latent-shift", "steps": 5}, "budgets": [0, 0.1], "testPoints": 40,
                            "classifier": {"epochs": 3}, "tsnePoints": 0}}
            """;

    @Test
    void aSpecNamingThePluginsRunsEndToEnd(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("custom.json"), SPEC);
        Path out = dir.resolve("out");
        Outcome run = raven("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("cells")).hasSize(2);
        for (JsonNode cell : results.path("cells")) {
            // both priors declare raven-api's ClosedFormPrior: the trainer ran them on the fused engine
            assertThat(cell.path("engine").asText()).as(cell.path("model").asText()).isEqualTo("fused");
            JsonNode attacked = cell.path("budgets").get(1);
            assertThat(attacked.path("budget").asDouble()).isEqualTo(0.1);
            assertThat(attacked.path("accuracy").asDouble()).isBetween(0.0, 1.0);
            // latent-shift reports ||mu(x+e) - mu(x)||^2: positive once the budget is spent.
            assertThat(attacked.path("attackObjective").asDouble()).isPositive();
        }
        JsonNode resolved = new ObjectMapper().readTree(out.resolve("spec.resolved.json").toFile());
        assertThat(resolved.path("models").get(0).path("prior").path("scale").asDouble()).isEqualTo(1.5);
        assertThat(resolved.path("models").get(1).path("defence").path("rate").asDouble()).isEqualTo(0.2);
        assertThat(results.path("cells").get(1).path("defence").path("defence").asText()).isEqualTo("pixel-dropout");
        assertThat(resolved.path("evaluation").path("attack").path("stepSize").asDouble()).isEqualTo(0.25);
    }

    @Test
    void thePluginsValidateLikeBuiltInOnes(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.json"), SPEC.replace("\"scale\": 1.5", "\"scale\": -1.0")
                .replace("\"steps\": 5", "\"steps\": 0"));
        Outcome validate = raven("validate", spec.toString());
        assertThat(validate.status()).isEqualTo(2);
        assertThat(validate.err()).contains(
                "bad.json: $.models[0].prior.scale - must be > 0 (was -1.0)",
                "bad.json: $.evaluation.attack.steps - must be >= 1 (was 0)");
    }

    @Test
    void aPerDimensionParameterIsCheckedAgainstTheArchitecturesLatentSize(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("dims.json"), SPEC.replace("\"scale\": 1.5", "\"scales\": [1.0, 2.0, 3.0]"));
        Outcome validate = raven("validate", spec.toString());
        assertThat(validate.status()).isEqualTo(2);
        assertThat(validate.err()).contains(
                "dims.json: $.models[0].prior.scales - has 3 entries, expected one per latent dimension (latentDim = 4)");
    }

    @Test
    void listShowsThePluginsWithTheirDefaults() {
        Outcome list = raven("list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("scaled-normal", "latent-shift");
    }
}

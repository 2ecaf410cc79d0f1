package org.raven.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defence benchmark's specs: the MNIST and Fashion-MNIST grids and the beta-VAE example validate, and the CI-sized
 * synthetic version trains and evaluates every defence end to end.
 */
class DefencesSpecTest {

    private static final Path EXAMPLES = Path.of("").toAbsolutePath();

    @Test
    void theBenchmarkSpecsValidate() {
        for (String spec : List.of("defences-mnist.json", "defences-fashion-mnist.json", "beta-vae-mnist.json",
                "defences-synthetic.json")) {
            CustomPluginSpecTest.Outcome v = CustomPluginSpecTest.raven("validate", EXAMPLES.resolve(spec).toString());
            assertThat(v.status()).as(spec + ": " + v.err() + v.out()).isZero();
        }
    }

    @Test
    void underTheEnsembleARandomModelIsScoredByItsPerPointWorstCase(@TempDir Path dir) throws Exception {
        // vae and the HMC-corrected model of the synthetic grid, scored with the ensemble: every reported accuracy is
        // the share of points no member broke, for the random code too (one more draw of its chain would say more)
        JsonNode spec = new ObjectMapper().readTree(EXAMPLES.resolve("defences-synthetic.json").toFile());
        com.fasterxml.jackson.databind.node.ArrayNode models = ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .putArray("models");
        new ObjectMapper().readTree(EXAMPLES.resolve("defences-synthetic.json").toFile()).path("models").forEach(m -> {
            if (m.path("name").asText().equals("vae") || m.path("name").asText().equals("mcmc")) {
                models.add(m);
            }
        });
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec.path("evaluation")).set("attack",
                new ObjectMapper().readTree("{\"type\": \"ensemble\", \"norm\": \"linf\"}"));
        Path file = dir.resolve("ensemble.json");
        new ObjectMapper().writeValue(file.toFile(), spec);
        Path out = dir.resolve("out");
        CustomPluginSpecTest.Outcome run = CustomPluginSpecTest.raven("run", file.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode cells = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells");
        assertThat(cells).hasSize(2);
        for (JsonNode c : cells) {
            for (JsonNode b : c.path("budgets")) {
                int unbroken = 0;
                for (JsonNode p : b.path("brokenBy")) {
                    unbroken += p.asInt() < 0 ? 1 : 0;
                }
                String at = c.path("model").asText() + " at " + b.path("budget").asDouble();
                assertThat(b.path("accuracy").asDouble()).as(at).isEqualTo((double) unbroken / b.path("brokenBy").size());
                for (JsonNode m : b.path("members")) {
                    assertThat(b.path("accuracy").asDouble()).as(at + ", " + m.path("name").asText())
                            .isLessThanOrEqualTo(m.path("accuracy").asDouble());
                }
            }
        }
    }

    @Test
    void aBadDefenceKeyIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path spec = java.nio.file.Files.writeString(dir.resolve("bad.json"), """
                {"name": "bad", "dataset": {"type": "synthetic"},
                 "models": [{"name": "a", "prior": {"type": "standard-normal"}, "defence": {"type": "lipschitz", "target": 0}},
                            {"name": "b", "prior": {"type": "standard-normal"}, "inference": {"type": "hmc", "steps": 0}},
                            {"name": "c", "prior": {"type": "standard-normal"}, "defence": {"type": "no-such"}}]}
                """);
        CustomPluginSpecTest.Outcome v = CustomPluginSpecTest.raven("validate", spec.toString());
        assertThat(v.status()).isEqualTo(2);
        assertThat(v.err()).contains("unknown defence 'no-such'", "adversarial-training", "beta-tcvae", "lipschitz");
    }

    @Test
    void everyDefenceTrainsAndIsEvaluatedOnTheSyntheticGrid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CustomPluginSpecTest.Outcome run = CustomPluginSpecTest.raven("run",
                EXAMPLES.resolve("defences-synthetic.json").toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode cells = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells");
        Map<String, JsonNode> byModel = new HashMap<>();
        cells.forEach(c -> byModel.put(c.path("model").asText(), c));
        assertThat(byModel.keySet()).containsExactlyInAnyOrder("vae", "noisy-vae", "raven", "beta-vae", "beta-tcvae",
                "adversarial", "mcmc", "lipschitz");
        for (JsonNode c : cells) {
            assertThat(c.path("cleanAccuracy").asDouble()).as(c.path("model").asText()).isBetween(0.0, 1.0);
            assertThat(c.path("budgets")).hasSize(2);
            assertThat(c.path("cleanMse").asDouble()).isFinite().isPositive();
        }
        assertThat(byModel.get("beta-tcvae").path("engine").asText()).isEqualTo("samediff"); // an objective term
        assertThat(byModel.get("adversarial").path("engine").asText()).isEqualTo("fused"); // only the inputs change
        assertThat(byModel.get("lipschitz").path("engine").asText()).isEqualTo("fused");
        assertThat(byModel.get("vae").path("defence").isMissingNode() || byModel.get("vae").path("defence").isNull()).isTrue();

        JsonNode lipschitz = byModel.get("lipschitz").path("defence");
        assertThat(lipschitz.path("defence").asText()).isEqualTo("lipschitz");
        assertThat(lipschitz.path("shifts")).hasSize(2);
        JsonNode atZero = lipschitz.path("shifts").get(0);
        assertThat(atZero.path("maxShift").asDouble()).isZero();
        JsonNode shift = lipschitz.path("shifts").get(1);
        assertThat(shift.path("maxShift").asDouble()).isPositive().isLessThanOrEqualTo(shift.path("certified").asDouble());

        // mcmc is scored on its own 20 test points (the chain runs in every attack step), the others on 40
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(out.resolve("cells/mcmc-seed1/cell.json").toFile())
                .path("cell").path("evaluation").path("testPoints").asInt()).isEqualTo(20);
        assertThat(json.readTree(out.resolve("cells/vae-seed1/cell.json").toFile())
                .path("cell").path("evaluation").path("testPoints").asInt()).isEqualTo(40);
        assertThat(out.resolve("report.html")).content().contains("<th>test points</th><td>40 (mcmc: 20)</td>");
        JsonNode mcmc = byModel.get("mcmc").path("defence");
        assertThat(mcmc.path("inference").asText()).isEqualTo("hmc");
        assertThat(mcmc.path("gradient").asText()).startsWith("BPDA");
        assertThat(mcmc.path("diagnostics").path("acceptanceRate").asDouble()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    }
}

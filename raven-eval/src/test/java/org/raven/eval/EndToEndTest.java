package org.raven.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.core.train.Checkpoint;
import org.raven.eval.cli.RavenCliTest;

/** {@code raven run} on a tiny synthetic spec with the real VAE, trainer, attack and dataset. */
class EndToEndTest {

    static final String SPEC = """
            {"name": "tiny", "dataset": {"type": "synthetic", "trainSize": 300, "testSize": 60, "classes": 3, "imageSize": 8},
             "seeds": [1, 2],
             "architecture": {"type": "mlp", "hidden": [32], "latentDim": 4},
             "models": [{"name": "vae", "prior": {"type": "standard-normal"}},
                        {"name": "raven", "prior": {"type": "additive", "tau": 0.5}, "noise": {"type": "gaussian", "sigma": 0.3}}],
             "training": {"epochs": 1, "batchSize": 32},
             "evaluation": {"attack": {"type": "latent-skl-pgd", "steps": 5}, "budgets": [0, 0.1], "testPoints": 40,
                            "classifier": {"epochs": 3}, "tsnePoints": 50}}
            """;

    @Test
    void runWritesEveryOutputAndReportRedrawsIt(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC);
        Path out = dir.resolve("out");
        RavenCliTest.Outcome run = RavenCliTest.raven("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("vae", "raven", "results in ");

        for (String f : List.of("spec.resolved.json", "results.json", "results.csv", "robustness.png", "tsne.png",
                "training-vae.png", "training-raven.png", "report.html", "cells/vae-seed1/result.json", "cells/raven-seed2/cell.json",
                "cells/raven-seed2/checkpoints/training-key.txt")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertPng(out.resolve("robustness.png"), 800, 560);
        assertPng(out.resolve("tsne.png"), 2 * 560, 520);
        assertPng(out.resolve("training-vae.png"), 700, 480);

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("cells")).hasSize(4);
        JsonNode cell = results.path("cells").get(0);
        assertThat(cell.path("model").asText()).isEqualTo("vae");
        assertThat(cell.path("budgets")).hasSize(2);
        double clean = cell.path("cleanAccuracy").asDouble();
        assertThat(cell.path("budgets").get(0).path("accuracy").asDouble()).isEqualTo(clean); // budget 0 = clean
        assertThat(cell.path("training")).hasSize(1);
        assertThat(cell.path("embedding").path("x")).hasSize(100); // 50 clean + 50 noisy
        assertThat(results.path("cells").get(1).path("embedding").isNull()).isTrue(); // seed 2 does not embed
        assertThat(results.path("provenance").path("backend").asText()).contains("CpuBackend");
        // Each cell's own provenance, from the process that computed it.
        JsonNode own = cell.path("provenance");
        assertThat(own.path("engine").asText()).isEqualTo(cell.path("engine").asText()).isIn("fused", "samediff");
        assertThat(own.path("dataset").asText()).isEqualTo(results.path("datasets").path("synthetic").asText());
        assertThat(own.path("datasetFiles").isObject()).isTrue(); // generated in memory: no file
        assertThat(own.path("environment").path("backend").asText()).contains("CpuBackend");
        assertThat(own.path("environment").path("blasThreads").asText()).isNotBlank();
        assertThat(own.path("environment").has("gitCommit")).isTrue();
        assertThat(own.path("plugins")).anySatisfy(p -> {
            assertThat(p.path("kind").asText()).isEqualTo("attack");
            assertThat(p.path("id").asText()).isEqualTo("latent-skl-pgd");
            assertThat(p.path("className").asText()).isEqualTo("org.raven.attacks.LatentSklPgdProvider");
            assertThat(p.path("jar").asText()).containsAnyOf("raven-attacks", "classes");
            if (p.path("jar").asText().endsWith(".jar")) {
                assertThat(p.path("jarSha256").asText()).matches("[0-9a-f]{64}");
            }
        });
        assertThat(results.path("datasets").path("synthetic").asText()).startsWith("synthetic");
        String page = Files.readString(out.resolve("report.html"));
        assertThat(page).contains("<tr data-model=\"vae\">", "<tr data-model=\"raven\">", "data:image/png;base64,",
                results.path("datasets").path("synthetic").asText());
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(1 + 2 * 2 * 2);

        // A cell killed after training: its finished checkpoint is reused and gives the same numbers.
        Files.delete(out.resolve("cells/vae-seed1/result.json"));
        RavenCliTest.Outcome resumed = RavenCliTest.raven("run", spec.toString(), "--out", out.toString(), "--resume");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        JsonNode redone = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells").get(0);
        assertThat(redone.path("timings").path("reusedCheckpoint").asBoolean()).isTrue();
        assertThat(redone.path("timings").path("trainSeconds").asDouble()).isLessThan(5.0);
        for (String field : List.of("cleanAccuracy", "cleanBound", "cleanMse", "budgets", "training", "embedding")) {
            assertThat(redone.path(field)).as(field).isEqualTo(cell.path(field));
        }
        // It keeps the provenance of the run that trained it, from the checkpoint, beside the evaluating run's own.
        assertThat(own.path("training").isNull()).as("trained from scratch: no checkpoint provenance").isTrue();
        JsonNode trainedBy = redone.path("provenance").path("training");
        assertThat(trainedBy).isEqualTo(new ObjectMapper().readTree(Checkpoint.latest(out.resolve("cells/vae-seed1/checkpoints"))
                .orElseThrow().provenance()));
        for (String field : List.of("engine", "dataset", "datasetFiles", "plugins")) {
            assertThat(trainedBy.path(field)).as(field).isEqualTo(own.path(field));
        }
        assertThat(trainedBy.path("environment").path("gitCommit")).isEqualTo(own.path("environment").path("gitCommit"));
        java.time.Instant trainingStart = java.time.Instant.parse(trainedBy.path("environment").path("start").asText());
        assertThat(trainingStart) // began before that cell ended, and so before the resumed run
                .isBefore(java.time.Instant.parse(own.path("environment").path("start").asText()))
                .isBefore(java.time.Instant.parse(redone.path("provenance").path("environment").path("start").asText()));

        // Resume with everything finished recomputes nothing and reports the same numbers.
        RavenCliTest.Outcome again = RavenCliTest.raven("run", spec.toString(), "--out", out.toString(), "--resume");
        assertThat(again.status()).as(again.err()).isZero();
        JsonNode cellsAgain = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells");
        for (int i = 1; i < 4; i++) {
            assertThat(cellsAgain.get(i)).isEqualTo(results.path("cells").get(i));
        }

        Files.delete(out.resolve("tsne.png"));
        Files.delete(out.resolve("results.csv"));
        String lastPage = Files.readString(out.resolve("report.html")); // the resumed runs' provenance
        Files.delete(out.resolve("report.html"));
        assertThat(RavenCliTest.raven("report", out.toString()).status()).isZero();
        assertThat(Files.readString(out.resolve("report.html"))).isEqualTo(lastPage);
        assertPng(out.resolve("tsne.png"), 2 * 560, 520);
        assertThat(out.resolve("results.csv")).isRegularFile();
    }

    /** A cell computes the same numbers in this process and in a worker process. */
    @Test
    void workerProcessesGiveTheSameResultsAsInProcess(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC.replace("\"tsnePoints\": 50", "\"tsnePoints\": 0"));
        RavenCliTest.Outcome local = RavenCliTest.raven("run", spec.toString(), "--out", dir.resolve("a").toString());
        assertThat(local.status()).as(local.err()).isZero();
        RavenCliTest.Outcome workers = RavenCliTest.raven("run", spec.toString(), "--out", dir.resolve("b").toString(),
                "--executor", "local", "--workers", "2");
        assertThat(workers.status()).as(workers.err()).isZero();
        assertThat(dir.resolve("b/cells/raven-seed2/worker.log")).isRegularFile();
        JsonNode a = new ObjectMapper().readTree(dir.resolve("a/results.json").toFile()).path("cells");
        JsonNode b = new ObjectMapper().readTree(dir.resolve("b/results.json").toFile()).path("cells");
        assertThat(b).hasSize(4);
        for (int i = 0; i < 4; i++) {
            for (String field : List.of("model", "seed", "hash", "cleanAccuracy", "cleanBound", "cleanMse", "budgets")) {
                assertThat(b.get(i).path(field)).as(i + "." + field).isEqualTo(a.get(i).path(field));
            }
            assertThat(b.get(i).path("training").get(0).path("bound")).isEqualTo(a.get(i).path("training").get(0).path("bound"));
        }
    }

    /**
     * No held-out split, dropLast, common random numbers and a random test selection, end to end: no held-out MSE
     * anywhere (rather than NaN), the SKL labelled, and raven minus vae paired by seed in results.json and the summary.
     */
    @Test
    void pytorchStyleProtocolKnobsRunEndToEnd(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC
                .replace("\"training\": {\"epochs\": 1, \"batchSize\": 32}", "\"training\": {\"epochs\": 1, \"batchSize\": 32,"
                        + " \"validationFraction\": 0, \"dropLast\": true, \"commonRandomNumbers\": true}")
                .replace("\"testPoints\": 40,", "\"testPoints\": 40, \"testSelection\": \"random\",")
                .replace("\"tsnePoints\": 50", "\"tsnePoints\": 0")
                .replace("\"hidden\": [32], \"latentDim\": 4}", "\"hidden\": [32], \"latentDim\": 4, \"init\": \"torch\"}"));
        Path out = dir.resolve("out");
        RavenCliTest.Outcome run = RavenCliTest.raven("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("paired by seed (common random numbers): accuracy minus the reference's");
        String json = Files.readString(out.resolve("results.json"));
        assertThat(json).doesNotContain("NaN").doesNotContain("heldOutMse");
        assertThat(Files.readString(out.resolve("results.csv"))).doesNotContain("NaN");
        JsonNode results = new ObjectMapper().readTree(json);
        assertThat(results.path("spec").path("training").path("dropLast").asBoolean()).isTrue();
        assertThat(results.path("spec").path("architecture").path("init").asText()).isEqualTo("torch");
        assertThat(results.path("spec").path("evaluation").path("classifier").path("hiddenPerLatent").asInt()).isEqualTo(2);
        JsonNode cell = results.path("cells").get(0);
        assertThat(cell.path("training").get(0).has("heldOutMse")).isFalse();
        assertThat(cell.path("objective").asText()).isEqualTo("SKL = 0.5 KL(q(z|x+e) || q(z|x)) + 0.5 KL(q(z|x) || q(z|x+e))");
        JsonNode paired = results.path("paired");
        assertThat(paired).hasSize(2); // raven - vae at budgets 0 and 0.1
        assertThat(paired.get(1).path("model").asText()).isEqualTo("raven");
        assertThat(paired.get(1).path("accuracy").path("n").asInt()).isEqualTo(2);
    }

    /** The ensemble end to end: its version, members and per-point breaks, and every metric, in results and CSV. */
    @Test
    void theEnsembleRecordsItsMembersAndEveryMetric(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC
                .replace("\"seeds\": [1, 2]", "\"seeds\": [1]")
                .replace("{\"type\": \"latent-skl-pgd\", \"steps\": 5}", "{\"type\": \"ensemble\"}")
                .replace("\"budgets\": [0, 0.1]", "\"budgets\": [0, 0.1, 0.3], \"robustnessRadius\": 0.2")
                .replace("\"tsnePoints\": 50", "\"tsnePoints\": 0"));
        Path out = dir.resolve("out");
        RavenCliTest.Outcome run = RavenCliTest.raven("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode cell = results.path("cells").get(0);
        assertThat(cell.path("ensemble").asText()).isEqualTo("raven-ensemble-1");
        assertThat(cell.path("objective").asText()).startsWith("margin = max_{j != y} h_j - h_y");
        assertThat(results.path("spec").path("evaluation").path("robustnessRadius").asDouble()).isEqualTo(0.2);
        for (int b = 0; b < 3; b++) {
            JsonNode budget = cell.path("budgets").get(b);
            assertThat(budget.path("members")).extracting(m -> m.path("name").asText())
                    .containsExactly("apgd-ce", "apgd-dlr", "apgd-mu", "apgd-skl", "random-noise");
            assertThat(budget.path("brokenBy")).hasSize(40);
            long unbroken = 0;
            for (JsonNode by : budget.path("brokenBy")) {
                unbroken += by.asInt() < 0 ? 1 : 0;
            }
            double accuracy = budget.path("accuracy").asDouble();
            assertThat(accuracy).isEqualTo(unbroken / 40.0);
            for (JsonNode m : budget.path("members")) {
                assertThat(accuracy).as("ensemble at most each member").isLessThanOrEqualTo(m.path("accuracy").asDouble());
            }
            for (String metric : List.of("skl", "muShift", "reconShift", "negativeElbo", "rRobustness")) {
                assertThat(budget.path(metric).isNumber()).as(metric).isTrue();
                assertThat(Double.isFinite(budget.path(metric).asDouble())).as(metric).isTrue();
            }
        }
        JsonNode zero = cell.path("budgets").get(0);
        assertThat(zero.path("skl").asDouble()).isZero();
        assertThat(zero.path("muShift").asDouble()).isZero();
        assertThat(zero.path("reconShift").asDouble()).isZero();
        assertThat(zero.path("negativeElbo").asDouble()).isCloseTo(-cell.path("cleanBound").asDouble(),
                org.assertj.core.api.Assertions.within(1e-9));
        JsonNode last = cell.path("budgets").get(2);
        assertThat(last.path("muShift").asDouble()).isPositive();
        assertThat(last.path("rRobustness").asDouble()).isLessThanOrEqualTo(zero.path("rRobustness").asDouble());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0)).endsWith(",skl,mu_shift,recon_shift,negative_elbo,r_robustness,ensemble,warnings,defence,max_mu_shift,"
                + "certified_mu_shift");
        assertThat(csv.get(2)).contains(",raven-ensemble-1,");
    }

    private static void assertPng(Path file, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}

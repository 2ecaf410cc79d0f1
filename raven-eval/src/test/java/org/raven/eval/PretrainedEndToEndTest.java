package org.raven.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.cli.RavenCliTest;

/**
 * {@code raven run} on a model trained elsewhere: raven-onnx's mlp fixture (a PyTorch VAE exported to ONNX by
 * raven-onnx/fixtures/make_fixtures.py), on synthetic 28x28 data, with nothing trained but the latent classifier.
 */
class PretrainedEndToEndTest {

    /** The committed fixtures, from this module's folder (where surefire runs). */
    private static final Path FIXTURES = Path.of("..", "raven-onnx", "src", "test", "resources", "fixtures");

    private static String spec(int imageSize, String mu) {
        return """
                {"name": "pretrained", "dataset": {"type": "synthetic", "trainSize": 200, "testSize": 40, "classes": 3, "imageSize": %d},
                 "seeds": [1],
                 "models": [{"name": "torch-vae", "pretrained": {"type": "onnx", "encoder": "models/enc.onnx",
                             "decoder": "models/dec.onnx", "mu": "%s", "logVar": "logvar"}}],
                 "evaluation": {"attack": {"type": "latent-skl-pgd", "steps": 5}, "budgets": [0, 0.5], "testPoints": 40,
                                "classifier": {"epochs": 3}, "tsnePoints": 30}}
                """.formatted(imageSize, mu);
    }

    private static Path copyModels(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.copy(FIXTURES.resolve("mlp-encoder.onnx"), dir.resolve("models/enc.onnx"));
        Files.copy(FIXTURES.resolve("mlp-decoder.onnx"), dir.resolve("models/dec.onnx"));
        return dir.resolve("models");
    }

    @Test
    void runsTheWholeEvaluationWithoutTraining(@TempDir Path dir) throws Exception {
        Path models = copyModels(dir);
        Path spec = Files.writeString(dir.resolve("pretrained.json"), spec(28, "mu"));
        Path out = dir.resolve("out");
        RavenCliTest.Outcome run = RavenCliTest.raven("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        for (String f : List.of("results.json", "results.csv", "robustness.png", "tsne.png", "cells/torch-vae-seed1/result.json")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(out.resolve("cells/torch-vae-seed1/checkpoints")).doesNotExist();

        JsonNode cell = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells").get(0);
        assertThat(cell.path("engine").asText()).isEqualTo("pretrained");
        assertThat(cell.path("training")).isEmpty();
        JsonNode files = cell.path("pretrained");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).path("role").asText()).isEqualTo("encoder");
        assertThat(files.get(0).path("path").asText()).isEqualTo(models.resolve("enc.onnx").toAbsolutePath().normalize().toString());
        assertThat(files.get(0).path("sha256").asText()).isEqualTo(sha256(models.resolve("enc.onnx")));
        assertThat(files.get(1).path("sha256").asText()).isEqualTo(sha256(models.resolve("dec.onnx")));

        double clean = cell.path("cleanAccuracy").asDouble();
        assertThat(clean).isBetween(0.0, 1.0);
        JsonNode budgets = cell.path("budgets");
        assertThat(budgets.get(0).path("accuracy").asDouble()).isEqualTo(clean); // budget 0 = clean
        assertThat(budgets.get(1).path("attackObjective").asDouble()).isPositive();
        assertThat(cell.path("cleanMse").asDouble()).isPositive().isLessThan(1.0);
        assertThat(budgets.get(1).path("reconMse").asDouble()).isGreaterThan(cell.path("cleanMse").asDouble());
        assertThat(cell.path("cleanBound").asText()).isEqualTo("NaN"); // not ours to know
        assertThat(cell.path("embedding").path("x")).hasSize(30); // clean points only: no model has noise

        // Another encoder under the same name (same input, latent size and outputs): --resume evaluates it again.
        Files.copy(FIXTURES.resolve("chunk-encoder.onnx"), models.resolve("enc.onnx"), StandardCopyOption.REPLACE_EXISTING);
        RavenCliTest.Outcome resumed = RavenCliTest.raven("run", spec.toString(), "--out", out.toString(), "--resume");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("cells").get(0);
        assertThat(again.path("pretrained").get(0).path("sha256").asText()).isEqualTo(sha256(models.resolve("enc.onnx")))
                .isNotEqualTo(files.get(0).path("sha256").asText());
    }

    @Test
    void validateReportsMissingFilesAndUnknownOutputsAtTheirFields(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.json"), spec(28, "mean"));
        RavenCliTest.Outcome missing = RavenCliTest.raven("validate", spec.toString());
        assertThat(missing.status()).isNotZero();
        assertThat(missing.err()).contains("bad.json: $.models[0].pretrained.encoder - file not found: "
                + dir.resolve("models/enc.onnx").toAbsolutePath().normalize());

        copyModels(dir);
        RavenCliTest.Outcome output = RavenCliTest.raven("validate", spec.toString());
        assertThat(output.status()).isNotZero();
        assertThat(output.err()).contains("bad.json: $.models[0].pretrained.mu - encoder enc.onnx has no output 'mean'; "
                + "its outputs: mu, logvar");
    }

    @Test
    void aModelThatDoesNotFitTheDatasetFailsItsCellSayingWhy(@TempDir Path dir) throws Exception {
        copyModels(dir);
        Path spec = Files.writeString(dir.resolve("small.json"), spec(8, "mu"));
        RavenCliTest.Outcome run = RavenCliTest.raven("run", spec.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.status()).isNotZero();
        assertThat(run.out() + run.err()).contains("model 'torch-vae': encoder input 'x' has shape [batch, 784], which does "
                + "not fit the dataset's 1x8x8 images (64 values each)");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

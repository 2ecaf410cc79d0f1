package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.data.InputShape;
import org.raven.api.model.Posterior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.arch.MlpSpec;
import org.raven.core.prior.StandardNormalPrior;
import org.raven.core.train.Checkpoint;
import org.raven.onnx.OnnxModel;
import org.raven.onnx.OnnxSpec;

/** {@code raven export}: a trained cell as ONNX that the importer reads back with the trained model's numbers. */
class ExportCommandTest {

    private static final String SPEC = """
            {"name": "tiny", "dataset": {"type": "synthetic", "trainSize": 120, "testSize": 20, "classes": 2, "imageSize": 8},
             "seeds": [3], "architecture": {"type": "mlp", "hidden": [16], "latentDim": 3},
             "models": [{"name": "vae", "prior": {"type": "standard-normal"}}],
             "training": {"epochs": 1, "batchSize": 32},
             "evaluation": {"attack": {"type": "latent-skl-pgd", "steps": 2}, "budgets": [0], "testPoints": 10,
                            "classifier": {"epochs": 1}, "tsnePoints": 0}}
            """;

    @Test
    void exportedModelReadsBackWithTheTrainedNumbers(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), SPEC);
        Path run = dir.resolve("run");
        RavenCliTest.Outcome trained = RavenCliTest.raven("run", spec.toString(), "--out", run.toString());
        assertThat(trained.status()).as(trained.err()).isZero();

        Path out = dir.resolve("onnx");
        RavenCliTest.Outcome exported = RavenCliTest.raven("export", run.toString(), "--model", "vae", "--out", out.toString());
        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("exported vae-seed3 (1 epochs) to " + out);

        // The trained model, rebuilt from the cell's checkpoint.
        Map<String, INDArray> weights = Checkpoint.latest(run.resolve("cells/vae-seed3/checkpoints")).orElseThrow().weights();
        Vae vae = Vae.create(new VaeConfig(new MlpArchitecture(new MlpSpec(java.util.List.of(16), 3)), new StandardNormalPrior(),
                null, LikelihoodSpec.bernoulli(), 1.0, new InputShape(1, 8, 8)), 0);
        weights.forEach((name, w) -> vae.weights().get(name).assign(w));

        OnnxModel back = OnnxModel.load(OnnxSpec.of(out.resolve("encoder.onnx"), out.resolve("decoder.onnx"), "mu", "logvar"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 64);
        Posterior ours = vae.encode(x);
        Posterior theirs = back.encode(x);
        assertThat(theirs.mu().sub(ours.mu()).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(theirs.logVar().sub(ours.logVar()).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(back.decoder().decode(ours.mu()).sub(vae.decoder().decode(ours.mu())).amaxNumber().doubleValue()).isLessThan(1e-5);

        JsonNode json = new ObjectMapper().readTree(out.resolve("export.json").toFile());
        assertThat(json.path("model").asText()).isEqualTo("vae");
        assertThat(json.path("seed").asLong()).isEqualTo(3);
        assertThat(json.path("files").path("encoder.onnx").asText()).matches("[0-9a-f]{64}");
        INDArray refX = matrix(json.path("reference").path("x"));
        INDArray refMu = matrix(json.path("reference").path("mu"));
        assertThat(back.encode(refX.castTo(DataType.FLOAT)).mu().castTo(DataType.DOUBLE).sub(refMu).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void aMissingCellIsNamed(@TempDir Path dir) {
        RavenCliTest.Outcome r = RavenCliTest.raven("export", dir.toString(), "--model", "vae", "--seed", "4", "--out", dir.resolve("o").toString());
        assertThat(r.status()).isEqualTo(RavenCli.BAD_INPUT);
        assertThat(r.err()).contains(dir.resolve("cells").resolve("vae-seed4") + ": no such cell (model 'vae', seed 4)");
    }

    private static INDArray matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[rows.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return Nd4j.create(m);
    }
}

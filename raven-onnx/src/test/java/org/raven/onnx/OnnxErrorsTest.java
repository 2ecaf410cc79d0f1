package org.raven.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.data.InputShape;
import org.raven.api.model.ModelSourceException;

/** Each way a pretrained model can be wrong gets one clear message that names the spec field at fault. */
class OnnxErrorsTest {

    @Test
    void missingFileNamesItsAbsolutePath(@TempDir Path dir) {
        OnnxSpec spec = new OnnxSpec("nowhere/enc.onnx", null, null, null, null, null, null).resolveAgainst(dir);
        assertThatThrownBy(() -> OnnxModel.load(spec)).isInstanceOf(ModelSourceException.class)
                .hasMessage("file not found: " + dir.resolve("nowhere/enc.onnx"))
                .extracting(e -> ((ModelSourceException) e).field()).isEqualTo("encoder");
    }

    @Test
    void missingDecoderIsTheDecoderField(@TempDir Path dir) {
        OnnxSpec spec = new OnnxSpec(Fixtures.file("mlp-encoder.onnx").toString(), dir.resolve("dec.onnx").toString(),
                "mu", "logvar", null, null, null);
        assertThatThrownBy(() -> OnnxModel.load(spec)).hasMessage("file not found: " + dir.resolve("dec.onnx"))
                .extracting(e -> ((ModelSourceException) e).field()).isEqualTo("decoder");
    }

    @Test
    void aFileThatIsNotOnnxSaysSo(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("enc.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxModel.load(new OnnxSpec(junk.toString(), null, null, null, null, null, null)))
                .hasMessageStartingWith(junk + " is not an ONNX model (");
    }

    @Test
    void unknownOutputNameListsTheOutputsThereAre() {
        OnnxSpec spec = new OnnxSpec(Fixtures.file("mlp-encoder.onnx").toString(), null, "mean", "logvar", null, null, null);
        assertThatThrownBy(() -> OnnxModel.load(spec))
                .hasMessage("encoder mlp-encoder.onnx has no output 'mean'; its outputs: mu, logvar")
                .extracting(e -> ((ModelSourceException) e).field()).isEqualTo("mu");
        OnnxSpec split = new OnnxSpec(Fixtures.file("conv-encoder.onnx").toString(), null, null, null, "z", null, null);
        assertThatThrownBy(() -> OnnxModel.load(split))
                .hasMessage("encoder conv-encoder.onnx has no output 'z'; its outputs: h")
                .extracting(e -> ((ModelSourceException) e).field()).isEqualTo("splitOutput");
    }

    @Test
    void unsupportedOperatorIsNamedWithTheSupportedOnes() {
        OnnxSpec spec = new OnnxSpec(Fixtures.file("gelu-encoder.onnx").toString(), null, null, null, "h", null, null);
        assertThatThrownBy(() -> OnnxModel.load(spec))
                .hasMessage("encoder gelu-encoder.onnx uses ONNX operators the importer does not support: Erf; supported: "
                        + "Add, BatchNormalization, Concat, Constant, Conv, ConvTranspose, Div, Dropout, Elu, Exp, Flatten, "
                        + "Gather, Gemm, Identity, LeakyRelu, Log, MatMul, Mul, Neg, Relu, Reshape, Shape, Sigmoid, Slice, "
                        + "Softplus, Split, Sqrt, Sub, Tanh, Transpose, Unsqueeze")
                .extracting(e -> ((ModelSourceException) e).field()).isEqualTo("encoder");
    }

    @Test
    void inputShapeThatDoesNotFitTheDatasetIsExplained() {
        OnnxModel conv = OnnxModel.load(Fixtures.conv("float32"));
        assertThat(conv.incompatibility(new InputShape(1, 28, 28))).isEmpty();
        assertThat(conv.incompatibility(new InputShape(3, 28, 28))).contains("encoder input 'image' has shape "
                + "[batch, 1, 28, 28], which does not fit the dataset's 3x28x28 images (2352 values each)");
        OnnxModel mlp = OnnxModel.load(Fixtures.mlp("float32"));
        assertThat(mlp.incompatibility(new InputShape(1, 28, 28))).isEmpty();
        assertThat(mlp.incompatibility(new InputShape(1, 32, 32))).contains("encoder input 'x' has shape "
                + "[batch, 784], which does not fit the dataset's 1x32x32 images (1024 values each)");
    }

    @Test
    void decoderWhoseInputIsNotTheLatentSpaceIsRejected() {
        OnnxSpec spec = new OnnxSpec(Fixtures.file("mlp-encoder.onnx").toString(), Fixtures.file("conv-decoder.onnx").toString(),
                "mu", "logvar", null, null, null);
        assertThatThrownBy(() -> OnnxModel.load(spec))
                .hasMessage("decoder conv-decoder.onnx input has shape [batch, 3]; the encoder's latent space needs [batch, 4]");
    }

    @Test
    void withoutADecoderTheModelSaysSo() {
        OnnxModel vae = OnnxModel.load(new OnnxSpec(Fixtures.file("mlp-encoder.onnx").toString(), null, null, null, null, null, null));
        assertThat(vae.hasDecoder()).isFalse();
        assertThatThrownBy(vae::decoder).hasMessage("this ONNX model has no decoder (set \"decoder\" in its spec)");
    }

    @Test
    void specValidationReportsEveryProblem() {
        assertThat(new OnnxSpec(" ", "", "mu", null, "h", null, "float16").validate()).extracting(Object::toString)
                .containsExactly("encoder - must name the encoder's .onnx file",
                        "decoder - must name the decoder's .onnx file, or be left out",
                        "splitOutput - set either splitOutput or mu and logVar, not both (was mu=mu, logVar=null)",
                        "precision - must be one of [float32, float64] (was float16)");
    }

    @Test
    void filesCarryTheirSha256() throws Exception {
        OnnxModel vae = OnnxModel.load(Fixtures.mlp("float32"));
        byte[] bytes = Files.readAllBytes(Fixtures.file("mlp-encoder.onnx"));
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(vae.files()).hasSize(2);
        assertThat(vae.files().get(0).role()).isEqualTo("encoder");
        assertThat(vae.files().get(0).sha256()).isEqualTo(expected);
        assertThat(vae.files().get(1).role()).isEqualTo("decoder");
    }
}

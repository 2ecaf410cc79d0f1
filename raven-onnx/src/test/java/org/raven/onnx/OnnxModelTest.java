package org.raven.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.Posterior;

/** The imported models compute what PyTorch computed (fixtures/make_fixtures.py, float64 references). */
class OnnxModelTest {

    private static double maxDiff(INDArray a, INDArray b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** float64 matches PyTorch's float64 to 1e-9; float32 (the default) to 1e-5 on mu, logVar and the decoder. */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"mlp, float64, 1e-9, 1e-9", "conv, float64, 1e-9, 1e-9", "mlp, float32, 1e-5, 1e-4", "conv, float32, 1e-5, 1e-4"})
    void matchesPyTorch(String model, String precision, double tol, double gradTol) {
        OnnxSpec spec = model.equals("mlp") ? Fixtures.mlp(precision) : Fixtures.conv(precision);
        OnnxModel vae = OnnxModel.load(spec);
        JsonNode expected = Fixtures.expected(model);
        INDArray x = Fixtures.matrix(expected.get("x"));
        INDArray a = Fixtures.matrix(expected.get("a"));
        INDArray b = Fixtures.matrix(expected.get("b"));

        Posterior q = vae.encode(x);
        assertThat(vae.inputSize()).isEqualTo(784);
        assertThat(vae.latentDim()).isEqualTo(model.equals("mlp") ? 4 : 3);
        assertThat(q.mu().dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(maxDiff(q.mu(), Fixtures.matrix(expected.get("mu")))).isLessThan(tol);
        assertThat(maxDiff(q.logVar(), Fixtures.matrix(expected.get("logvar")))).isLessThan(tol);
        assertThat(maxDiff(vae.inputGradient(x, a, b), Fixtures.matrix(expected.get("grad")))).isLessThan(gradTol);
        assertThat(maxDiff(vae.decoder().decode(q.mu()), Fixtures.matrix(expected.get("decoded")))).isLessThan(tol);
    }

    /**
     * Encoders that exercise the other operators: torch.chunk (Shape, Gather, integer arithmetic, Slice),
     * BatchNormalization, LeakyRelu; MatMul, Elu, slicing, Softplus, Sub. PyTorch's numbers in float64, to 1e-8:
     * ONNX stores the LeakyRelu and Elu slopes as float32 (0.2f, 0.7f), PyTorch used them in float64.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"chunk", "slice"})
    void otherOperatorsMatchPyTorch(String model) {
        OnnxModel vae = OnnxModel.load(new OnnxSpec(Fixtures.file(model + "-encoder.onnx").toString(), null, "mu", "logvar",
                null, null, "float64"));
        JsonNode expected = Fixtures.expected(model);
        INDArray x = Fixtures.matrix(Fixtures.expected("mlp").get("x"));
        Posterior q = vae.encode(x);
        assertThat(maxDiff(q.mu(), Fixtures.matrix(expected.get("mu")))).isLessThan(1e-8);
        assertThat(maxDiff(q.logVar(), Fixtures.matrix(expected.get("logvar")))).isLessThan(1e-8);
        INDArray g = vae.inputGradient(x, Fixtures.matrix(expected.get("a")), Fixtures.matrix(expected.get("b")));
        assertThat(maxDiff(g, Fixtures.matrix(expected.get("grad")))).isLessThan(1e-8);
    }

    /** The input gradient is the gradient of sum(mu*a) + sum(logVar*b): central differences agree. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlp", "conv"})
    void inputGradientMatchesFiniteDifferences(String model) {
        OnnxModel vae = OnnxModel.load(model.equals("mlp") ? Fixtures.mlp("float64") : Fixtures.conv("float64"));
        JsonNode expected = Fixtures.expected(model);
        INDArray x = Fixtures.matrix(expected.get("x")).getRows(0, 1);
        INDArray a = Fixtures.matrix(expected.get("a")).getRows(0, 1);
        INDArray b = Fixtures.matrix(expected.get("b")).getRows(0, 1);
        INDArray g = vae.inputGradient(x, a, b);
        double h = 1e-6;
        int checked = 0;
        for (int j = 0; j < 784; j += 37) {
            INDArray plus = x.dup();
            INDArray minus = x.dup();
            plus.putScalar(0, j, x.getDouble(0, j) + h);
            minus.putScalar(0, j, x.getDouble(0, j) - h);
            double numeric = (objective(vae, plus, a, b) - objective(vae, minus, a, b)) / (2 * h);
            assertThat(g.getDouble(0, j)).as("d/dx[%d]", j).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6));
            checked += numeric != 0 ? 1 : 0;
        }
        assertThat(checked).as("non-zero derivatives checked").isGreaterThan(5);
    }

    /** The decoder's latent gradient agrees with central differences of sum(mean * gOut). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"mlp", "conv"})
    void latentGradientMatchesFiniteDifferences(String model) {
        OnnxModel vae = OnnxModel.load(model.equals("mlp") ? Fixtures.mlp("float64") : Fixtures.conv("float64"));
        JsonNode expected = Fixtures.expected(model);
        INDArray z = Fixtures.matrix(expected.get("mu")).getRows(0, 1);
        INDArray gOut = Fixtures.matrix(expected.get("x")).getRows(1, 2).sub(0.5);
        INDArray g = vae.decoder().latentGradient(z, gOut);
        double h = 1e-6;
        for (int j = 0; j < vae.latentDim(); j++) {
            INDArray plus = z.dup();
            INDArray minus = z.dup();
            plus.putScalar(0, j, z.getDouble(0, j) + h);
            minus.putScalar(0, j, z.getDouble(0, j) - h);
            double numeric = (vae.decoder().decode(plus).mul(gOut).sumNumber().doubleValue()
                    - vae.decoder().decode(minus).mul(gOut).sumNumber().doubleValue()) / (2 * h);
            assertThat(g.getDouble(0, j)).as("d/dz[%d]", j).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static double objective(OnnxModel vae, INDArray x, INDArray a, INDArray b) {
        Posterior q = vae.encode(x);
        return q.mu().mul(a).sumNumber().doubleValue() + q.logVar().mul(b).sumNumber().doubleValue();
    }
}

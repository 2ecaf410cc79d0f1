package org.raven.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.arch.DenseReluMlp;
import org.raven.api.arch.Network;
import org.raven.api.data.InputShape;
import org.raven.api.model.Posterior;

/** An exported dense-ReLU MLP reads back through the importer and computes what the weights say. */
class OnnxExportTest {

    /** Only the shape matters to the exporter. */
    private record Mlp(List<Integer> hidden, int latentDim) implements DenseReluMlp {
        @Override
        public Network build(SameDiff sd, InputShape shape, long seed) {
            throw new UnsupportedOperationException();
        }
    }

    private static Map<String, INDArray> weights(Mlp mlp, int input) {
        Map<String, INDArray> w = new HashMap<>();
        long seed = 1;
        int prev = input;
        for (int i = 0; i < mlp.hidden().size(); i++) {
            w.put(DenseReluMlp.encoderWeight(i), Nd4j.randn(seed++, new long[] {prev, mlp.hidden().get(i)}).mul(0.1).castTo(DataType.FLOAT));
            w.put(DenseReluMlp.encoderBias(i), Nd4j.randn(seed++, new long[] {mlp.hidden().get(i)}).mul(0.1).castTo(DataType.FLOAT));
            prev = mlp.hidden().get(i);
        }
        for (String head : List.of("mu", "logvar")) {
            w.put("enc." + head + ".w", Nd4j.randn(seed++, new long[] {prev, mlp.latentDim()}).mul(0.1).castTo(DataType.FLOAT));
            w.put("enc." + head + ".b", Nd4j.randn(seed++, new long[] {mlp.latentDim()}).mul(0.1).castTo(DataType.FLOAT));
        }
        prev = mlp.latentDim();
        int h = mlp.hidden().size();
        for (int i = 0; i <= h; i++) {
            int out = i < h ? mlp.hidden().get(h - 1 - i) : input;
            w.put(DenseReluMlp.decoderWeight(i), Nd4j.randn(seed++, new long[] {prev, out}).mul(0.1).castTo(DataType.FLOAT));
            w.put(DenseReluMlp.decoderBias(i), Nd4j.randn(seed++, new long[] {out}).mul(0.1).castTo(DataType.FLOAT));
            prev = out;
        }
        return w;
    }

    @Test
    void exportedMlpReadsBackWithTheSameNumbers(@TempDir Path dir) throws Exception {
        Mlp mlp = new Mlp(List.of(24, 12), 3);
        Map<String, INDArray> w = weights(mlp, 20);
        OnnxExport.mlp(mlp, w, 20, dir);
        OnnxModel back = OnnxModel.load(OnnxSpec.of(dir.resolve("encoder.onnx"), dir.resolve("decoder.onnx"), "mu", "logvar"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 20);

        INDArray h = x;
        for (int i = 0; i < 2; i++) {
            h = Transforms.relu(h.mmul(w.get(DenseReluMlp.encoderWeight(i))).addRowVector(w.get(DenseReluMlp.encoderBias(i))));
        }
        INDArray mu = h.mmul(w.get("enc.mu.w")).addRowVector(w.get("enc.mu.b"));
        INDArray logVar = h.mmul(w.get("enc.logvar.w")).addRowVector(w.get("enc.logvar.b"));
        Posterior q = back.encode(x);
        assertThat(q.mu().sub(mu).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(q.logVar().sub(logVar).amaxNumber().doubleValue()).isLessThan(1e-5);

        INDArray d = mu;
        for (int i = 0; i <= 2; i++) {
            d = d.mmul(w.get(DenseReluMlp.decoderWeight(i))).addRowVector(w.get(DenseReluMlp.decoderBias(i)));
            d = i < 2 ? Transforms.relu(d) : Transforms.sigmoid(d);
        }
        assertThat(back.decoder().decode(mu).sub(d).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(back.latentDim()).isEqualTo(3);
        assertThat(back.incompatibility(new InputShape(1, 4, 5))).isEmpty();
    }

    @Test
    void aMissingWeightIsNamed(@TempDir Path dir) {
        Mlp mlp = new Mlp(List.of(4), 2);
        Map<String, INDArray> w = weights(mlp, 6);
        w.remove("enc.mu.b");
        assertThatThrownBy(() -> OnnxExport.mlp(mlp, w, 6, dir)).hasMessageStartingWith("weight 'enc.mu.b' is missing; the model has ");
    }
}

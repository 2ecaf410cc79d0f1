package org.raven.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The files fixtures/make_fixtures.py wrote (PyTorch models exported to ONNX) and what PyTorch computed on them. */
final class Fixtures {

    private Fixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** The mlp encoder and decoder: outputs mu and logvar by name, decoder ends in a sigmoid. */
    static OnnxSpec mlp(String precision) {
        return new OnnxSpec(file("mlp-encoder.onnx").toString(), file("mlp-decoder.onnx").toString(), "mu", "logvar",
                null, null, precision);
    }

    /** The conv encoder (one output h = [mu | logvar]) and its decoder, which outputs logits. */
    static OnnxSpec conv(String precision) {
        return new OnnxSpec(file("conv-encoder.onnx").toString(), file("conv-decoder.onnx").toString(), null, null,
                "h", true, precision);
    }

    /** expected.json's entry for {@code model} ("mlp" or "conv"). */
    static JsonNode expected(String model) {
        try {
            return new ObjectMapper().readTree(file("expected.json").toFile()).get(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static INDArray matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode row = rows.get(i);
            m[i] = new double[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = row.get(j).asDouble();
            }
        }
        return Nd4j.create(m).castTo(DataType.DOUBLE);
    }
}

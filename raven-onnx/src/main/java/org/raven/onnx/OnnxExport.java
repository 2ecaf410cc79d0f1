package org.raven.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.arch.DenseReluMlp;

/**
 * Writes a dense-ReLU MLP VAE ({@link DenseReluMlp}: raven-core's {@code mlp} architecture) as two ONNX files that
 * PyTorch users and this module's importer read: {@code encoder.onnx} (input {@code x} {@code [batch, inputSize]},
 * outputs {@code mu} and {@code logvar}) and {@code decoder.onnx} (input {@code z} {@code [batch, latentDim]}, output
 * {@code mean} = sigmoid of the logits, the Bernoulli mean). Float32, opset 13, Gemm + Relu + Sigmoid only.
 *
 * <pre>{@code
 * OnnxExport.mlp(architecture, vae.weights(), 784, Path.of("exported"));   // exported/encoder.onnx, decoder.onnx
 * PretrainedModel back = OnnxModel.load(OnnxSpec.of(dir.resolve("encoder.onnx"), dir.resolve("decoder.onnx"), "mu", "logvar"));
 * }</pre>
 */
public final class OnnxExport {

    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String DECODER_FILE = "decoder.onnx";
    static final int OPSET = 13;
    static final int IR_VERSION = 7;

    private OnnxExport() {
    }

    /**
     * Writes {@code dir/encoder.onnx} and {@code dir/decoder.onnx} from {@code weights} (named as {@link DenseReluMlp}
     * says, {@code [in, out]} matrices and {@code [out]} biases).
     *
     * @throws IllegalArgumentException if a weight is missing or has the wrong shape
     */
    public static void mlp(DenseReluMlp architecture, Map<String, INDArray> weights, int inputSize, Path dir) throws IOException {
        List<Integer> hidden = architecture.hidden();
        int h = hidden.size();
        int latent = architecture.latentDim();
        Files.createDirectories(dir);

        Graph enc = new Graph("raven-encoder", "x", inputSize);
        String a = "x";
        int width = inputSize;
        for (int i = 0; i < h; i++) {
            a = enc.relu(enc.dense(a, weights, DenseReluMlp.encoderWeight(i), DenseReluMlp.encoderBias(i), width, hidden.get(i), null));
            width = hidden.get(i);
        }
        enc.dense(a, weights, DenseReluMlp.MU_WEIGHT, DenseReluMlp.MU_BIAS, width, latent, "mu");
        enc.dense(a, weights, DenseReluMlp.LOGVAR_WEIGHT, DenseReluMlp.LOGVAR_BIAS, width, latent, "logvar");
        write(enc.model(List.of(output("mu", latent), output("logvar", latent))), dir.resolve(ENCODER_FILE));

        Graph dec = new Graph("raven-decoder", "z", latent);
        String d = "z";
        width = latent;
        for (int i = 0; i <= h; i++) {
            int out = i < h ? hidden.get(h - 1 - i) : inputSize;
            d = dec.dense(d, weights, DenseReluMlp.decoderWeight(i), DenseReluMlp.decoderBias(i), width, out, null);
            if (i < h) {
                d = dec.relu(d);
            }
            width = out;
        }
        dec.nodes.add(node("Sigmoid", List.of(d), "mean"));
        write(dec.model(List.of(output("mean", inputSize))), dir.resolve(DECODER_FILE));
    }

    /**
     * What the mlp computes on {@code x}, straight from the weights in float64 (no graph, no importer): {@code mu},
     * {@code logvar} and the decoder's {@code mean} at mu. The reference an exported file is checked against.
     */
    public static Map<String, INDArray> reference(DenseReluMlp architecture, Map<String, INDArray> weights, INDArray x) {
        int h = architecture.hidden().size();
        INDArray a = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        for (int i = 0; i < h; i++) {
            a = relu(affine(a, weights, DenseReluMlp.encoderWeight(i), DenseReluMlp.encoderBias(i)));
        }
        INDArray mu = affine(a, weights, DenseReluMlp.MU_WEIGHT, DenseReluMlp.MU_BIAS);
        INDArray logVar = affine(a, weights, DenseReluMlp.LOGVAR_WEIGHT, DenseReluMlp.LOGVAR_BIAS);
        INDArray d = mu;
        for (int i = 0; i <= h; i++) {
            d = affine(d, weights, DenseReluMlp.decoderWeight(i), DenseReluMlp.decoderBias(i));
            d = i < h ? relu(d) : org.nd4j.linalg.ops.transforms.Transforms.sigmoid(d, true);
        }
        return Map.of("mu", mu, "logvar", logVar, "mean", d);
    }

    private static INDArray affine(INDArray a, Map<String, INDArray> weights, String w, String b) {
        org.nd4j.linalg.api.buffer.DataType t = org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        INDArray bias = weights.get(b).castTo(t);
        return a.mmul(weights.get(w).castTo(t)).addRowVector(bias.reshape(1, bias.length()));
    }

    private static INDArray relu(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.relu(a, true);
    }

    /** One graph being written: its nodes, weights and input. */
    private static final class Graph {
        final String name;
        final Onnx.GraphProto.Builder proto = Onnx.GraphProto.newBuilder();
        final List<Onnx.NodeProto> nodes = new java.util.ArrayList<>();
        int counter;

        Graph(String name, String input, int width) {
            this.name = name;
            proto.addInput(valueInfo(input, width));
        }

        /** {@code input W + b} as one Gemm; returns the output's name. */
        String dense(String input, Map<String, INDArray> weights, String wName, String bName, long in, long out, String outName) {
            INDArray w = weight(weights, wName, in, out);
            INDArray b = weight(weights, bName, out);
            proto.addInitializer(OnnxTensors.floatTensor(wName, w));
            proto.addInitializer(OnnxTensors.floatTensor(bName, b.reshape(out)));
            String y = outName != null ? outName : "h" + counter++;
            nodes.add(node("Gemm", List.of(input, wName, bName), y));
            return y;
        }

        String relu(String input) {
            String y = "h" + counter++;
            nodes.add(node("Relu", List.of(input), y));
            return y;
        }

        Onnx.ModelProto model(List<Onnx.ValueInfoProto> outputs) {
            proto.setName(name).addAllNode(nodes).addAllOutput(outputs);
            return Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("raven")
                    .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setGraph(proto).build();
        }
    }

    private static INDArray weight(Map<String, INDArray> weights, String name, long... shape) {
        INDArray w = weights.get(name);
        if (w == null) {
            throw new IllegalArgumentException("weight '" + name + "' is missing; the model has " + String.join(", ", new java.util.TreeSet<>(weights.keySet())));
        }
        if (w.length() != java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y)
                || (shape.length == 2 && !java.util.Arrays.equals(w.shape(), shape))) {
            throw new IllegalArgumentException("weight '" + name + "' has shape " + java.util.Arrays.toString(w.shape())
                    + "; expected " + java.util.Arrays.toString(shape));
        }
        return w;
    }

    private static Onnx.NodeProto node(String op, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(op + "_" + output).addAllInput(inputs).addOutput(output).build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long width) {
        Onnx.TensorShapeProto shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    private static Onnx.ValueInfoProto output(String name, long width) {
        return valueInfo(name, width);
    }

    private static void write(Onnx.ModelProto model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, model.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

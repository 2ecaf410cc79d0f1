package org.raven.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds one ONNX graph (one input, the batch on axis 0) into a SameDiff graph, operator by operator, so that
 * SameDiff differentiates it. The operator table is {@link #SUPPORTED}: what PyTorch emits for MLP and
 * convolutional VAEs (Gemm/MatMul, element-wise arithmetic and activations, Conv/ConvTranspose, Flatten/Reshape,
 * Split/Slice, BatchNormalization in inference form). Shapes the operators need (Reshape targets, Split sizes,
 * Slice bounds) must be constants at import time: written as constants ({@code do_constant_folding=True}), or
 * computed from {@code Shape} of a tensor by Gather, Unsqueeze, Concat and integer arithmetic (what
 * {@code torch.chunk} exports), which are folded here; only the batch size may not be used as a value.
 */
final class OnnxImporter {

    /** The ONNX operators this importer builds, sorted. */
    static final Set<String> SUPPORTED = new TreeSet<>(List.of("Add", "BatchNormalization", "Concat", "Constant",
            "Conv", "ConvTranspose", "Div", "Dropout", "Elu", "Exp", "Flatten", "Gather", "Gemm", "Identity",
            "LeakyRelu", "Log", "MatMul", "Mul", "Neg", "Relu", "Reshape", "Shape", "Sigmoid", "Slice", "Softplus",
            "Split", "Sqrt", "Sub", "Tanh", "Transpose", "Unsqueeze"));

    /** The imported graph: its input placeholder (flattened), the input's declared dims, and every output by name. */
    record Graph(SameDiff sd, SDVariable input, String inputName, long[] inputDims, Map<String, SDVariable> outputs) {
    }

    private final SameDiff sd;
    private final DataType type;
    private SDVariable input;
    private final Map<String, SDVariable> values = new HashMap<>();
    private final Map<String, INDArray> constants = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    /** Constants that hold a Shape's output, whose element 0 is the batch size of the probe, not of real inputs. */
    private final Set<String> shapes = new java.util.HashSet<>();

    private OnnxImporter(SameDiff sd, DataType type) {
        this.sd = sd;
        this.type = type;
    }

    /** The operator types in {@code graph} that {@link #SUPPORTED} lacks, in order of first use. */
    static Set<String> unsupported(Onnx.GraphProto graph) {
        Set<String> missing = new LinkedHashSet<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (!SUPPORTED.contains(node.getOpType()) || !node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                missing.add(node.getDomain().isEmpty() ? node.getOpType() : node.getDomain() + "." + node.getOpType());
            }
        }
        return missing;
    }

    /** The graph's inputs that are not initializers (weights), in order. */
    static List<Onnx.ValueInfoProto> realInputs(Onnx.GraphProto graph) {
        Set<String> weights = new LinkedHashSet<>();
        graph.getInitializerList().forEach(t -> weights.add(t.getName()));
        return graph.getInputList().stream().filter(i -> !weights.contains(i.getName())).toList();
    }

    /** Declared dims of a value after the batch axis; unknown (symbolic) dims are -1. */
    static long[] dimsAfterBatch(Onnx.ValueInfoProto value) {
        List<Onnx.TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        return dims.stream().skip(1).mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
    }

    /**
     * Builds {@code graph} into {@code sd}. The caller has checked {@link #unsupported} and that there is one
     * input with known dims after the batch axis ({@code inputDims}); {@code placeholder} names the flattened input.
     */
    static Graph build(Onnx.GraphProto graph, SameDiff sd, DataType type, String placeholder, long[] inputDims) {
        OnnxImporter importer = new OnnxImporter(sd, type);
        Onnx.ValueInfoProto input = realInputs(graph).get(0);
        long size = Arrays.stream(inputDims).reduce(1, (a, b) -> a * b);
        SDVariable x = sd.placeHolder(placeholder, type, -1, size);
        importer.input = x;
        long[] full = new long[inputDims.length + 1];
        full[0] = -1;
        System.arraycopy(inputDims, 0, full, 1, inputDims.length);
        // x * 1 with the 1 a variable: SameDiff M2.1 back-propagates to a placeholder only through ops that also
        // touch a variable, so a graph that starts with a reshape (every conv encoder) got no input gradient.
        SDVariable seen = x.mul(sd.var("raven.one", Nd4j.scalar(type, 1.0)));
        importer.put(input.getName(), inputDims.length == 1 ? seen : seen.reshape(full), full.length);
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            importer.putWeight(t.getName(), OnnxTensors.toArray(t, type));
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            importer.node(node);
        }
        Map<String, SDVariable> outputs = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto out : graph.getOutputList()) {
            outputs.put(out.getName(), importer.values.get(out.getName()));
        }
        return new Graph(sd, x, input.getName(), inputDims, outputs);
    }

    private void put(String name, SDVariable v, int rank) {
        values.put(name, v);
        ranks.put(name, rank);
    }

    /**
     * Floating weights become SameDiff variables: SameDiff only differentiates a graph that has some, and the
     * input gradient comes from the same backward pass. Integer initializers (shapes) stay constants.
     */
    private void putWeight(String name, INDArray a) {
        if (!a.dataType().isFPType()) {
            putConstant(name, a);
            return;
        }
        constants.put(name, a);
        put(name, sd.var(a), a.rank());
    }

    private void putConstant(String name, INDArray a) {
        constants.put(name, a);
        put(name, sd.constant(a), a.rank());
    }

    /**
     * The shape of {@code v} for a batch of one, found by running the graph built so far on zeros. Dynamic shape
     * ops (Shape, Gather, Concat of sizes) give SameDiff M2.1 graphs it cannot differentiate to the input, so shapes
     * are fixed at import time instead.
     */
    private long[] probeShape(SDVariable v) {
        return v.eval(Map.of(input.name(), Nd4j.zeros(type, 1, input.getShape()[1]))).shape();
    }

    private SDVariable in(Onnx.NodeProto node, int i) {
        SDVariable v = values.get(node.getInput(i));
        if (v == null) {
            throw new IllegalArgumentException("node '" + node.getName() + "' (" + node.getOpType() + ") reads '"
                    + node.getInput(i) + "', which no earlier node makes");
        }
        return v;
    }

    private int rank(Onnx.NodeProto node, int i) {
        return ranks.get(node.getInput(i));
    }

    private INDArray constant(Onnx.NodeProto node, int i, String what) {
        INDArray a = constants.get(node.getInput(i));
        if (a == null) {
            throw new IllegalArgumentException("node '" + node.getName() + "' (" + node.getOpType() + "): " + what
                    + " must be a constant (export with do_constant_folding=True and a fixed image size)");
        }
        return a;
    }

    private boolean hasInput(Onnx.NodeProto node, int i) {
        return node.getInputCount() > i && !node.getInput(i).isEmpty();
    }

    private static Onnx.AttributeProto attr(Onnx.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
    }

    private static long intAttr(Onnx.NodeProto node, String name, long fallback) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? fallback : a.getI();
    }

    private static double floatAttr(Onnx.NodeProto node, String name, double fallback) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? fallback : a.getF();
    }

    private static long[] intsAttr(Onnx.NodeProto node, String name, long[] fallback) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private void out(Onnx.NodeProto node, SDVariable v, int rank) {
        put(node.getOutput(0), v, rank);
    }

    private void node(Onnx.NodeProto node) {
        String op = node.getOpType();
        switch (op) {
            case "Constant" -> putConstant(node.getOutput(0), OnnxTensors.toArray(attr(node, "value").getT(), type));
            case "Identity", "Dropout" -> out(node, in(node, 0), rank(node, 0));
            case "Add", "Sub", "Mul", "Div" -> {
                INDArray ca = constants.get(node.getInput(0));
                INDArray cb = constants.get(node.getInput(1));
                if (ca != null && cb != null && !ca.dataType().isFPType() && !cb.dataType().isFPType()) {
                    // Shape arithmetic (torch.chunk's split points): folded now, integer division as ONNX says.
                    long[] x = ca.toLongVector();
                    long[] y = cb.toLongVector();
                    long[] r = new long[Math.max(x.length, y.length)];
                    for (int i = 0; i < r.length; i++) {
                        long u = x[x.length == 1 ? 0 : i];
                        long v = y[y.length == 1 ? 0 : i];
                        r[i] = switch (op) {
                            case "Add" -> u + v;
                            case "Sub" -> u - v;
                            case "Mul" -> u * v;
                            default -> Math.floorDiv(u, v);
                        };
                    }
                    putConstant(node.getOutput(0), Nd4j.createFromArray(r).reshape(ca.rank() >= cb.rank() ? ca.shape() : cb.shape()));
                    return;
                }
                SDVariable a = in(node, 0);
                SDVariable b = in(node, 1);
                SDVariable r = switch (op) {
                    case "Add" -> a.add(b);
                    case "Sub" -> a.sub(b);
                    case "Mul" -> a.mul(b);
                    default -> a.div(b);
                };
                out(node, r, Math.max(rank(node, 0), rank(node, 1)));
            }
            case "Relu" -> out(node, sd.nn.relu(in(node, 0), 0), rank(node, 0));
            case "LeakyRelu" -> out(node, sd.nn.leakyRelu(in(node, 0), floatAttr(node, "alpha", 0.01)), rank(node, 0));
            case "Elu" -> {
                double alpha = floatAttr(node, "alpha", 1.0);
                SDVariable x = in(node, 0);
                // alpha * (exp(min(x, 0)) - 1) + max(x, 0): Elu with any alpha, from ops SameDiff differentiates.
                SDVariable neg = sd.math.exp(sd.math.min(x, sd.constant(Nd4j.scalar(type, 0)))).sub(1.0).mul(alpha);
                out(node, neg.add(sd.nn.relu(x, 0)), rank(node, 0));
            }
            case "Sigmoid" -> out(node, sd.nn.sigmoid(in(node, 0)), rank(node, 0));
            case "Tanh" -> out(node, sd.math.tanh(in(node, 0)), rank(node, 0));
            case "Softplus" -> out(node, sd.nn.softplus(in(node, 0)), rank(node, 0));
            case "Exp" -> out(node, sd.math.exp(in(node, 0)), rank(node, 0));
            case "Log" -> out(node, sd.math.log(in(node, 0)), rank(node, 0));
            case "Sqrt" -> out(node, sd.math.sqrt(in(node, 0)), rank(node, 0));
            case "Neg" -> out(node, in(node, 0).neg(), rank(node, 0));
            case "Gemm" -> gemm(node);
            case "MatMul" -> out(node, sd.mmul(in(node, 0), in(node, 1)), Math.max(rank(node, 0), rank(node, 1)));
            case "Flatten" -> {
                if (intAttr(node, "axis", 1) != 1) {
                    throw unsupportedAttribute(node, "axis=" + intAttr(node, "axis", 1), "axis=1");
                }
                SDVariable x = in(node, 0);
                long[] shape = probeShape(x);
                long features = Arrays.stream(shape).skip(1).reduce(1, (a, b) -> a * b);
                out(node, x.reshape(-1, features), 2);
            }
            case "Reshape" -> {
                long[] shape = constant(node, 1, "the target shape").toLongVector();
                for (int i = 1; i < shape.length; i++) {
                    if (shape[i] == 0) {
                        throw unsupportedAttribute(node, "shape " + Arrays.toString(shape), "no 0 after the batch axis");
                    }
                }
                if (shape[0] == 0) {
                    shape[0] = -1;
                }
                out(node, in(node, 0).reshape(shape), shape.length);
            }
            case "Transpose" -> {
                long[] perm = intsAttr(node, "perm", null);
                int r = rank(node, 0);
                int[] p = new int[r];
                for (int i = 0; i < r; i++) {
                    p[i] = perm == null ? r - 1 - i : (int) perm[i];
                }
                out(node, in(node, 0).permute(p), r);
            }
            case "Shape" -> {
                putConstant(node.getOutput(0), Nd4j.createFromArray(probeShape(in(node, 0))));
                shapes.add(node.getOutput(0));
            }
            case "Gather" -> {
                INDArray data = constant(node, 0, "the data (only shapes are gathered)");
                long[] index = constant(node, 1, "the indices").toLongVector();
                if (data.rank() != 1 || intAttr(node, "axis", 0) != 0) {
                    throw unsupportedAttribute(node, "data of rank " + data.rank(), "gathering from a 1-d shape");
                }
                if (shapes.contains(node.getInput(0)) && java.util.Arrays.stream(index).anyMatch(i -> i == 0)) {
                    throw unsupportedAttribute(node, "the batch size as a value", "shapes after the batch axis");
                }
                long[] v = data.toLongVector();
                long[] r = java.util.Arrays.stream(index).map(i -> v[(int) Math.floorMod(i, v.length)]).toArray();
                INDArray indices = constants.get(node.getInput(1));
                putConstant(node.getOutput(0), indices.rank() == 0 ? Nd4j.scalar(r[0]) : Nd4j.createFromArray(r));
            }
            case "Unsqueeze" -> {
                INDArray c = constant(node, 0, "the input (only shapes are unsqueezed)");
                putConstant(node.getOutput(0), Nd4j.createFromArray(c.toLongVector()));
            }
            case "Concat" -> {
                List<Long> all = new ArrayList<>();
                for (int i = 0; i < node.getInputCount(); i++) {
                    for (long v : constant(node, i, "every input (only shapes are concatenated)").toLongVector()) {
                        all.add(v);
                    }
                }
                putConstant(node.getOutput(0), Nd4j.createFromArray(all.stream().mapToLong(Long::longValue).toArray()));
            }
            case "Conv" -> conv(node);
            case "ConvTranspose" -> convTranspose(node);
            case "BatchNormalization" -> batchNorm(node);
            case "Split" -> split(node);
            case "Slice" -> slice(node);
            default -> throw new IllegalStateException("operator " + op + " passed the support check but has no builder");
        }
    }

    private void gemm(Onnx.NodeProto node) {
        boolean ta = intAttr(node, "transA", 0) != 0;
        boolean tb = intAttr(node, "transB", 0) != 0;
        double alpha = floatAttr(node, "alpha", 1.0);
        double beta = floatAttr(node, "beta", 1.0);
        SDVariable y = sd.mmul(in(node, 0), in(node, 1), ta, tb, false);
        if (alpha != 1.0) {
            y = y.mul(alpha);
        }
        if (hasInput(node, 2)) {
            SDVariable c = in(node, 2);
            y = y.add(beta == 1.0 ? c : c.mul(beta));
        }
        out(node, y, 2);
    }

    /** Kernel, stride, symmetric padding and dilation of a Conv or ConvTranspose node: {kH, kW, sH, sW, pH, pW, dH, dW}. */
    private long[] window(Onnx.NodeProto node, INDArray w) {
        Onnx.AttributeProto autoPad = attr(node, "auto_pad");
        if (autoPad != null && !autoPad.getS().toStringUtf8().equals("NOTSET")) {
            throw unsupportedAttribute(node, "auto_pad=" + autoPad.getS().toStringUtf8(), "explicit pads");
        }
        if (intAttr(node, "group", 1) != 1) {
            throw unsupportedAttribute(node, "group=" + intAttr(node, "group", 1), "group=1");
        }
        if (w.rank() != 4) {
            throw unsupportedAttribute(node, "a " + (w.rank() - 2) + "-d kernel", "2-d convolutions");
        }
        long[] k = intsAttr(node, "kernel_shape", new long[] {w.size(2), w.size(3)});
        long[] s = intsAttr(node, "strides", new long[] {1, 1});
        long[] p = intsAttr(node, "pads", new long[] {0, 0, 0, 0});
        long[] d = intsAttr(node, "dilations", new long[] {1, 1});
        if (p[0] != p[2] || p[1] != p[3]) {
            throw unsupportedAttribute(node, "pads " + Arrays.toString(p), "symmetric pads");
        }
        return new long[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1]};
    }

    private void conv(Onnx.NodeProto node) {
        INDArray w = constant(node, 1, "the kernel");
        long[] c = window(node, w);
        // ONNX kernels are [out, in, kH, kW]; SameDiff's default layout is [kH, kW, in, out].
        SDVariable kernel = sd.var(w.permute(2, 3, 1, 0).dup('c'));
        SDVariable bias = hasInput(node, 2) ? in(node, 2) : null;
        Conv2DConfig config = Conv2DConfig.builder().kH(c[0]).kW(c[1]).sH(c[2]).sW(c[3]).pH(c[4]).pW(c[5])
                .dH(c[6]).dW(c[7]).dataFormat("NCHW").build();
        out(node, bias == null ? sd.cnn.conv2d(in(node, 0), kernel, config) : sd.cnn.conv2d(in(node, 0), kernel, bias, config), 4);
    }

    private void convTranspose(Onnx.NodeProto node) {
        INDArray w = constant(node, 1, "the kernel");
        long[] c = window(node, w);
        long[] outputPadding = intsAttr(node, "output_padding", new long[] {0, 0});
        if (Arrays.stream(outputPadding).anyMatch(v -> v != 0) || attr(node, "output_shape") != null) {
            throw unsupportedAttribute(node, "output_padding " + Arrays.toString(outputPadding)
                    + (attr(node, "output_shape") != null ? " / output_shape" : ""), "no output_padding or output_shape"
                    + " (for example kernel 4, stride 2, padding 1 doubles the size)");
        }
        // ONNX ConvTranspose kernels are [in, out, kH, kW]; SameDiff's deconv2d wants [kH, kW, out, in].
        SDVariable kernel = sd.var(w.permute(2, 3, 1, 0).dup('c'));
        SDVariable bias = hasInput(node, 2) ? in(node, 2) : null;
        DeConv2DConfig config = DeConv2DConfig.builder().kH(c[0]).kW(c[1]).sH(c[2]).sW(c[3]).pH(c[4]).pW(c[5])
                .dH(c[6]).dW(c[7]).isSameMode(false).dataFormat("NCHW").build();
        out(node, bias == null ? sd.cnn.deconv2d(in(node, 0), kernel, config) : sd.cnn.deconv2d(in(node, 0), kernel, bias, config), 4);
    }

    private void batchNorm(Onnx.NodeProto node) {
        int r = rank(node, 0);
        long[] perChannel = new long[r];
        Arrays.fill(perChannel, 1);
        INDArray scale = constant(node, 1, "scale");
        perChannel[1] = scale.length();
        double eps = floatAttr(node, "epsilon", 1e-5);
        INDArray mean = constant(node, 3, "mean").reshape(perChannel);
        INDArray std = Nd4j.math().sqrt(constant(node, 4, "variance").add(eps)).reshape(perChannel);
        // Inference form: scale * (x - mean) / sqrt(var + eps) + bias, folded into x * a + b per channel.
        INDArray a = scale.reshape(perChannel).div(std);
        INDArray b = constant(node, 2, "bias").reshape(perChannel).sub(mean.mul(a));
        out(node, in(node, 0).mul(sd.constant(a)).add(sd.constant(b)), r);
    }

    private void split(Onnx.NodeProto node) {
        int r = rank(node, 0);
        int axis = (int) Math.floorMod(intAttr(node, "axis", 0), r);
        if (axis == 0) {
            throw unsupportedAttribute(node, "axis=0", "a split after the batch axis");
        }
        long[] sizes = hasInput(node, 1) ? constant(node, 1, "the split sizes").toLongVector() : intsAttr(node, "split", null);
        if (sizes == null) {
            throw unsupportedAttribute(node, "equal parts of an unknown size", "explicit split sizes");
        }
        long start = 0;
        for (int i = 0; i < node.getOutputCount(); i++) {
            put(node.getOutput(i), in(node, 0).get(along(r, axis, start, start + sizes[i])), r);
            start += sizes[i];
        }
    }

    private void slice(Onnx.NodeProto node) {
        int r = rank(node, 0);
        long[] starts = constant(node, 1, "starts").toLongVector();
        long[] ends = constant(node, 2, "ends").toLongVector();
        long[] axes = hasInput(node, 3) ? constant(node, 3, "axes").toLongVector() : null;
        long[] steps = hasInput(node, 4) ? constant(node, 4, "steps").toLongVector() : null;
        SDIndex[] index = new SDIndex[r];
        Arrays.fill(index, SDIndex.all());
        long[] dims = probeShape(in(node, 0)); // ends past the end (PyTorch writes INT64_MAX for h[:, 4:]) are clamped
        for (int i = 0; i < starts.length; i++) {
            int axis = axes == null ? i : (int) Math.floorMod(axes[i], r);
            long step = steps == null ? 1 : steps[i];
            if (axis == 0 || starts[i] < 0 || ends[i] < 0 || step != 1) {
                throw unsupportedAttribute(node, "axis " + axis + " [" + starts[i] + ":" + ends[i] + ":" + step + "]",
                        "non-negative bounds with step 1 after the batch axis");
            }
            index[axis] = SDIndex.interval(Math.min(starts[i], dims[axis]), Math.min(ends[i], dims[axis]));
        }
        out(node, in(node, 0).get(index), r);
    }

    private static SDIndex[] along(int rank, int axis, long from, long to) {
        SDIndex[] index = new SDIndex[rank];
        Arrays.fill(index, SDIndex.all());
        index[axis] = SDIndex.interval(from, to);
        return index;
    }

    private static IllegalArgumentException unsupportedAttribute(Onnx.NodeProto node, String found, String supported) {
        return new IllegalArgumentException("node '" + node.getName() + "' (" + node.getOpType() + ") has " + found
                + "; the importer supports " + supported);
    }

    /** The names in {@code list}, joined for messages. */
    static String names(List<String> list) {
        return list.isEmpty() ? "(none)" : String.join(", ", new ArrayList<>(list));
    }
}

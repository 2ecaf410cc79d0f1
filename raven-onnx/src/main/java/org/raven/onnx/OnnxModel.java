package org.raven.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.raven.api.data.InputShape;
import org.raven.api.model.DifferentiableDecoder;
import org.raven.api.model.ModelSourceException;
import org.raven.api.model.Posterior;
import org.raven.api.model.PretrainedModel;

/**
 * A VAE read from ONNX files: the encoder (and decoder) graphs imported into SameDiff by {@link OnnxImporter},
 * with mu and logVar taken from the outputs the {@link OnnxSpec} names. Inputs are flattened images
 * {@code [batch, inputSize]}, reshaped to what the encoder's input declares ({@code [batch, C, H, W]} for a
 * convolutional one). Results come back in the input's data type. Not thread-safe: one thread per instance.
 *
 * <pre>{@code
 * PretrainedModel vae = OnnxModel.load(OnnxSpec.of(Path.of("enc.onnx"), Path.of("dec.onnx"), "mu", "logvar"));
 * Posterior q = vae.encode(x);                          // x: [batch, 784] in [0, 1]
 * INDArray g = vae.inputGradient(x, gradMu, gradLogVar);  // d(sum(mu*gradMu) + sum(logVar*gradLogVar))/dx
 * }</pre>
 */
public final class OnnxModel implements PretrainedModel {

    private static final int CHUNK = 512;

    private final DataType type;
    private final int inputSize;
    private final int latentDim;
    private final String inputName;
    private final long[] inputDims;
    private final SameDiff encoder;
    private final SameDiff decoder;
    private final List<SourceFile> files;
    private final DifferentiableDecoder decoderView;

    private OnnxModel(DataType type, OnnxImporter.Graph enc, int latentDim, SameDiff decoder, List<SourceFile> files) {
        this.type = type;
        this.inputDims = enc.inputDims();
        this.inputSize = (int) Arrays.stream(inputDims).reduce(1, (a, b) -> a * b);
        this.latentDim = latentDim;
        this.inputName = enc.inputName();
        this.encoder = enc.sd();
        this.decoder = decoder;
        this.files = List.copyOf(files);
        this.decoderView = decoder == null ? null : new Decoder();
    }

    /**
     * Reads the files {@code spec} names (relative names from the working directory).
     *
     * @throws ModelSourceException naming the spec field at fault: a missing or unreadable file, an output that is
     *                              not there, an unsupported operator, an input without fixed dims
     */
    public static OnnxModel load(OnnxSpec spec) {
        DataType type = spec.precision().equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
        List<SourceFile> files = new ArrayList<>();
        Onnx.GraphProto encGraph = read("encoder", Path.of(spec.encoder()), files);
        long[] dims = inputDims("encoder", files.get(0).path(), encGraph);
        SameDiff sd = SameDiff.create();
        OnnxImporter.Graph enc = importGraph("encoder", files.get(0).path(), encGraph, sd, type, "raven.x", dims);
        SDVariable mu;
        SDVariable logVar;
        List<String> outputs = List.copyOf(enc.outputs().keySet());
        String encName = files.get(0).path().getFileName().toString();
        if (spec.splitOutput() != null) {
            SDVariable h = output(enc, "splitOutput", spec.splitOutput(), encName);
            long width = sd.output(zeros(type, enc.input()), h.name()).get(h.name()).size(1);
            if (width % 2 != 0) {
                throw new ModelSourceException("splitOutput", "encoder " + encName + " output '" + spec.splitOutput()
                        + "' has " + width + " columns; splitting it into mu and logVar needs an even number");
            }
            mu = h.get(SDIndex.all(), SDIndex.interval(0L, width / 2));
            logVar = h.get(SDIndex.all(), SDIndex.interval(width / 2, width));
        } else {
            mu = output(enc, "mu", spec.mu(), encName);
            logVar = output(enc, "logVar", spec.logVar(), encName);
        }
        mu = sd.identity("raven.mu", mu);
        logVar = sd.identity("raven.logVar", logVar);
        Map<String, INDArray> probe = sd.output(zeros(type, enc.input()), "raven.mu", "raven.logVar");
        if (!Arrays.equals(probe.get("raven.mu").shape(), probe.get("raven.logVar").shape()) || probe.get("raven.mu").rank() != 2) {
            throw new ModelSourceException(spec.splitOutput() != null ? "splitOutput" : "logVar", "encoder " + encName
                    + ": mu " + Arrays.toString(probe.get("raven.mu").shape()) + " and logVar "
                    + Arrays.toString(probe.get("raven.logVar").shape()) + " must both be [batch, latentDim]");
        }
        int latentDim = (int) probe.get("raven.mu").size(1);
        SDVariable gMu = sd.placeHolder("raven.gMu", type, -1, latentDim);
        SDVariable gLogVar = sd.placeHolder("raven.gLogVar", type, -1, latentDim);
        // The vector-Jacobian product as the gradient of one scalar: sum(mu * gMu) + sum(logVar * gLogVar).
        SDVariable objective = mu.mul(gMu).sum().add(logVar.mul(gLogVar).sum());
        sd.setLossVariables(sd.identity("raven.objective", objective));

        SameDiff dec = spec.decoder() == null ? null
                : decoderGraph(spec, Path.of(spec.decoder()), files, type, latentDim, enc.inputDims());
        return new OnnxModel(type, enc, latentDim, dec, files);
    }

    private static SameDiff decoderGraph(OnnxSpec spec, Path path, List<SourceFile> files, DataType type, int latentDim,
                                         long[] encoderDims) {
        Onnx.GraphProto graph = read("decoder", path, files);
        long[] dims = inputDims("decoder", files.get(1).path(), graph);
        String name = files.get(1).path().getFileName().toString();
        if (dims.length != 1 || dims[0] != latentDim) {
            throw new ModelSourceException("decoder", "decoder " + name + " input has shape [batch, "
                    + Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", "))
                    + "]; the encoder's latent space needs [batch, " + latentDim + "]");
        }
        SameDiff sd = SameDiff.create();
        OnnxImporter.Graph g = importGraph("decoder", files.get(1).path(), graph, sd, type, "raven.z", dims);
        SDVariable out = g.outputs().values().iterator().next();
        long encoderSize = Arrays.stream(encoderDims).reduce(1, (a, b) -> a * b);
        SDVariable flat = out.reshape(-1, encoderSize);
        SDVariable mean = sd.identity("raven.mean", spec.decoderLogits() ? sd.nn.sigmoid(flat) : flat);
        long width = out.eval(zeros(type, g.input())).length();
        if (width != encoderSize) {
            throw new ModelSourceException("decoder", "decoder " + name + " output '" + g.outputs().keySet().iterator().next()
                    + "' has " + width + " values per example; the encoder's input has " + encoderSize);
        }
        SDVariable gOut = sd.placeHolder("raven.gOut", type, -1, encoderSize);
        sd.setLossVariables(sd.identity("raven.objective", mean.mul(gOut).sum()));
        return sd;
    }

    private static Map<String, INDArray> zeros(DataType type, SDVariable input) {
        return Map.of(input.name(), Nd4j.zeros(type, 1, input.getShape()[1]));
    }

    private static SDVariable output(OnnxImporter.Graph g, String field, String name, String file) {
        SDVariable v = g.outputs().get(name);
        if (v == null) {
            throw new ModelSourceException(field, "encoder " + file + " has no output '" + name + "'; its outputs: "
                    + OnnxImporter.names(List.copyOf(g.outputs().keySet())));
        }
        return v;
    }

    private static Onnx.GraphProto read(String role, Path path, List<SourceFile> files) {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelSourceException(role, "file not found: " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelSourceException(role, "cannot read " + file + ": " + e.getMessage());
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelSourceException(role, file + " is not an ONNX model (" + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelSourceException(role, file + " is not an ONNX model (no graph)");
        }
        files.add(new SourceFile(role, file, sha256(bytes)));
        return model.getGraph();
    }

    private static long[] inputDims(String role, Path file, Onnx.GraphProto graph) {
        List<Onnx.ValueInfoProto> inputs = OnnxImporter.realInputs(graph);
        if (inputs.size() != 1) {
            throw new ModelSourceException(role, role + " " + file.getFileName() + " has " + inputs.size()
                    + " inputs (" + OnnxImporter.names(inputs.stream().map(Onnx.ValueInfoProto::getName).toList())
                    + "); it must have exactly one");
        }
        long[] dims = OnnxImporter.dimsAfterBatch(inputs.get(0));
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(d -> d <= 0)) {
            throw new ModelSourceException(role, role + " " + file.getFileName() + " input '" + inputs.get(0).getName()
                    + "' has shape " + shapeText(dims) + "; every axis after the batch must have a fixed size");
        }
        return dims;
    }

    private static OnnxImporter.Graph importGraph(String role, Path file, Onnx.GraphProto graph, SameDiff sd,
                                                  DataType type, String placeholder, long[] dims) {
        Set<String> missing = OnnxImporter.unsupported(graph);
        if (!missing.isEmpty()) {
            throw new ModelSourceException(role, role + " " + file.getFileName()
                    + " uses ONNX operators the importer does not support: " + String.join(", ", missing)
                    + "; supported: " + String.join(", ", OnnxImporter.SUPPORTED));
        }
        try {
            return OnnxImporter.build(graph, sd, type, placeholder, dims);
        } catch (IllegalArgumentException e) {
            throw new ModelSourceException(role, role + " " + file.getFileName() + ": " + e.getMessage());
        }
    }

    static String shapeText(long[] dimsAfterBatch) {
        return "[batch" + Arrays.stream(dimsAfterBatch).mapToObj(d -> ", " + (d < 0 ? "?" : Long.toString(d)))
                .collect(Collectors.joining()) + "]";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    @Override
    public boolean hasDecoder() {
        return decoder != null;
    }

    @Override
    public List<SourceFile> files() {
        return files;
    }

    @Override
    public Optional<String> incompatibility(InputShape shape) {
        boolean fits = switch (inputDims.length) {
            case 1 -> inputDims[0] == shape.size();
            case 2 -> shape.channels() == 1 && inputDims[0] == shape.height() && inputDims[1] == shape.width();
            case 3 -> inputDims[0] == shape.channels() && inputDims[1] == shape.height() && inputDims[2] == shape.width();
            default -> false;
        };
        return fits ? Optional.empty() : Optional.of("encoder input '" + inputName + "' has shape " + shapeText(inputDims)
                + ", which does not fit the dataset's " + shape + " images (" + shape.size() + " values each)");
    }

    @Override
    public Posterior encode(INDArray x) {
        check(x, inputSize, "x");
        List<INDArray> mus = new ArrayList<>();
        List<INDArray> logVars = new ArrayList<>();
        for (long start = 0; start < x.size(0); start += CHUNK) {
            INDArray chunk = x.get(NDArrayIndex.interval(start, Math.min(x.size(0), start + CHUNK)), NDArrayIndex.all());
            Map<String, INDArray> out = encoder.output(Map.of("raven.x", cast(chunk, type)), "raven.mu", "raven.logVar");
            mus.add(out.get("raven.mu"));
            logVars.add(out.get("raven.logVar"));
        }
        return new Posterior(concat(mus, x.dataType()), concat(logVars, x.dataType()));
    }

    @Override
    public INDArray inputGradient(INDArray x, INDArray gradMu, INDArray gradLogVar) {
        check(x, inputSize, "x");
        check(gradMu, latentDim, "gradMu");
        check(gradLogVar, latentDim, "gradLogVar");
        Map<String, INDArray> feed = Map.of("raven.x", cast(x, type), "raven.gMu", cast(gradMu, type),
                "raven.gLogVar", cast(gradLogVar, type));
        return cast(encoder.calculateGradients(feed, "raven.x").get("raven.x"), x.dataType());
    }

    @Override
    public DifferentiableDecoder decoder() {
        if (decoderView == null) {
            throw new UnsupportedOperationException("this ONNX model has no decoder (set \"decoder\" in its spec)");
        }
        return decoderView;
    }

    private final class Decoder implements DifferentiableDecoder {
        @Override
        public INDArray decode(INDArray z) {
            check(z, latentDim, "z");
            List<INDArray> parts = new ArrayList<>();
            for (long start = 0; start < z.size(0); start += CHUNK) {
                INDArray chunk = z.get(NDArrayIndex.interval(start, Math.min(z.size(0), start + CHUNK)), NDArrayIndex.all());
                parts.add(decoder.output(Map.of("raven.z", cast(chunk, type)), "raven.mean").get("raven.mean"));
            }
            return concat(parts, z.dataType());
        }

        @Override
        public INDArray latentGradient(INDArray z, INDArray gradOutput) {
            check(z, latentDim, "z");
            check(gradOutput, inputSize, "gradOutput");
            Map<String, INDArray> feed = Map.of("raven.z", cast(z, type), "raven.gOut", cast(gradOutput, type));
            return cast(decoder.calculateGradients(feed, "raven.z").get("raven.z"), z.dataType());
        }
    }

    private static void check(INDArray a, int columns, String name) {
        if (a.rank() != 2 || a.size(1) != columns) {
            throw new IllegalArgumentException(name + " must be [batch, " + columns + "] (was " + Arrays.toString(a.shape()) + ")");
        }
    }

    private static INDArray cast(INDArray a, DataType to) {
        return a.dataType() == to ? a : a.castTo(to);
    }

    private static INDArray concat(List<INDArray> parts, DataType to) {
        INDArray all = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        return all.dataType() == to || !to.isFPType() ? all : all.castTo(to);
    }

    @Override
    public String toString() {
        return "ONNX model " + files.stream().map(f -> f.path().getFileName().toString()).collect(Collectors.joining(" + "))
                + " (input " + shapeText(inputDims) + ", latent " + latentDim + ")";
    }
}

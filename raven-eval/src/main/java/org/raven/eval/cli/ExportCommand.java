package org.raven.eval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.DenseReluMlp;
import org.raven.core.train.Checkpoint;
import org.raven.eval.Plugins;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.run.CellSpec;
import org.raven.eval.spec.SpecException;
import org.raven.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raven export RUN_DIR --model NAME [--seed S] --out DIR}: one trained cell's VAE as ONNX
 * ({@code encoder.onnx} with outputs mu and logvar, {@code decoder.onnx} with output mean), plus {@code export.json}:
 * where it came from, the files' SHA-256, and mu/logvar/mean that raven computes on three fixed inputs, for checking
 * the files elsewhere ({@code make_fixtures.py --check DIR}). The mlp architecture only.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a trained model of a run folder as ONNX (encoder.onnx, decoder.onnx, export.json).")
public final class ExportCommand implements Callable<Integer> {

    static final String EXPORT_JSON = "export.json";

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "the model's name in the spec")
    String model;

    @Option(names = "--seed", paramLabel = "S", description = "the cell's seed (default: the smallest one run)")
    Long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the files")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    private final ObjectMapper mapper;
    private final Plugins plugins;
    private final PluginContext context;

    @Inject
    ExportCommand(ObjectMapper mapper, Plugins plugins, PluginContext context) {
        this.mapper = mapper;
        this.plugins = plugins;
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Path cellDir = cellDir();
        CellSpec cell = mapper.readValue(cellDir.resolve("cell.json").toFile(), CellSpec.File.class).cell();
        if (cell.pretrained() != null) {
            throw new SpecException(cellDir + ": model '" + model + "' was not trained here (it is pretrained); nothing to export");
        }
        Architecture architecture = plugins.create(cell.architecture(), context);
        if (!(architecture instanceof DenseReluMlp mlp)) {
            throw new SpecException(cellDir + ": export supports the mlp architecture (this model's is '"
                    + plugins.providerOf(cell.architecture()).id() + "')");
        }
        Optional<Checkpoint> checkpoint = Checkpoint.latest(cellDir.resolve("checkpoints"));
        if (checkpoint.isEmpty()) {
            throw new SpecException(cellDir.resolve("checkpoints") + ": no checkpoint; run the cell first");
        }
        Map<String, INDArray> weights = checkpoint.get().weights();
        String first = mlp.hidden().isEmpty() ? DenseReluMlp.MU_WEIGHT : DenseReluMlp.encoderWeight(0);
        int inputSize = (int) weights.get(first).size(0);
        OnnxExport.mlp(mlp, weights, inputSize, out);

        INDArray x = sample(inputSize);
        Map<String, INDArray> reference = OnnxExport.reference(mlp, weights, x);
        ObjectNode json = mapper.createObjectNode();
        json.put("run", runDir.toAbsolutePath().normalize().toString()).put("model", model).put("seed", cell.seed())
                .put("epochs", checkpoint.get().epochsDone()).put("inputSize", inputSize).put("latentDim", mlp.latentDim());
        ObjectNode files = json.putObject("files");
        for (String f : List.of(OnnxExport.ENCODER_FILE, OnnxExport.DECODER_FILE)) {
            files.put(f, sha256(out.resolve(f)));
        }
        ObjectNode check = json.putObject("reference");
        check.set("x", matrix(x));
        reference.forEach((k, v) -> check.set(k, matrix(v)));
        AtomicFiles.writeString(out.resolve(EXPORT_JSON), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        var o = command.commandLine().getOut();
        o.println("exported " + cell.key() + " (" + checkpoint.get().epochsDone() + " epochs) to " + out + ": "
                + OnnxExport.ENCODER_FILE + " (outputs mu, logvar), " + OnnxExport.DECODER_FILE + " (output mean), " + EXPORT_JSON);
        return RavenCli.OK;
    }

    private Path cellDir() throws IOException {
        Path cells = runDir.resolve("cells");
        if (seed != null) {
            Path dir = cells.resolve(model + "-seed" + seed);
            if (!Files.isRegularFile(dir.resolve("cell.json"))) {
                throw new SpecException(dir + ": no such cell (model '" + model + "', seed " + seed + ")");
            }
            return dir;
        }
        if (!Files.isDirectory(cells)) {
            throw new SpecException(runDir + ": not a run folder (no cells/)");
        }
        String prefix = model + "-seed";
        try (Stream<Path> dirs = Files.list(cells)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)
                            && d.getFileName().toString().substring(prefix.length()).matches("-?\\d+"))
                    .min((a, b) -> Long.compare(seedOf(a, prefix), seedOf(b, prefix)))
                    .orElseThrow(() -> new SpecException(cells + ": no cell of model '" + model + "'"));
        }
    }

    private static long seedOf(Path dir, String prefix) {
        return Long.parseLong(dir.getFileName().toString().substring(prefix.length()));
    }

    /** Three fixed inputs in [0, 1]. */
    private static INDArray sample(int inputSize) {
        SplittableRandom random = new SplittableRandom(20240518);
        double[] v = new double[3 * inputSize];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return Nd4j.create(v, new long[] {3, inputSize}, DataType.DOUBLE);
    }

    private ArrayNode matrix(INDArray a) {
        ArrayNode rows = mapper.createArrayNode();
        for (double[] row : a.toDoubleMatrix()) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return rows;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

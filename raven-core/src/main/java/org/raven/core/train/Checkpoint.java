package org.raven.core.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.core.TrainingSpec;
import org.raven.core.WeightIO;

/**
 * Everything needed to continue a run exactly: weights, Adam moments and step, the number of epochs
 * done, the root seed (each epoch's random streams derive from (root, epoch), so nothing else about the
 * RNG needs storing), the settings that shape the trajectory, and the metrics so far.
 *
 * <p>Files are {@code epoch-NNNN.ckpt} in the checkpoint folder, written to a temp file and renamed
 * atomically; the two newest are kept.
 *
 * @param epochsDone completed epochs
 * @param rootSeed   {@link org.raven.api.RandomStreams#root()} of the run
 * @param settings   the model's training key, batch size,
 *                   learning rate, schedule and held-out fraction, as a text key
 */
public record Checkpoint(int epochsDone, long rootSeed, String settings, long adamStep, List<EpochMetrics> metrics,
                         Map<String, INDArray> weights, Map<String, float[]> adamFirst, Map<String, float[]> adamSecond) {

    private static final byte[] MAGIC = {'R', 'A', 'V', 'E', 'N', 'C', 'K', 'P'};
    private static final int FORMAT = 2;
    private static final Pattern FILE = Pattern.compile("epoch-(\\d+)\\.ckpt");
    private static final int KEEP = 2;

    /**
     * The settings that must not change between a run and its resumption: the model (its training key, see
     * {@link Trainer#fit(org.raven.core.Vae, org.raven.api.data.LabeledData, TrainingSpec, org.raven.api.RandomStreams,
     * Path, String, TrainingListener)}) and the trajectory.
     */
    public static String settings(String trainingKey, TrainingSpec spec) {
        return "model=" + trainingKey + ", batchSize=" + spec.batchSize() + ", learningRate=" + spec.learningRate() + ", schedule=" + spec.schedule()
                + (TrainingSpec.STEP.equals(spec.schedule()) ? ", stepEvery=" + spec.stepEvery() + ", gamma=" + spec.gamma() : "")
                + (TrainingSpec.COSINE.equals(spec.schedule()) ? ", epochs=" + spec.epochs() : "")
                + ", validationFraction=" + spec.validationFraction()
                // only when set, so checkpoints written before these keys existed still resume
                + (spec.dropLast() ? ", dropLast=true" : "")
                + (spec.commonRandomNumbers() ? ", commonRandomNumbers=true" : "");
    }

    /** The training key inside {@link #settings(String, TrainingSpec)} text. */
    static String modelKey(String settings) {
        int end = settings.lastIndexOf(", batchSize=");
        return settings.startsWith("model=") && end >= 0 ? settings.substring("model=".length(), end) : settings;
    }

    /** Writes this checkpoint as {@code dir/epoch-NNNN.ckpt} atomically and prunes older ones. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format("epoch-%04d.ckpt", epochsDone));
        Path tmp = Files.createTempFile(dir, "epoch-" + epochsDone + "-", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(FORMAT);
                out.writeInt(epochsDone);
                out.writeLong(rootSeed);
                out.writeUTF(settings);
                out.writeLong(adamStep);
                out.writeInt(metrics.size());
                for (EpochMetrics m : metrics) {
                    out.writeInt(m.epoch());
                    for (double d : new double[] {m.loss(), m.bound(), m.recon(), m.reconNoisy(), m.kl(), m.heldOutMse(),
                            m.learningRate(), m.seconds()}) {
                        out.writeDouble(d);
                    }
                }
                WeightIO.write(out, weights);
                writeMoments(out, adamFirst);
                writeMoments(out, adamSecond);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        List<Path> all = list(dir);
        for (int i = 0; i < all.size() - KEEP; i++) {
            Files.deleteIfExists(all.get(i));
        }
        return target;
    }

    private static void writeMoments(DataOutputStream out, Map<String, float[]> moments) throws IOException {
        out.writeInt(moments.size());
        for (Map.Entry<String, float[]> e : moments.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (float d : e.getValue()) {
                out.writeFloat(d);
            }
        }
    }

    private static Map<String, float[]> readMoments(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        Map<String, float[]> moments = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int len = in.readInt();
            if (len < 0) {
                throw new IOException(file + ": corrupt Adam state length " + len + " for '" + name + "'");
            }
            float[] d = new float[len];
            for (int k = 0; k < len; k++) {
                d[k] = in.readFloat();
            }
            moments.put(name, d);
        }
        return moments;
    }

    /** Complete checkpoint files in {@code dir}, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> FILE.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort((a, b) -> Integer.compare(epochOf(a), epochOf(b)));
        return files;
    }

    private static int epochOf(Path p) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The newest checkpoint in {@code dir}, if any. */
    public static Optional<Checkpoint> latest(Path dir) throws IOException {
        List<Path> files = list(dir);
        return files.isEmpty() ? Optional.empty() : Optional.of(read(files.get(files.size() - 1)));
    }

    /** Reads one checkpoint file; errors name the file and what was wrong. */
    public static Checkpoint read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a RAVEN checkpoint (bad magic at offset 0)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": checkpoint format " + format + " is not supported (expected " + FORMAT + ")");
            }
            int epochsDone = in.readInt();
            long root = in.readLong();
            String settings = in.readUTF();
            long adamStep = in.readLong();
            int nm = in.readInt();
            List<EpochMetrics> metrics = new ArrayList<>();
            for (int i = 0; i < nm; i++) {
                int epoch = in.readInt();
                double[] d = new double[8];
                for (int k = 0; k < d.length; k++) {
                    d[k] = in.readDouble();
                }
                metrics.add(new EpochMetrics(epoch, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]));
            }
            Map<String, INDArray> weights = WeightIO.read(in, file.toString());
            Map<String, float[]> first = readMoments(in, file);
            Map<String, float[]> second = readMoments(in, file);
            return new Checkpoint(epochsDone, root, settings, adamStep, metrics, weights, first, second);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }
}

package org.raven.core.train;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.core.ChecksummedFile;
import org.raven.core.CorruptFileException;
import org.raven.core.TrainingSpec;
import org.raven.core.WeightIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything needed to continue a run exactly: weights, Adam moments and step, the number of epochs
 * done, the root seed (each epoch's random streams derive from (root, epoch), so nothing else about the
 * RNG needs storing), the settings that shape the trajectory, and the metrics so far.
 *
 * <p>Files are {@code epoch-NNNN.ckpt} in the checkpoint folder, {@link ChecksummedFile}s (written to a temp file,
 * forced to disk and renamed atomically; a SHA-256 trailer over the whole content); the two newest are kept, so a
 * damaged newest one leaves an older one to resume from.
 *
 * @param epochsDone completed epochs
 * @param rootSeed   {@link org.raven.api.RandomStreams#root()} of the run
 * @param settings   the model's training key, batch size,
 *                   learning rate, schedule and held-out fraction, as a text key
 * @param provenance where the code that wrote it came from, as its caller describes it (opaque here, for example
 *                   JSON; at most {@value #MAX_PROVENANCE} bytes of UTF-8, covered by the checksum); null when none
 *                   was given or the file is of format 3, which had none
 */
public record Checkpoint(int epochsDone, long rootSeed, String settings, long adamStep, List<EpochMetrics> metrics,
                         Map<String, INDArray> weights, Map<String, float[]> adamFirst, Map<String, float[]> adamSecond,
                         String provenance) {

    /** Bytes of provenance text a checkpoint holds at most. */
    public static final int MAX_PROVENANCE = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final byte[] MAGIC = {'R', 'A', 'V', 'E', 'N', 'C', 'K', 'P'};
    /** 4: provenance after the settings; 3: SHA-256 trailer and checked lengths (format 2 had neither). */
    private static final int FORMAT = 4;
    /** The oldest format read: 3, which is 4 without provenance. */
    private static final int OLDEST = 3;
    private static final String KIND = "RAVEN checkpoint";
    private static final Pattern FILE = Pattern.compile("epoch-(\\d+)\\.ckpt");
    private static final int KEEP = 2;

    /** Without provenance. */
    public Checkpoint(int epochsDone, long rootSeed, String settings, long adamStep, List<EpochMetrics> metrics,
                      Map<String, INDArray> weights, Map<String, float[]> adamFirst, Map<String, float[]> adamSecond) {
        this(epochsDone, rootSeed, settings, adamStep, metrics, weights, adamFirst, adamSecond, null);
    }

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

    /**
     * Writes this checkpoint as {@code dir/epoch-NNNN.ckpt} (a {@link ChecksummedFile}: atomic, forced to disk,
     * SHA-256 trailer) and prunes older ones: the {@value #KEEP} newest up to this epoch are kept. Newer files (only
     * there when a damaged newer checkpoint was passed over) are left to be replaced when training reaches them.
     */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format("epoch-%04d.ckpt", epochsDone));
        ChecksummedFile.write(target, MAGIC, FORMAT, out -> {
            out.writeInt(epochsDone);
            out.writeLong(rootSeed);
            out.writeUTF(settings);
            ChecksummedFile.writeText(out, provenance == null ? "" : provenance, MAX_PROVENANCE, "checkpoint provenance");
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
        });
        List<Path> older = list(dir).stream().filter(p -> epochOf(p) <= epochsDone).toList();
        for (int i = 0; i < older.size() - KEEP; i++) {
            Files.deleteIfExists(older.get(i));
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

    /** Adam moments by weight name, each of its weight's length; every value finite (second moments also >= 0). */
    private static Map<String, float[]> readMoments(ChecksummedFile.Reader in, String which, Map<String, INDArray> weights)
            throws IOException {
        int n = in.readCount("Adam " + which + " moment count", 2 + 4);
        Map<String, float[]> moments = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF("Adam " + which + " moment name");
            long lengthAt = in.offset();
            int length = in.readCount("length of the Adam " + which + " moment of '" + name + "'", 4);
            INDArray weight = weights.get(name);
            if (weight == null || weight.length() != length) {
                throw in.corrupt("Adam " + which + " moment of '" + name + "' at offset " + lengthAt + " has " + length
                        + " values, " + (weight == null ? "but there is no such weight" : "the weight " + weight.length()));
            }
            long valuesAt = in.offset();
            String what = "Adam " + which + " moment of '" + name + "'";
            boolean second = "second".equals(which);
            float[] d = new float[length];
            for (int k = 0; k < length; k++) {
                d[k] = in.readFloat(what);
                if (!Float.isFinite(d[k]) || (second && d[k] < 0)) {
                    throw in.corrupt("the optimiser state is damaged: " + what + " holds "
                            + d[k] + " at index " + k + " (offset " + (valuesAt + 4L * k) + ")");
                }
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

    /**
     * The newest intact checkpoint in {@code dir}, if any. A checkpoint that cannot be used (see {@link #read}) is
     * passed over with a WARN naming the file and why, and the next older one is tried.
     *
     * @throws IOException if a file cannot be read at all (permissions, I/O errors): that is not damage
     */
    public static Optional<Checkpoint> latest(Path dir) throws IOException {
        List<Path> files = new ArrayList<>(list(dir));
        java.util.Collections.reverse(files);
        for (int i = 0; i < files.size(); i++) {
            try {
                return Optional.of(read(files.get(i)));
            } catch (CorruptFileException e) {
                LOG.warn("{}; {}", e.getMessage(), i + 1 < files.size() ? "falling back to the older " + files.get(i + 1)
                        .getFileName() : "no older checkpoint is left");
            }
        }
        return Optional.empty();
    }

    /**
     * Reads one checkpoint file.
     *
     * @throws CorruptFileException naming the file (and offset) if it is empty, truncated, not a checkpoint, of
     *                              another format, fails its checksum, or holds a length, an epoch count or an
     *                              optimiser state that cannot be right (NaN or infinite values)
     */
    public static Checkpoint read(Path file) throws IOException {
        try (ChecksummedFile.Reader in = ChecksummedFile.open(file, MAGIC, OLDEST, FORMAT, KIND)) {
            int epochsDone = in.readInt("epochsDone");
            int named = epochOf(file);
            if (epochsDone < 1 || (named >= 0 && named != epochsDone)) {
                throw in.corrupt("epochsDone " + epochsDone + " at offset " + (in.offset() - 4)
                        + (named >= 0 ? " does not match the file name (epoch " + named + ")" : " must be >= 1"));
            }
            long root = in.readLong("root seed");
            String settings = in.readUTF("settings");
            String provenance = in.format() < 4 ? null : in.readText("provenance", MAX_PROVENANCE);
            long adamStep = in.readLong("Adam step");
            if (adamStep < 0) {
                throw in.corrupt("the optimiser state is damaged: Adam step " + adamStep + " at offset " + (in.offset() - 8));
            }
            long metricsAt = in.offset();
            int nm = in.readCount("metrics count", 4 + 8 * 8);
            if (nm != epochsDone) {
                throw in.corrupt("metrics count " + nm + " at offset " + metricsAt + " does not match epochsDone " + epochsDone);
            }
            List<EpochMetrics> metrics = new ArrayList<>();
            for (int i = 0; i < nm; i++) {
                int epoch = in.readInt("metrics epoch");
                double[] d = new double[8];
                for (int k = 0; k < d.length; k++) {
                    d[k] = in.readDouble("metrics of epoch " + epoch);
                }
                metrics.add(new EpochMetrics(epoch, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]));
            }
            Map<String, INDArray> weights = WeightIO.read(in);
            Map<String, float[]> first = readMoments(in, "first", weights);
            Map<String, float[]> second = readMoments(in, "second", weights);
            in.expectEnd();
            return new Checkpoint(epochsDone, root, settings, adamStep, metrics, weights, first, second,
                    provenance == null || provenance.isEmpty() ? null : provenance);
        }
    }
}

package org.raven.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.RandomStreams;
import org.raven.api.data.LabeledData;
import org.raven.core.ChecksummedFile;
import org.raven.core.CorruptFileException;
import org.raven.core.TestModels;
import org.raven.core.TrainingSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.slf4j.LoggerFactory;

/** A damaged checkpoint is detected, named and passed over for the newest intact one. */
class CheckpointIntegrityTest {

    private static final VaeConfig RAVEN = TestModels.mlp(new AdditivePrior(0.5), new GaussianNoise(0.2), null, 1.0);
    private static final String KIND = "RAVEN checkpoint";
    private final LabeledData data = TestModels.labeled(1, 90, TestModels.SHAPE);
    /** What the trainer's checkpoints record as their provenance (not ASCII, so the length is in bytes). */
    private static String provenance(String engine) {
        return "{\"engine\": \"" + engine + "\", \"by\": \"CheckpointIntegrityTest \u2713\"}";
    }

    private final Trainer trainer = new Trainer(CheckpointIntegrityTest::provenance);

    /** Bytes of the provenance field (length and text) in {@code c}'s file. */
    private static int provenanceBytes(Checkpoint c) {
        return 4 + (c.provenance() == null ? 0 : c.provenance().getBytes(StandardCharsets.UTF_8).length);
    }

    private static TrainingSpec spec(int epochs) {
        return new TrainingSpec(epochs, 16, 1e-2, null, null, null, 0.1, null, null, null);
    }

    private Path trainedOneEpoch(Path dir) {
        trainer.fit(Vae.create(RAVEN, 1), data, spec(1), new RandomStreams(5), dir, null);
        return dir.resolve("epoch-0001.ckpt");
    }

    /** Offsets of one byte inside each kind of field of {@code c}'s file of {@code size} bytes. */
    private static Map<String, Integer> fieldOffsets(Checkpoint c, int size) {
        int settings = 20 + 4 + 8; // header (magic, format, size), epochsDone, root seed
        int provenance = settings + 2 + c.settings().getBytes(StandardCharsets.UTF_8).length;
        int afterSettings = provenance + provenanceBytes(c);
        int weights = afterSettings + 8 + 4 + 68 * c.metrics().size();
        int firstMoments = weights + 4;
        for (Map.Entry<String, INDArray> e : c.weights().entrySet()) {
            firstMoments += 2 + e.getKey().length() + 1 + 4 + 8 * e.getValue().rank() + 4 * (int) e.getValue().length();
        }
        String firstWeight = c.weights().keySet().iterator().next();
        int rank = c.weights().get(firstWeight).rank();
        Map<String, Integer> at = new LinkedHashMap<>();
        at.put("epochsDone", 20 + 3);
        at.put("root seed", 24 + 7);
        at.put("settings", settings + 2 + 3);
        at.put("provenance", provenance + 4 + 5);
        at.put("Adam step", afterSettings + 7);
        at.put("metrics", afterSettings + 8 + 4 + 4 + 2); // a byte of epoch 1's loss
        at.put("weight value", weights + 4 + 2 + firstWeight.length() + 1 + 4 + 8 * rank + 1);
        at.put("Adam first moment", firstMoments + 4 + 2 + c.adamFirst().keySet().iterator().next().length() + 4 + 1);
        at.put("Adam second moment", size - ChecksummedFile.TRAILER - 2);
        at.put("checksum", size - 1);
        return at;
    }

    /** {@code bytes} with a new SHA-256 trailer: damage that the checksum cannot see, as from a buggy writer. */
    private static byte[] resealed(byte[] bytes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(bytes, 0, bytes.length - ChecksummedFile.TRAILER);
        System.arraycopy(sha.digest(), 0, bytes, bytes.length - ChecksummedFile.TRAILER, ChecksummedFile.TRAILER);
        return bytes;
    }

    @Test
    void aFlippedByteInAnyFieldIsDetectedAndNamed(@TempDir Path dir) throws Exception {
        Path file = trainedOneEpoch(dir);
        byte[] good = Files.readAllBytes(file);
        Checkpoint c = Checkpoint.read(file);
        int size = good.length;
        for (Map.Entry<String, Integer> field : fieldOffsets(c, size).entrySet()) {
            byte[] bad = good.clone();
            bad[field.getValue()] ^= 0x10;
            Files.write(file, bad);
            assertThatThrownBy(() -> Checkpoint.read(file)).as(field.getKey()).isInstanceOf(CorruptFileException.class)
                    .hasMessageStartingWith(file + ": damaged RAVEN checkpoint: the SHA-256 of bytes 0-" + (size - 32) + " is ")
                    .hasMessageContaining(", the checksum at offset " + (size - 32) + " says ");
        }
        // the header's own fields
        byte[] magic = good.clone();
        magic[2] = 'X';
        Files.write(file, magic);
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessage(file + ": not a RAVEN checkpoint (bad magic at offset 0)");
        byte[] format = good.clone();
        format[11] = 2;
        Files.write(file, format);
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessage(file + ": RAVEN checkpoint format 2 (offset 8) was written by"
                + " an older RAVEN, without a checksum, and is not supported; this RAVEN reads format 3 to 4");
        byte[] sizeField = good.clone();
        sizeField[18] ^= 0x01; // the declared size 256 bytes off
        Files.write(file, sizeField);
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessageEndingWith(" declared at offset 12");

        Files.write(file, good);
        assertThat(Checkpoint.read(file).weights()).isEqualTo(c.weights());
    }

    @Test
    void truncatedEmptyAndForeignFilesAreNamed(@TempDir Path dir) throws Exception {
        Path file = trainedOneEpoch(dir);
        byte[] good = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessage(file + ": truncated RAVEN checkpoint: " + good.length / 2 + " bytes of the " + good.length
                        + " declared at offset 12");
        Files.write(file, java.util.Arrays.copyOf(good, 10));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessage(file + ": truncated RAVEN checkpoint (10 bytes, header incomplete)");
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessage(file + ": empty file (0 bytes), not a RAVEN checkpoint");
        Files.writeString(file, "{\"not\": \"a checkpoint\"}");
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessage(file + ": not a RAVEN checkpoint (bad magic at offset 0)");
    }

    @Test
    void lengthsAreBoundedByTheFileEvenUnderAValidChecksum(@TempDir Path dir) throws Exception {
        Path file = trainedOneEpoch(dir);
        byte[] good = Files.readAllBytes(file);
        Checkpoint c = Checkpoint.read(file);
        int provenance = 32 + 2 + c.settings().length();
        int settingsEnd = provenance + provenanceBytes(c);
        int metricsCount = settingsEnd + 8;
        int weights = metricsCount + 4 + 68;
        int body = good.length - ChecksummedFile.TRAILER;

        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(provenance, Integer.MAX_VALUE);
        Files.write(file, resealed(bad));
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessage(file + ": corrupt length of provenance 2147483647 at offset " + provenance + " ("
                        + (body - provenance - 4) + " bytes left, 1 per item)");

        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(metricsCount, Integer.MAX_VALUE);
        Files.write(file, resealed(bad));
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessage(file + ": corrupt metrics count 2147483647 at offset " + metricsCount + " ("
                        + (body - metricsCount - 4) + " bytes left, 68 per item)");

        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(weights, Integer.MAX_VALUE);
        Files.write(file, resealed(bad));
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessage(file + ": corrupt array count 2147483647 at offset " + weights + " (" + (body - weights - 4)
                        + " bytes left, 7 per item)");

        String first = c.weights().keySet().iterator().next();
        int shape = weights + 4 + 2 + first.length() + 1 + 4;
        bad = good.clone();
        ByteBuffer.wrap(bad).putLong(shape, Integer.MAX_VALUE);
        Files.write(file, resealed(bad));
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessageStartingWith(file + ": array '" + first + "' has corrupt shape [2147483647")
                .hasMessageContaining(" at offset " + shape + " (");

        // epochsDone changed from 1 to 12: the file name disagrees
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(20, 12);
        Files.write(file, resealed(bad));
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessage(file + ": epochsDone 12 at offset 20 does not match the file name (epoch 1)");
    }

    @Test
    void nonFiniteOptimiserStateOrWeightsAreDamage(@TempDir Path dir) throws Exception {
        Path file = trainedOneEpoch(dir);
        Checkpoint c = Checkpoint.read(file);
        String name = c.adamFirst().keySet().iterator().next();
        Map<String, float[]> first = new LinkedHashMap<>(c.adamFirst());
        float[] poisoned = first.get(name).clone();
        poisoned[3] = Float.NaN;
        first.put(name, poisoned);
        new Checkpoint(1, c.rootSeed(), c.settings(), c.adamStep(), c.metrics(), c.weights(), first, c.adamSecond()).write(dir);
        assertThatThrownBy(() -> Checkpoint.read(file)).isInstanceOf(CorruptFileException.class)
                .hasMessageStartingWith(file + ": the optimiser state is damaged: Adam first moment of '" + name
                        + "' holds NaN at index 3 (offset ");

        Map<String, float[]> second = new LinkedHashMap<>(c.adamSecond());
        float[] negative = second.get(name).clone();
        negative[0] = -1f;
        second.put(name, negative);
        new Checkpoint(1, c.rootSeed(), c.settings(), c.adamStep(), c.metrics(), c.weights(), c.adamFirst(), second).write(dir);
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessageStartingWith(file + ": the optimiser state is damaged: Adam second moment of '" + name
                        + "' holds -1.0 at index 0 (offset ");

        Map<String, INDArray> weights = new LinkedHashMap<>();
        c.weights().forEach((k, v) -> weights.put(k, v.dup()));
        String w = weights.keySet().iterator().next();
        weights.get(w).putScalar(1, Double.POSITIVE_INFINITY);
        new Checkpoint(1, c.rootSeed(), c.settings(), c.adamStep(), c.metrics(), weights, c.adamFirst(), c.adamSecond()).write(dir);
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessageStartingWith(file + ": '" + w + "' holds Infinity at index 1 (offset ");
    }

    /** The WARN lines of the org.raven loggers while {@code action} runs. */
    private static <T> T capturingWarnings(List<String> warnings, Supplier<T> action) {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        try {
            return action.get();
        } finally {
            root.detachAppender(captured);
            captured.list.stream().filter(e -> e.getLoggerName().startsWith("org.raven")
                    && e.getLevel() == ch.qos.logback.classic.Level.WARN).forEach(e -> warnings.add(e.getFormattedMessage()));
        }
    }

    private static void assertSameWeights(Vae expected, Vae actual) {
        for (Map.Entry<String, INDArray> e : expected.weights().entrySet()) {
            assertThat(actual.weights().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void resumeFallsBackToTheNewestIntactCheckpointAndMatchesTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Vae uninterrupted = Vae.create(RAVEN, 1);
        trainer.fit(uninterrupted, data, spec(3), new RandomStreams(5), null, null);
        trainer.fit(Vae.create(RAVEN, 1), data, spec(3), new RandomStreams(5), dir, null);
        Path third = dir.resolve("epoch-0003.ckpt");
        Path second = dir.resolve("epoch-0002.ckpt");
        Map<String, INDArray> intactSecond = Checkpoint.read(second).weights();
        byte[] bad = Files.readAllBytes(third);
        bad[bad.length / 2] ^= 0x01; // somewhere in the body
        Files.write(third, bad);

        List<String> warnings = new java.util.ArrayList<>();
        Vae resumed = Vae.create(RAVEN, 1);
        TrainingResult result = capturingWarnings(warnings,
                () -> trainer.fit(resumed, data, spec(3), new RandomStreams(5), dir, null));
        assertThat(result.resumedFrom()).isEqualTo(2);
        assertSameWeights(uninterrupted, resumed);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith(third + ": damaged " + KIND + ": the SHA-256 of bytes 0-")
                .endsWith("; falling back to the older epoch-0002.ckpt");
        assertThat(Checkpoint.read(third).epochsDone()).isEqualTo(3); // written again, intact
        assertThat(Checkpoint.list(dir)).containsExactly(second, third);

        // Both damaged (the older one emptied): training starts from scratch, with the same result.
        Files.write(third, bad);
        Files.write(second, new byte[0]);
        warnings.clear();
        Vae fresh = Vae.create(RAVEN, 1);
        TrainingResult scratch = capturingWarnings(warnings,
                () -> trainer.fit(fresh, data, spec(3), new RandomStreams(5), dir, null));
        assertThat(scratch.resumedFrom()).isZero();
        assertSameWeights(uninterrupted, fresh);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith(third + ": damaged").endsWith("; falling back to the older epoch-0002.ckpt");
        assertThat(warnings.get(1)).isEqualTo(second + ": empty file (0 bytes), not a RAVEN checkpoint; no older checkpoint is left");
        assertThat(warnings.get(2)).isEqualTo("no intact checkpoint in " + dir + "; training starts from scratch");
        assertThat(Checkpoint.read(second).weights()).isEqualTo(intactSecond); // written again, the same weights
    }

    @Test
    void nanInTheNewestOptimiserStateIsDamageNotDivergence(@TempDir Path dir) throws Exception {
        Vae uninterrupted = Vae.create(RAVEN, 1);
        trainer.fit(uninterrupted, data, spec(3), new RandomStreams(5), null, null);
        trainer.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(5), dir, null);
        Checkpoint c = Checkpoint.read(dir.resolve("epoch-0002.ckpt"));
        Map<String, float[]> second = new LinkedHashMap<>();
        c.adamSecond().forEach((k, v) -> {
            float[] nan = v.clone();
            java.util.Arrays.fill(nan, Float.NaN);
            second.put(k, nan);
        });
        new Checkpoint(2, c.rootSeed(), c.settings(), c.adamStep(), c.metrics(), c.weights(), c.adamFirst(), second).write(dir);

        List<String> warnings = new java.util.ArrayList<>();
        Vae resumed = Vae.create(RAVEN, 1);
        TrainingResult result = capturingWarnings(warnings,
                () -> trainer.fit(resumed, data, spec(3), new RandomStreams(5), dir, null));
        assertThat(result.resumedFrom()).isEqualTo(1);
        assertSameWeights(uninterrupted, resumed);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith(dir.resolve("epoch-0002.ckpt") + ": the optimiser state is damaged: Adam second moment of '")
                .endsWith("; falling back to the older epoch-0001.ckpt");
    }

    @Test
    void aPassedOverNewerCheckpointIsKeptUntilTrainingReachesIt(@TempDir Path dir) throws Exception {
        trainer.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(5), dir, null);
        Files.write(dir.resolve("epoch-0009.ckpt"), new byte[] {1, 2, 3});
        List<String> warnings = new java.util.ArrayList<>();
        capturingWarnings(warnings, () -> trainer.fit(Vae.create(RAVEN, 1), data, spec(4), new RandomStreams(5), dir, null));
        assertThat(warnings).containsExactly(dir.resolve("epoch-0009.ckpt")
                + ": not a RAVEN checkpoint (bad magic at offset 0); falling back to the older epoch-0002.ckpt");
        assertThat(Checkpoint.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0003.ckpt", "epoch-0004.ckpt", "epoch-0009.ckpt");
    }

    @Test
    void provenanceRoundTripsAndAResumedRunReportsWhatItsCheckpointRecorded(@TempDir Path dir) throws Exception {
        List<String> asked = new java.util.ArrayList<>();
        Trainer first = new Trainer(engine -> {
            asked.add(engine);
            return provenance(engine);
        });
        TrainingResult fresh = first.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(5), dir, null);
        assertThat(asked).containsExactly(fresh.engine()); // once per fit, with the engine actually used
        assertThat(fresh.resumedProvenance()).isNull();
        assertThat(Checkpoint.read(dir.resolve("epoch-0002.ckpt")).provenance()).isEqualTo(provenance(fresh.engine()));

        // resumed by other code: the result names the checkpoint's writer, new checkpoints the resuming code
        TrainingResult resumed = new Trainer(engine -> "second").fit(Vae.create(RAVEN, 1), data, spec(3),
                new RandomStreams(5), dir, null);
        assertThat(resumed.resumedFrom()).isEqualTo(2);
        assertThat(resumed.resumedProvenance()).isEqualTo(provenance(fresh.engine()));
        assertThat(Checkpoint.read(dir.resolve("epoch-0003.ckpt")).provenance()).isEqualTo("second");

        // a finished training reused: nothing is trained or written, the writer's provenance is reported
        TrainingResult reused = new Trainer().fit(Vae.create(RAVEN, 1), data, spec(3), new RandomStreams(5), dir, null);
        assertThat(reused.resumedFrom()).isEqualTo(3);
        assertThat(reused.resumedProvenance()).isEqualTo("second");

        Checkpoint c = Checkpoint.read(dir.resolve("epoch-0003.ckpt"));
        String tooLong = "x".repeat(Checkpoint.MAX_PROVENANCE + 1);
        assertThatThrownBy(() -> new Checkpoint(4, c.rootSeed(), c.settings(), c.adamStep(), c.metrics(), c.weights(),
                c.adamFirst(), c.adamSecond(), tooLong).write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint provenance is 1048577 bytes, at most 1048576 fit");
        assertThat(Checkpoint.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0002.ckpt", "epoch-0003.ckpt");
    }

    @Test
    void aFormat3CheckpointStillReadsAndResumesWithoutProvenance(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("epoch-0001.ckpt");
        new Trainer().fit(Vae.create(RAVEN, 1), data, spec(1), new RandomStreams(5), dir, null);
        byte[] four = Files.readAllBytes(file);
        Checkpoint c = Checkpoint.read(file);
        assertThat(c.provenance()).isNull();
        // format 3 is format 4 without the provenance field (an int length, here 0) after the settings
        int at = 32 + 2 + c.settings().length();
        assertThat(ByteBuffer.wrap(four).getInt(at)).isZero();
        byte[] three = new byte[four.length - 4];
        System.arraycopy(four, 0, three, 0, at);
        System.arraycopy(four, at + 4, three, at, four.length - at - 4);
        ByteBuffer.wrap(three).putInt(8, 3).putLong(12, three.length);
        Files.write(file, resealed(three));

        Checkpoint old = Checkpoint.read(file);
        assertThat(old.provenance()).isNull();
        assertThat(old.settings()).isEqualTo(c.settings());
        assertThat(old.adamStep()).isEqualTo(c.adamStep());
        assertThat(old.metrics()).isEqualTo(c.metrics());
        assertThat(old.weights()).isEqualTo(c.weights());
        TrainingResult resumed = trainer.fit(Vae.create(RAVEN, 1), data, spec(2), new RandomStreams(5), dir, null);
        assertThat(resumed.resumedFrom()).isEqualTo(1);
        assertThat(resumed.resumedProvenance()).isNull();

        ByteBuffer.wrap(three).putInt(8, 5);
        Files.write(file, resealed(three));
        assertThatThrownBy(() -> Checkpoint.read(file)).hasMessage(file + ": RAVEN checkpoint format 5 (offset 8) is not"
                + " supported; this RAVEN reads format 3 to 4");
    }
}

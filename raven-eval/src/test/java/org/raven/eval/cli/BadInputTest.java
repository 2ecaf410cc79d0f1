package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input a fair but hostile user gives (specs, data files, output folders, options): each exits 2 with its exact
 * message, one line per problem, no stack trace. The messages are in {@code bad-inputs.txt}, one case per line
 * ({@code id<TAB>stderr}, lines joined by {@code \n}; {@code $DIR} is the case's folder; a message starting with
 * {@code ~} is a regular expression, for the cases that print this machine's memory).
 */
class BadInputTest {

    /** A spec that validates; cases change one thing. */
    static final String GOOD = """
            {"name": "ok", "dataset": {"type": "test-data"}, "seeds": [1],
             "evaluation": {"testPoints": 8, "budgets": [0, 0.1]},
             "models": [{"name": "vae", "prior": {"type": "standard-normal"}}]}""";

    /** One case: files to write into its folder (name to content; {@code spec.json} is the spec), then the arguments. */
    record Case(String id, Map<String, byte[]> files, List<String> args) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        // names that would place files elsewhere or are no file name
        spec(all, "name-dotdot", GOOD.replace("\"ok\"", "\"../../escaped\""));
        spec(all, "name-slash", GOOD.replace("\"ok\"", "\"runs/x\""));
        spec(all, "name-nul", GOOD.replace("\"ok\"", "\"a\\u0000b\""));
        spec(all, "name-newline", GOOD.replace("\"ok\"", "\"a\\nb\""));
        spec(all, "name-blank", GOOD.replace("\"ok\"", "\" \""));
        spec(all, "name-dot-first", GOOD.replace("\"ok\"", "\".hidden\""));
        spec(all, "name-too-long", GOOD.replace("\"ok\"", "\"" + "n".repeat(101) + "\""));
        spec(all, "name-backslash", GOOD.replace("\"ok\"", "\"a\\\\b\""));
        spec(all, "model-name-dotdot", GOOD.replace("\"vae\"", "\"..\""));
        spec(all, "model-name-slash", GOOD.replace("\"vae\"", "\"a/b\""));
        spec(all, "model-name-duplicate", GOOD.replace("[{\"name\": \"vae\", \"prior\": {\"type\": \"standard-normal\"}}]",
                "[{\"name\": \"vae\", \"prior\": {\"type\": \"standard-normal\"}}, {\"name\": \"vae\", \"prior\": {\"type\": \"standard-normal\"}}]"));
        // structure and types
        spec(all, "malformed-json", GOOD.substring(0, 40));
        spec(all, "not-an-object", "[1, 2]");
        spec(all, "unknown-key", GOOD.replace("\"seeds\"", "\"seed\""));
        spec(all, "dataset-missing", GOOD.replace("\"dataset\": {\"type\": \"test-data\"},", ""));
        spec(all, "dataset-unknown", GOOD.replace("test-data", "imagenet"));
        spec(all, "models-missing", GOOD.replace(",\n \"models\": [{\"name\": \"vae\", \"prior\": {\"type\": \"standard-normal\"}}]", ""));
        spec(all, "models-empty", GOOD.replace("[{\"name\": \"vae\", \"prior\": {\"type\": \"standard-normal\"}}]", "[]"));
        spec(all, "prior-missing", GOOD.replace(", \"prior\": {\"type\": \"standard-normal\"}", ""));
        spec(all, "prior-unknown", GOOD.replace("standard-normal", "laplace"));
        spec(all, "prior-tau-zero", GOOD.replace("{\"type\": \"standard-normal\"}", "{\"type\": \"additive\", \"tau\": 0}, \"noise\": {\"type\": \"gaussian\"}"));
        spec(all, "attack-unknown", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 8, \"attack\": {\"type\": \"pgd-lnf\"}"));
        spec(all, "architecture-unknown", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"resnet\"},"));
        spec(all, "init-unknown", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"init\": \"xavier2\"},"));
        spec(all, "hidden-zero", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"hidden\": [0]},"));
        spec(all, "latent-string", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"latentDim\": \"big\"},"));
        // seeds
        spec(all, "seeds-empty", GOOD.replace("[1]", "[]"));
        spec(all, "seeds-duplicate", GOOD.replace("[1]", "[1, 2, 1]"));
        spec(all, "seeds-null", GOOD.replace("[1]", "[1, null]"));
        spec(all, "seeds-text", GOOD.replace("[1]", "\"abc\""));
        spec(all, "seeds-fraction", GOOD.replace("[1]", "[1.5]"));
        // numbers out of range
        spec(all, "beta-zero", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"beta\": 0,"));
        spec(all, "beta-negative", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"beta\": -1,"));
        spec(all, "epochs-zero", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"training\": {\"epochs\": 0},"));
        spec(all, "batch-negative", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"training\": {\"batchSize\": -1},"));
        spec(all, "learning-rate-zero", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"training\": {\"learningRate\": 0},"));
        spec(all, "workers-zero-in-spec", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"executor\": {\"workers\": 0},"));
        // evaluation
        spec(all, "budgets-unsorted", GOOD.replace("[0, 0.1]", "[0.1, 0]"));
        spec(all, "budgets-negative", GOOD.replace("[0, 0.1]", "[-0.1, 0.1]"));
        spec(all, "budgets-above-one-linf", GOOD.replace("[0, 0.1]", "[0, 0.1, 2]"));
        spec(all, "budgets-empty", GOOD.replace("[0, 0.1]", "[]"));
        spec(all, "test-points-zero", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 0"));
        spec(all, "test-selection-unknown", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 8, \"testSelection\": \"best\""));
        spec(all, "tsne-points-two", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 8, \"tsnePoints\": 2"));
        spec(all, "tsne-perplexity-zero", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 8, \"tsnePerplexity\": 0"));
        spec(all, "paired-unknown", GOOD.replace("\"testPoints\": 8", "\"testPoints\": 8, \"pairedAgainst\": [\"raven\"]"));
        // limits
        spec(all, "latent-dim-1e9", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"latentDim\": 1e9},"));
        spec(all, "latent-dim-int-1e9", GOOD.replace("\"seeds\": [1],", "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"latentDim\": 1000000000},"));
        spec(all, "hidden-too-wide-overflow", GOOD.replace("\"seeds\": [1],",
                "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"hidden\": [2000000000, 2000000000, 2000000000]},"));
        spec(all, "cells-200000", GOOD.replace("[1]", "[" + IntStream.rangeClosed(1, 200_000).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + "]"));
        // against the data (validate --data, and run)
        all.add(new Case("test-points-above-test-set", Map.of("spec.json", bytes(GOOD.replace("\"testPoints\": 8",
                "\"testPoints\": 100000"))), List.of("validate", "--data", "$DIR/spec.json")));
        all.add(new Case("model-test-points-above-test-set", Map.of("spec.json", bytes(GOOD.replace(
                "\"prior\": {\"type\": \"standard-normal\"}}", "\"prior\": {\"type\": \"standard-normal\"}, \"testPoints\": 65}"))),
                List.of("validate", "--data", "$DIR/spec.json")));
        all.add(new Case("l2-budget-above-diameter", Map.of("spec.json", bytes(GOOD.replace("[0, 0.1]", "[0, 3]")
                .replace("\"testPoints\": 8", "\"testPoints\": 8, \"attack\": {\"type\": \"latent-skl-pgd\", \"norm\": \"l2\"}"))),
                List.of("run", "$DIR/spec.json", "--out", "$DIR/out")));
        all.add(new Case("memory-hidden-1e8", Map.of("spec.json", bytes(GOOD.replace("\"seeds\": [1],",
                "\"seeds\": [1], \"architecture\": {\"type\": \"mlp\", \"hidden\": [100000000]},"))),
                List.of("validate", "--data", "$DIR/spec.json")));
        all.add(new Case("estimated-too-long", Map.of("spec.json", bytes(GOOD.replace("\"seeds\": [1],",
                "\"seeds\": [1], \"training\": {\"epochs\": 100000000},"))), List.of("run", "$DIR/spec.json", "--out", "$DIR/out")));
        // data files
        String mnist = GOOD.replace("{\"type\": \"test-data\"}", "{\"type\": \"mnist\", \"path\": \"$DIR/data\", \"verify\": false}");
        data(all, "data-path-missing", mnist, Map.of());
        data(all, "data-path-incomplete", mnist, Map.of("data/train-images-idx3-ubyte", images(6, 0)));
        data(all, "data-bad-magic", mnist, idx(Map.of("data/train-labels-idx1-ubyte", images(6, 0))));
        data(all, "data-truncated", mnist, idx(Map.of("data/t10k-images-idx3-ubyte",
                java.util.Arrays.copyOf(images(6, 0), 30))));
        data(all, "data-label-out-of-range", mnist, idx(Map.of("data/t10k-labels-idx1-ubyte", labels(6, 12))));
        data(all, "data-corrupt-gzip", mnist, idx(Map.of("data/train-images-idx3-ubyte.gz", corruptGzip(images(6, 0)))));
        data(all, "data-count-mismatch", mnist, idx(Map.of("data/train-labels-idx1-ubyte", labels(5, 0))));
        data(all, "data-trailing-bytes", mnist, idx(Map.of("data/t10k-labels-idx1-ubyte",
                java.util.Arrays.copyOf(labels(6, 0), 8 + 6 + 3))));
        // output folders and options
        all.add(new Case("out-below-regular-file", Map.of("spec.json", bytes(GOOD), "file", bytes("x")),
                List.of("run", "$DIR/spec.json", "--out", "$DIR/file/out")));
        all.add(new Case("out-is-regular-file", Map.of("spec.json", bytes(GOOD), "file", bytes("x")),
                List.of("run", "$DIR/spec.json", "--out", "$DIR/file")));
        all.add(new Case("out-nul", Map.of("spec.json", bytes(GOOD)), List.of("run", "$DIR/spec.json", "--out", "$DIR/a\0b")));
        all.add(new Case("out-not-empty", Map.of("spec.json", bytes(GOOD), "out/notes.txt", bytes("mine")),
                List.of("run", "$DIR/spec.json", "--out", "$DIR/out")));
        all.add(new Case("resume-not-a-run-folder", Map.of("spec.json", bytes(GOOD), "out/notes.txt", bytes("mine")),
                List.of("run", "$DIR/spec.json", "--out", "$DIR/out", "--resume")));
        all.add(new Case("resume-unreadable-resolved-spec", Map.of("spec.json", bytes(GOOD), "out/spec.resolved.json",
                bytes("{not json")), List.of("run", "$DIR/spec.json", "--out", "$DIR/out", "--resume")));
        all.add(new Case("workers-zero", Map.of("spec.json", bytes(GOOD)), List.of("run", "$DIR/spec.json", "--workers", "0")));
        all.add(new Case("workers-text", Map.of("spec.json", bytes(GOOD)), List.of("run", "$DIR/spec.json", "--workers", "two")));
        all.add(new Case("unknown-option", Map.of("spec.json", bytes(GOOD)), List.of("run", "$DIR/spec.json", "--fast")));
        all.add(new Case("spec-missing", Map.of(), List.of("validate", "$DIR/nope.json")));
        all.add(new Case("spec-is-a-folder", Map.of("spec.json/x", bytes("")), List.of("validate", "$DIR/spec.json")));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exits2WithItsExactMessage(Case c, @TempDir Path dir) throws Exception {
        for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, new String(f.getValue(), StandardCharsets.ISO_8859_1).replace("$DIR", dir.toString())
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        String[] args = c.args().stream().map(a -> a.replace("$DIR", dir.toString())).toArray(String[]::new);
        RavenCliTest.Outcome o = RavenCliTest.raven(args);
        String err = o.err().replace(dir.toString(), "$DIR");
        String expected = expected().get(c.id());
        // What each case printed, in the table's format, for review when a message changes on purpose.
        Files.writeString(Path.of("target", "bad-inputs.actual.txt"), c.id() + "\t" + err.stripTrailing().replace("\n", "\\n")
                + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertThat(o.status()).as(c.id() + ": " + err).isEqualTo(2);
        assertThat(expected).as("no expected message for " + c.id() + "; got " + err).isNotNull();
        if (expected.startsWith("~")) {
            assertThat(err.stripTrailing()).matches(expected.substring(1));
        } else {
            assertThat(err.stripTrailing()).isEqualTo(expected);
        }
        assertThat(err).doesNotContain("\tat ", "Exception");
        assertThat(dir.resolve("out")).as("no run folder where it was refused before starting")
                .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p.resolve("cells")).doesNotExist());
    }

    @org.junit.jupiter.api.Test
    void atLeastFiftyDistinctCases() {
        assertThat(cases().map(Case::id).distinct().count()).isGreaterThanOrEqualTo(50);
        assertThat(expected().keySet()).containsExactlyInAnyOrderElementsOf(cases().map(Case::id).toList());
    }

    private static Map<String, String> expected() {
        Map<String, String> table = new LinkedHashMap<>();
        try (var in = BadInputTest.class.getResourceAsStream("/bad-inputs.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int tab = line.indexOf('\t');
                    table.put(line.substring(0, tab), line.substring(tab + 1).replace("\\n", "\n"));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return table;
    }

    private static void spec(List<Case> all, String id, String spec) {
        all.add(new Case(id, Map.of("spec.json", bytes(spec)), List.of("validate", "$DIR/spec.json")));
    }

    private static void data(List<Case> all, String id, String spec, Map<String, byte[]> files) {
        Map<String, byte[]> withSpec = new LinkedHashMap<>(files);
        withSpec.put("spec.json", bytes(spec));
        all.add(new Case(id, withSpec, List.of("validate", "--data", "$DIR/spec.json")));
    }

    /** Four good IDX files of 6 examples in {@code data/}, with {@code replaced} instead of some. */
    private static Map<String, byte[]> idx(Map<String, byte[]> replaced) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("data/train-images-idx3-ubyte", images(6, 0));
        files.put("data/train-labels-idx1-ubyte", labels(6, 0));
        files.put("data/t10k-images-idx3-ubyte", images(6, 1));
        files.put("data/t10k-labels-idx1-ubyte", labels(6, 0));
        for (Map.Entry<String, byte[]> r : replaced.entrySet()) {
            files.remove(r.getKey().replace(".gz", ""));
            files.put(r.getKey(), r.getValue());
        }
        return files;
    }

    private static byte[] images(int n, int salt) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 4);
        b.putInt(0x803).putInt(n).putInt(2).putInt(2);
        for (int i = 0; i < n * 4; i++) {
            b.put((byte) (i * 37 + salt));
        }
        return b.array();
    }

    /** {@code n} labels cycling 0..9, the last one {@code last} when non-zero. */
    private static byte[] labels(int n, int last) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i == n - 1 && last != 0 ? last : i % 10));
        }
        return b.array();
    }

    private static byte[] corruptGzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        bytes[bytes.length - 8] ^= 0x55; // the CRC-32
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

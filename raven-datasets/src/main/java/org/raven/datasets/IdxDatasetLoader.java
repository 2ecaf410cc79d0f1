package org.raven.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.raven.api.PluginContext;
import org.raven.api.RandomStreams;
import org.raven.api.data.Dataset;
import org.raven.api.data.LabeledData;
import org.raven.datasets.DataSources.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds, downloads if allowed, reads, verifies and subsets one IDX dataset. */
final class IdxDatasetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(IdxDatasetLoader.class);

    private final IdxDatasetDefinition definition;

    IdxDatasetLoader(IdxDatasetDefinition definition) {
        this.definition = definition;
    }

    Dataset load(IdxDatasetSpec spec, PluginContext context) {
        long started = System.nanoTime();
        Path specPath = spec.path() == null ? null : Path.of(spec.path()).toAbsolutePath().normalize(); // absolute in descriptions and provenance
        List<Location> searched = DataSources.locations(definition, specPath, context);
        if (specPath != null && !searched.get(0).complete()) {
            // An explicit path is authoritative: training on another copy would record data that was not asked for.
            throw new DatasetException(definition.id() + ": \"path\" " + specPath + " does not hold " + definition.title()
                    + ": " + whatIsThere(searched.get(0))
                    + (Path.of(spec.path()).isAbsolute() ? "" : " (\"" + spec.path() + "\" is relative to the working folder "
                            + Path.of("").toAbsolutePath() + ")")
                    + "; fix \"path\", or remove it to use the usual places (data home, system copies, download)");
        }
        Location source = searched.stream().filter(Location::complete).findFirst().orElse(null);
        if (source == null) {
            source = download(spec, context, searched);
        }
        Dataset dataset = read(spec, source);
        LOG.info("loaded {} in {} ms: train {}, test {}", dataset.description(), (System.nanoTime() - started) / 1_000_000,
                dataset.train().size(), dataset.test().size());
        return dataset;
    }

    private Location download(IdxDatasetSpec spec, PluginContext context, List<Location> searched) {
        if (context.offline()) {
            throw notFound(spec, searched, context, "no download: offline (PluginContext.offline(), RAVEN_OFFLINE=true)", null);
        }
        if (!spec.download()) {
            throw notFound(spec, searched, context, "no download: \"download\" is false", null);
        }
        Path target = DataSources.dataHomeFolder(definition.id(), context);
        Location home = DataSources.inspect(definition.id(), DataSources.DATA_HOME_ORIGIN, target);
        // files already in the data home are kept; a partial npm layout below it is not mixed with downloads
        List<IdxSplitFile> missing = home.folder().equals(target) ? home.missing() : List.of(IdxSplitFile.values());
        for (IdxSplitFile file : missing) {
            try {
                Downloader.download(definition.url(file), target.resolve(file.baseName() + ".gz"), definition.gzMd5().get(file));
            } catch (DatasetException e) {
                throw notFound(spec, searched, context, e.getMessage(), e);
            }
        }
        Location downloaded = DataSources.inspect(definition.id(), DataSources.DATA_HOME_ORIGIN, target);
        if (!downloaded.complete()) {
            throw new DatasetException(definition.id() + ": still incomplete after downloading: " + downloaded.describe());
        }
        return downloaded;
    }

    private DatasetException notFound(IdxDatasetSpec spec, List<Location> searched, PluginContext context, String why,
            Throwable cause) {
        StringBuilder message = new StringBuilder(definition.id()).append(": no complete copy of ").append(definition.title())
                .append(" found. Searched:");
        for (Location location : searched) {
            message.append("\n  - ").append(location.describe());
        }
        if (spec.path() != null && !Path.of(spec.path()).isAbsolute()) {
            // the usual cause when a spec such as examples/quickstart.json is run from another folder
            message.append("\n\"path\" \"").append(spec.path()).append("\" is relative: it resolves against the working folder ")
                    .append(Path.of("").toAbsolutePath()).append("; run from the folder it is relative to (for the specs in")
                    .append(" examples/, the repository root) or give an absolute path.");
        }
        message.append("\n").append(why).append(".\nTo get the data:");
        for (String step : definition.howToGet(DataSources.dataHomeFolder(definition.id(), context))) {
            message.append("\n  ").append(step);
        }
        return cause == null ? new DatasetException(message.toString()) : new DatasetException(message.toString(), cause);
    }

    private Dataset read(IdxDatasetSpec spec, Location source) {
        Map<IdxSplitFile, IdxFile> files = new EnumMap<>(IdxSplitFile.class);
        Map<IdxSplitFile, String> digests = new EnumMap<>(IdxSplitFile.class);
        for (IdxSplitFile role : IdxSplitFile.values()) {
            IdxFile file = IdxReader.read(source.files().get(role), role.kind(), true);
            files.put(role, file);
            digests.put(role, file.sha256());
        }
        Release release = identify(digests, source, spec.verify());
        IdxFile trainImages = files.get(IdxSplitFile.TRAIN_IMAGES);
        IdxFile testImages = files.get(IdxSplitFile.TEST_IMAGES);
        if (trainImages.dims()[1] != testImages.dims()[1] || trainImages.dims()[2] != testImages.dims()[2]) {
            throw new IdxFormatException(testImages.name() + ": image size mismatch at byte offset 8: expected "
                    + trainImages.dims()[1] + " x " + trainImages.dims()[2] + " (as in " + trainImages.name() + "), found "
                    + testImages.dims()[1] + " x " + testImages.dims()[2]);
        }
        RandomStreams streams = new RandomStreams(spec.seed());
        int[] trainPick = subset(files.get(IdxSplitFile.TRAIN_IMAGES).count(), spec.trainLimit(), streams.stream("train"));
        int[] testPick = subset(files.get(IdxSplitFile.TEST_IMAGES).count(), spec.testLimit(), streams.stream("test"));
        LabeledData train = IdxReader.toLabeledData(files.get(IdxSplitFile.TRAIN_IMAGES), files.get(IdxSplitFile.TRAIN_LABELS),
                IdxDatasetDefinition.NUM_CLASSES, trainPick);
        LabeledData test = IdxReader.toLabeledData(files.get(IdxSplitFile.TEST_IMAGES), files.get(IdxSplitFile.TEST_LABELS),
                IdxDatasetDefinition.NUM_CLASSES, testPick);
        java.util.Map<String, String> read = new java.util.TreeMap<>();
        for (IdxSplitFile role : IdxSplitFile.values()) {
            Path path = source.files().get(role).toAbsolutePath();
            read.put(path.toString(), sha256Of(path));
        }
        return new InMemoryDataset(describe(release, source, spec, files), train, test, read);
    }

    /** {@code folder does not exist}, {@code missing ...}: a location's state without its name and origin. */
    private static String whatIsThere(Location location) {
        String text = location.describe();
        return text.substring(text.indexOf("): ") + 3);
    }

    /** SHA-256 of the file's bytes as stored (compressed, if it is): what {@code sha256sum} prints. */
    private static String sha256Of(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The release all four digests match; otherwise an error (verify) or a warning naming each mismatching file. */
    private Release identify(Map<IdxSplitFile, String> digests, Location source, boolean verify) {
        for (Release release : definition.releases()) {
            if (release.matches(digests)) {
                return release;
            }
        }
        Release closest = definition.releases().stream()
                .max(Comparator.comparingLong((Release r) -> r.matchCount(digests))
                        .thenComparing(r -> -definition.releases().indexOf(r)))
                .orElseThrow();
        StringBuilder message = new StringBuilder(definition.id()).append(": checksum mismatch (SHA-256 of the decompressed bytes, against the ")
                .append(closest.name()).append("):");
        for (IdxSplitFile role : IdxSplitFile.values()) {
            String expected = closest.sha256().get(role);
            if (!expected.equals(digests.get(role))) {
                message.append("\n  ").append(source.files().get(role)).append(": expected ").append(expected)
                        .append(", found ").append(digests.get(role));
            }
        }
        if (verify) {
            message.append("\nThe files are damaged or not the ").append(closest.name())
                    .append(": delete or replace them, or set \"verify\": false to load them anyway.");
            throw new DatasetException(message.toString());
        }
        LOG.warn("{}\nloading them anyway because \"verify\" is false", message);
        return null;
    }

    /** The first {@code limit} indices of a seeded permutation; null (everything, in file order) without a limit. */
    static int[] subset(int n, Integer limit, SplittableRandom random) {
        if (limit == null || limit >= n) {
            return null;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < limit; i++) { // partial Fisher-Yates: positions [0, limit) end up a uniform random subset
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, limit);
    }

    private String describe(Release release, Location source, IdxDatasetSpec spec, Map<IdxSplitFile, IdxFile> files) {
        StringBuilder text = new StringBuilder(definition.id());
        if (release == null) {
            text.append(" (not a known release, checksums not verified)");
        } else if (!release.descriptionTag().isEmpty()) {
            text.append(" (").append(release.descriptionTag()).append(')');
        }
        text.append(" (").append(source.folder()).append(')');
        List<String> limits = new ArrayList<>();
        limit(limits, "train", spec.trainLimit(), files.get(IdxSplitFile.TRAIN_IMAGES).count());
        limit(limits, "test", spec.testLimit(), files.get(IdxSplitFile.TEST_IMAGES).count());
        if (!limits.isEmpty()) {
            text.append(" [").append(String.join(", ", limits)).append(", seed ").append(spec.seed()).append(']');
        }
        return text.toString();
    }

    private static void limit(List<String> out, String split, Integer limit, int n) {
        if (limit != null && limit < n) {
            out.add(split + " " + limit + " of " + n);
        }
    }
}

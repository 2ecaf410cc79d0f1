package org.raven.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.raven.api.PluginContext;

/**
 * Where the MNIST-style datasets are looked for, and what is there: a quick check for diagnostics
 * ({@code raven doctor}) that only lists files, without reading or hashing them.
 *
 * <pre>{@code
 * for (DataSources.Location where : DataSources.survey(PluginContext.fromEnvironment())) {
 *     System.out.println(where.describe());
 * }
 * }</pre>
 *
 * <p>The search order, which the dataset providers use too: the spec's {@code path} (if given), the
 * data home folder {@code context.dataHome()/<id>}, then system copies (for {@code fashion-mnist}
 * {@code /usr/share/datasets/fashion-mnist} from the Debian package {@code dataset-fashion-mnist};
 * for {@code mnist} {@code /usr/share/datasets/mnist}). In each folder the npm layout
 * {@code package/data/} is accepted as well.
 */
public final class DataSources {

    /** The datasets read from IDX files, in the order {@link #survey} reports them. */
    public static final List<String> IDX_DATASET_IDS = List.of(IdxDatasetDefinition.MNIST_ID, IdxDatasetDefinition.FASHION_MNIST_ID);

    static final String SPEC_PATH_ORIGIN = "spec \"path\"";
    static final String DATA_HOME_ORIGIN = "data home: $RAVEN_DATA or ~/.raven/datasets";

    private DataSources() {
    }

    /**
     * One place searched for a dataset and what it holds.
     *
     * @param datasetId {@code mnist} or {@code fashion-mnist}
     * @param origin    why this place is searched, for example {@code Debian package dataset-fashion-mnist}
     * @param folder    the folder (for the npm layout, its {@code package/data} subfolder when that holds the files)
     * @param exists    whether the folder exists
     * @param files     the file found for each of the four, by role
     * @param missing   the roles with no file, in the official order
     */
    public record Location(String datasetId, String origin, Path folder, boolean exists,
                           Map<IdxSplitFile, Path> files, List<IdxSplitFile> missing) {

        public Location {
            files = files.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(files));
            missing = List.copyOf(missing);
        }

        /** All four files are there (non-empty). */
        public boolean complete() {
            return exists && missing.isEmpty();
        }

        /** One line: {@code /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist): complete, 4 files (gzip or raw)}. */
        public String describe() {
            String where = folder + " (" + origin + "): ";
            if (!exists) {
                return where + "folder does not exist";
            }
            if (complete()) {
                return where + "complete: " + files.values().stream().map(p -> p.getFileName().toString())
                        .sorted().collect(Collectors.joining(", "));
            }
            return where + "missing " + missing.stream().map(f -> f.baseName() + "[.gz]").collect(Collectors.joining(", "));
        }
    }

    /** The places searched for {@code datasetId} ({@code mnist} or {@code fashion-mnist}) in search order, with what each holds. */
    public static List<Location> locations(String datasetId, PluginContext context) {
        return locations(IdxDatasetDefinition.forId(datasetId), null, context);
    }

    /** {@link #locations} for every IDX dataset, in the order of {@link #IDX_DATASET_IDS}. */
    public static List<Location> survey(PluginContext context) {
        List<Location> all = new ArrayList<>();
        for (String id : IDX_DATASET_IDS) {
            all.addAll(locations(id, context));
        }
        return all;
    }

    /** How a user gets {@code datasetId}'s files by hand (install command, download, copy), one step per line, for diagnostics. */
    public static List<String> howToGet(String datasetId, PluginContext context) {
        return IdxDatasetDefinition.forId(datasetId).howToGet(dataHomeFolder(datasetId, context));
    }

    /** What {@code folder} (or its npm-layout subfolder {@code package/data}) holds of {@code datasetId}'s four files. */
    public static Location inspect(String datasetId, String origin, Path folder) {
        Location direct = inspectOne(datasetId, origin, folder);
        Path npm = folder.resolve("package").resolve("data");
        if (!direct.complete() && Files.isDirectory(npm)) {
            Location nested = inspectOne(datasetId, origin, npm);
            if (nested.files().size() > direct.files().size()) {
                return nested;
            }
        }
        return direct;
    }

    /** The search list for one dataset; {@code specPath} first when given. */
    static List<Location> locations(IdxDatasetDefinition definition, Path specPath, PluginContext context) {
        List<Location> found = new ArrayList<>();
        if (specPath != null) {
            found.add(inspect(definition.id(), SPEC_PATH_ORIGIN, specPath));
        }
        found.add(inspect(definition.id(), DATA_HOME_ORIGIN, dataHomeFolder(definition.id(), context)));
        for (IdxDatasetDefinition.SourceFolder system : definition.systemCopies()) {
            found.add(inspect(definition.id(), system.origin(), system.folder()));
        }
        return found;
    }

    /** {@code context.dataHome()/<id>}: where downloads go and where users put the files by hand. */
    static Path dataHomeFolder(String id, PluginContext context) {
        return context.dataHome().resolve(id);
    }

    private static Location inspectOne(String datasetId, String origin, Path folder) {
        if (!Files.isDirectory(folder)) {
            return new Location(datasetId, origin, folder, false, Map.of(), List.of(IdxSplitFile.values()));
        }
        Map<IdxSplitFile, Path> files = new EnumMap<>(IdxSplitFile.class);
        List<IdxSplitFile> missing = new ArrayList<>();
        for (IdxSplitFile role : IdxSplitFile.values()) {
            Path hit = null;
            for (String name : role.acceptedNames()) {
                Path candidate = folder.resolve(name);
                if (Files.isRegularFile(candidate) && nonEmpty(candidate)) {
                    hit = candidate;
                    break;
                }
            }
            if (hit == null) {
                missing.add(role);
            } else {
                files.put(role, hit);
            }
        }
        return new Location(datasetId, origin, folder, true, files, missing);
    }

    private static boolean nonEmpty(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}

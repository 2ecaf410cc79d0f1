package org.raven.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellStore;
import org.raven.eval.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run folder's report files: {@code results.json}, {@code results.csv}, the PNG plots
 * ({@code robustness.png}, {@code tsne.png}, {@code training-<model>.png}; with several datasets the
 * dataset id is added to each name) and {@code report.html}, one self-contained page with all of them.
 * {@link #redraw} rebuilds the CSV, plots and page from results.json.
 */
public final class RunReport {

    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

    public static final String RESULTS_JSON = "results.json";
    public static final String RESULTS_CSV = "results.csv";

    private final ObjectMapper json;

    @Inject
    public RunReport(CellStore store) {
        this.json = store.mapper();
    }

    /** Writes results.json, then the CSV and plots; returns every file written. */
    public List<Path> write(Path dir, Results results) {
        try {
            AtomicFiles.write(dir.resolve(RESULTS_JSON), json.writeValueAsBytes(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(RESULTS_JSON));
        files.addAll(draw(dir, results));
        return files;
    }

    /** Reads {@code dir/results.json}. */
    public Results read(Path dir) {
        Path file = dir.resolve(RESULTS_JSON);
        try {
            return json.readValue(file.toFile(), Results.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SpecException(file + ": file not found");
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new SpecException(file + ": file not found");
            }
            throw new SpecException(file + ": " + e.getMessage());
        }
    }

    /** Rebuilds the CSV, every plot and report.html of {@code dir} from its results.json. */
    public List<Path> redraw(Path dir) {
        return draw(dir, read(dir));
    }

    private List<Path> draw(Path dir, Results results) {
        List<Path> files = new ArrayList<>();
        Path csv = dir.resolve(RESULTS_CSV);
        CsvExport.write(csv, results.cells());
        files.add(csv);
        Set<String> datasets = new LinkedHashSet<>();
        results.cells().forEach(c -> datasets.add(c.dataset()));
        boolean several = datasets.size() > 1;
        List<HtmlReport.DatasetFigures> figures = new ArrayList<>();
        for (String dataset : datasets) {
            String suffix = several ? "-" + dataset : "";
            List<CellResult> cells = results.cells().stream().filter(c -> c.dataset().equals(dataset)).toList();

            Path robustness = dir.resolve("robustness" + suffix + ".png");
            Plots.writePng(Plots.robustness(results.name() + ": " + dataset + " under attack",
                    Summary.budgets(cells)), robustness);
            files.add(robustness);

            Map<String, List<CellResult>> byModel = new LinkedHashMap<>();
            cells.forEach(c -> byModel.computeIfAbsent(c.model(), k -> new ArrayList<>()).add(c));
            List<XYChart> tsne = new ArrayList<>();
            List<HtmlReport.Figure> training = new ArrayList<>();
            for (Map.Entry<String, List<CellResult>> e : byModel.entrySet()) {
                Path trainingFile = dir.resolve("training" + suffix + "-" + e.getKey() + ".png");
                Plots.writePng(Plots.training(e.getKey(), e.getValue()), trainingFile);
                files.add(trainingFile);
                training.add(figure(trainingFile, "training-" + dataset + "-" + e.getKey(),
                        "Training of " + e.getKey() + " on " + dataset + ": bound per epoch, mean over seeds ("
                                + trainingFile.getFileName() + ")"));
                e.getValue().stream().filter(c -> c.embedding() != null).findFirst()
                        .ifPresent(c -> tsne.add(Plots.tsne(e.getKey(), c.embedding())));
            }
            HtmlReport.Figure tsneFigure = null;
            if (!tsne.isEmpty()) {
                Path tsneFile = dir.resolve("tsne" + suffix + ".png");
                Plots.writeGrid(tsne, 3, tsneFile);
                files.add(tsneFile);
                tsneFigure = figure(tsneFile, "tsne-" + dataset, "Fig. 1 style: t-SNE of mu(x) (dot) and mu(x') (cross) "
                        + "for test pairs of each model's first seed, colour = class (" + tsneFile.getFileName() + ")");
            }
            figures.add(new HtmlReport.DatasetFigures(dataset, figure(robustness, "robustness-" + dataset,
                    "Fig. 2 style: accuracy under attack against the budget, mean over seeds, band +- 1 std ("
                            + robustness.getFileName() + ")"), tsneFigure, training));
        }
        Path html = dir.resolve(HtmlReport.FILE);
        AtomicFiles.writeString(html, HtmlReport.render(results, figures));
        files.add(html);
        files.forEach(f -> LOG.info("wrote {}", f));
        return files;
    }

    private static HtmlReport.Figure figure(Path png, String id, String caption) {
        try {
            return new HtmlReport.Figure(id, caption, Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + png + ": " + e.getMessage(), e);
        }
    }
}

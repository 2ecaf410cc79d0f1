package org.raven.eval.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.run.BudgetResult;
import org.raven.eval.run.CellResult;

/**
 * {@code results.csv}: long format, one row per dataset x model x seed x budget; {@code engine} is the training
 * step engine the cell's model was trained with ({@code fused} or {@code samediff}); {@code objective} names what
 * {@code attack_objective} reports (for the SKL attacks {@code SKL = 0.5 KL(...) + 0.5 KL(...)}, Kuzina et al.'s
 * convention; empty in runs written before it was recorded, whose SKL was the sum KL + KL). The columns {@code skl}
 * to {@code r_robustness} are the metrics of {@link BudgetResult}, measured the same way for every attack (empty in
 * runs written before they were recorded); {@code ensemble} is the attack ensemble's version when the attack was
 * the ensemble, and {@code warnings} the number of the cell's reliability flags.
 */
public final class CsvExport {

    /** One CSV row; the column names are the header. */
    @JsonPropertyOrder({"dataset", "model", "seed", "budget", "accuracy", "attack_objective", "recon_mse",
            "clean_accuracy", "clean_bound", "clean_mse", "engine", "objective", "skl", "mu_shift", "recon_shift",
            "negative_elbo", "r_robustness", "ensemble", "warnings"})
    public record Row(String dataset, String model, long seed, double budget, double accuracy,
                      @JsonProperty("attack_objective") double attackObjective,
                      @JsonProperty("recon_mse") double reconMse,
                      @JsonProperty("clean_accuracy") double cleanAccuracy,
                      @JsonProperty("clean_bound") double cleanBound,
                      @JsonProperty("clean_mse") double cleanMse,
                      String engine,
                      String objective,
                      double skl,
                      @JsonProperty("mu_shift") double muShift,
                      @JsonProperty("recon_shift") double reconShift,
                      @JsonProperty("negative_elbo") double negativeElbo,
                      @JsonProperty("r_robustness") double rRobustness,
                      String ensemble,
                      int warnings) {

        /** CSV has no null: an empty {@code ensemble} cell reads back as none. */
        public Row {
            ensemble = ensemble == null || ensemble.isEmpty() ? null : ensemble;
        }
    }

    private static final CsvMapper CSV = new CsvMapper();

    private CsvExport() {
    }

    public static List<Row> rows(List<CellResult> cells) {
        List<Row> rows = new ArrayList<>();
        for (CellResult c : cells) {
            for (BudgetResult b : c.budgets()) {
                rows.add(new Row(c.dataset(), c.model(), c.seed(), b.budget(), b.accuracy(), b.attackObjective(),
                        b.reconMse(), c.cleanAccuracy(), c.cleanBound(), c.cleanMse(), c.engine(), c.objective(), b.skl(),
                        b.muShift(), b.reconShift(), b.negativeElbo(), b.rRobustness(), c.ensemble(), c.warnings().size()));
            }
        }
        return rows;
    }

    /** Writes the rows of {@code cells} with a header line to {@code file}, temp-then-rename. */
    public static void write(Path file, List<CellResult> cells) {
        CsvSchema schema = CSV.schemaFor(Row.class).withHeader();
        List<Row> rows = rows(cells);
        AtomicFiles.write(file, out -> CSV.writer(schema).writeValues(out).writeAll(rows).close());
    }

    /** Reads a CSV written by {@link #write}. */
    public static List<Row> read(Path file) throws java.io.IOException {
        CsvSchema schema = CSV.schemaFor(Row.class).withHeader();
        try (var it = CSV.readerFor(Row.class).with(schema).<Row>readValues(file.toFile())) {
            return it.readAll();
        }
    }
}

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
import org.raven.eval.run.DefenceReport;

/**
 * {@code results.csv}: long format, one row per dataset x model x seed x budget; {@code engine} is the training
 * step engine the cell's model was trained with ({@code fused} or {@code samediff}); {@code objective} names what
 * {@code attack_objective} reports (for the SKL attacks {@code SKL = 0.5 KL(...) + 0.5 KL(...)}, Kuzina et al.'s
 * convention; empty in runs written before it was recorded, whose SKL was the sum KL + KL). The columns {@code skl}
 * to {@code r_robustness} are the metrics of {@link BudgetResult}, measured the same way for every attack (empty in
 * runs written before they were recorded); {@code ensemble} is the attack ensemble's version when the attack was
 * the ensemble, and {@code warnings} the number of the cell's reliability flags. {@code defence} names the model's
 * training defence and/or inference procedure ({@code lipschitz}, {@code hmc}, {@code beta-tcvae+hmc}; empty
 * without); {@code max_mu_shift} and {@code certified_mu_shift} are, for a defence with a certificate, the largest
 * measured {@code ||mu(x_adv) - mu(x)||_2} at that budget and the certified bound on it (empty otherwise).
 */
public final class CsvExport {

    /** One CSV row; the column names are the header. */
    @JsonPropertyOrder({"dataset", "model", "seed", "budget", "accuracy", "attack_objective", "recon_mse",
            "clean_accuracy", "clean_bound", "clean_mse", "engine", "objective", "skl", "mu_shift", "recon_shift",
            "negative_elbo", "r_robustness", "ensemble", "warnings", "defence", "max_mu_shift", "certified_mu_shift"})
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
                      int warnings,
                      String defence,
                      @JsonProperty("max_mu_shift") Double maxMuShift,
                      @JsonProperty("certified_mu_shift") Double certifiedMuShift) {

        /** CSV has no null: empty text cells read back as none. */
        public Row {
            objective = objective == null || objective.isEmpty() ? null : objective;
            ensemble = ensemble == null || ensemble.isEmpty() ? null : ensemble;
            defence = defence == null || defence.isEmpty() ? null : defence;
        }
    }

    private static final CsvMapper CSV = new CsvMapper();

    private CsvExport() {
    }

    public static List<Row> rows(List<CellResult> cells) {
        List<Row> rows = new ArrayList<>();
        for (CellResult c : cells) {
            for (BudgetResult b : c.budgets()) {
                DefenceReport.Shift shift = c.defence() == null ? null : c.defence().shiftAt(b.budget());
                rows.add(new Row(c.dataset(), c.model(), c.seed(), b.budget(), b.accuracy(), b.attackObjective(),
                        b.reconMse(), c.cleanAccuracy(), c.cleanBound(), c.cleanMse(), c.engine(), c.objective(), b.skl(),
                        b.muShift(), b.reconShift(), b.negativeElbo(), b.rRobustness(), c.ensemble(), c.warnings().size(),
                        defenceName(c.defence()), shift == null ? null : shift.maxShift(),
                        shift == null ? null : shift.certified()));
            }
        }
        return rows;
    }

    /** {@code defence}, {@code inference} or both joined by {@code +}; null without either. */
    static String defenceName(DefenceReport d) {
        if (d == null || (d.defence() == null && d.inference() == null)) {
            return null;
        }
        return d.defence() == null ? d.inference() : d.inference() == null ? d.defence() : d.defence() + "+" + d.inference();
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

package org.raven.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.raven.eval.run.CellResult;

/**
 * The content of {@code results.json}: enough to redraw every plot and the CSV, and to re-run the
 * experiment ({@code spec} is the resolved spec with every default filled in).
 */
public record Results(String name, Provenance provenance, JsonNode spec, List<CellResult> cells,
                      List<Summary.BudgetSummary> summary, List<Summary.CleanSummary> clean) {

    /** Results for {@code cells} with the summaries computed from them. */
    public static Results of(String name, Provenance provenance, JsonNode spec, List<CellResult> cells) {
        return new Results(name, provenance, spec, cells, Summary.budgets(cells), Summary.clean(cells));
    }
}

package org.raven.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.raven.eval.run.CellResult;

/**
 * The content of {@code results.json}: enough to redraw every plot, the CSV and {@code report.html}, and to
 * re-run the experiment ({@code spec} is the resolved spec with every default filled in). {@code paired}: each
 * model's accuracy minus each of {@code evaluation.pairedAgainst} (default the first model's), seed by seed (null in
 * results written before it was added).
 *
 * @param datasets what each dataset id of the cells was, as its provider describes it (for example
 *                 {@code mnist (quickstart subset, 5000 train / 1000 test, not the official split) (<folder>)});
 *                 empty in results written before it was recorded
 */
public record Results(String name, Provenance provenance, JsonNode spec, Map<String, String> datasets,
                      List<CellResult> cells, List<Summary.BudgetSummary> summary, List<Summary.CleanSummary> clean,
                      List<Summary.PairedDifference> paired) {

    public Results {
        datasets = datasets == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(datasets));
    }

    /** Results for {@code cells} with the summaries computed from them. */
    public static Results of(String name, Provenance provenance, JsonNode spec, Map<String, String> datasets,
            List<CellResult> cells) {
        List<String> references = new java.util.ArrayList<>();
        if (spec != null) {
            spec.path("evaluation").path("pairedAgainst").forEach(n -> references.add(n.asText()));
        }
        return new Results(name, provenance, spec, datasets, cells, Summary.budgets(cells), Summary.clean(cells),
                Summary.paired(cells, references));
    }
}

package org.raven.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.raven.eval.run.CellResult;

/**
 * The content of {@code results.json}: enough to redraw every plot, the CSV and {@code report.html}, and to
 * re-run the experiment ({@code spec} is the resolved spec with every default filled in). {@code paired}: each
 * model's accuracy minus each of {@code evaluation.pairedAgainst} (default the first model's), seed by seed (null in
 * results written before it was added); models with their own {@code testPoints} are left out of it.
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
        java.util.Set<String> ownPoints = new java.util.HashSet<>();
        if (spec != null) {
            spec.path("evaluation").path("pairedAgainst").forEach(n -> references.add(n.asText()));
            spec.path("models").forEach(m -> {
                if (m.has("testPoints")) {
                    ownPoints.add(m.path("name").asText());
                }
            });
        }
        // A seed-by-seed difference needs the same test points on both sides.
        List<CellResult> pairable = cells.stream().filter(c -> !ownPoints.contains(c.model())).toList();
        return new Results(name, provenance, spec, datasets, cells, Summary.budgets(cells), Summary.clean(cells),
                Summary.paired(pairable, references));
    }
}

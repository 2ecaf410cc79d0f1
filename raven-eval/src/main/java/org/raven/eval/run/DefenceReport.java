package org.raven.eval.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cell's defence reports beside the accuracies (null in {@link CellResult} for a model without one).
 *
 * @param defence     the training defence's id, or null
 * @param inference   the inference procedure's id, or null
 * @param gradient    how attacks differentiate through the inference procedure (its {@code gradient()}), or null
 * @param diagnostics the procedure's diagnostics after the evaluation (for example {@code acceptanceRate}); empty if none
 * @param shifts      per budget, for a defence with a certificate: the measured and the certified shift of mu; else empty
 */
public record DefenceReport(String defence, String inference, String gradient, Map<String, Double> diagnostics,
                            List<Shift> shifts) {

    public DefenceReport {
        // Insertion order, not Map.copyOf's per-JVM order: results.json must be the same bytes run after run.
        diagnostics = diagnostics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
        shifts = shifts == null ? List.of() : List.copyOf(shifts);
    }

    /** The shift measured and certified at {@code budget}, or null when none was (no certificate). */
    public Shift shiftAt(double budget) {
        return shifts.stream().filter(s -> s.budget() == budget).findFirst().orElse(null);
    }

    /**
     * @param budget    the attack budget
     * @param maxShift  the largest {@code ||mu(x_adv) - mu(x)||_2} over the attacked test points
     * @param meanShift its mean
     * @param certified the certified upper bound on that shift for every input and every perturbation in the budget
     */
    public record Shift(double budget, double maxShift, double meanShift, double certified) {
    }
}

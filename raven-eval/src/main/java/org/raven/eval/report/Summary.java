package org.raven.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raven.eval.run.BudgetResult;
import org.raven.eval.run.CellResult;

/**
 * Aggregates over seeds: mean and sample standard deviation (n - 1; 0 for a single seed) per
 * dataset, model and budget, and of the clean metrics per dataset and model. Models keep the order
 * in which they first appear in the cells.
 */
public final class Summary {

    private Summary() {
    }

    /** Mean and sample std of one metric. */
    public record Stat(double mean, double std, int n) {
        public static Stat of(double[] values) {
            int n = values.length;
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= n;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Stat(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
        }
    }

    /** One dataset x model x budget over seeds; the metrics are {@link org.raven.eval.run.BudgetResult}'s. */
    public record BudgetSummary(String dataset, String model, double budget, Stat accuracy, Stat attackObjective,
                                Stat reconMse, Stat skl, Stat muShift, Stat reconShift, Stat negativeElbo,
                                Stat rRobustness) {
    }

    /**
     * A model minus the reference model (the experiment's first), seed by seed, at one budget: mean and sample std
     * over the seeds both have. Under {@code training.commonRandomNumbers} the two share every random draw, so
     * the difference is the models' alone; otherwise it still pairs by seed.
     */
    public record PairedDifference(String dataset, String model, String reference, double budget, Stat accuracy) {
    }

    /**
     * An ensemble's members at one budget over seeds: each member's own accuracy (it attacking every point alone)
     * beside the ensemble's, in the ensemble's member order.
     */
    public record MemberSummary(String dataset, String model, double budget, Stat ensemble, List<String> members,
                                List<Stat> accuracy) {
    }

    /** Clean-data metrics of one dataset x model over seeds. */
    public record CleanSummary(String dataset, String model, Stat accuracy, Stat bound, Stat reconMse) {
    }

    public static List<BudgetSummary> budgets(List<CellResult> cells) {
        List<BudgetSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<CellResult>> group : groups(cells).entrySet()) {
            List<CellResult> seeds = group.getValue();
            CellResult first = seeds.get(0);
            for (int b = 0; b < first.budgets().size(); b++) {
                int index = b;
                double budget = first.budgets().get(b).budget();
                out.add(new BudgetSummary(first.dataset(), first.model(), budget,
                        stat(seeds, c -> at(c, index, budget).accuracy()),
                        stat(seeds, c -> at(c, index, budget).attackObjective()),
                        stat(seeds, c -> at(c, index, budget).reconMse()),
                        stat(seeds, c -> at(c, index, budget).skl()),
                        stat(seeds, c -> at(c, index, budget).muShift()),
                        stat(seeds, c -> at(c, index, budget).reconShift()),
                        stat(seeds, c -> at(c, index, budget).negativeElbo()),
                        stat(seeds, c -> at(c, index, budget).rRobustness())));
            }
        }
        return out;
    }

    /** Every model but the first of each dataset minus that first model, per budget (empty with one model). */
    public static List<PairedDifference> paired(List<CellResult> cells) {
        return paired(cells, List.of());
    }

    /**
     * Every model minus each model named in {@code references} (none: the first model), per dataset and budget,
     * over the seeds both have; a reference is not compared with itself.
     */
    public static List<PairedDifference> paired(List<CellResult> cells, List<String> references) {
        List<PairedDifference> out = new ArrayList<>();
        Map<String, List<List<CellResult>>> byDataset = new LinkedHashMap<>();
        for (List<CellResult> seeds : groups(cells).values()) {
            byDataset.computeIfAbsent(seeds.get(0).dataset(), k -> new ArrayList<>()).add(seeds);
        }
        for (List<List<CellResult>> models : byDataset.values()) {
            List<List<CellResult>> refs = references.isEmpty() ? List.of(models.get(0))
                    : models.stream().filter(m -> references.contains(m.get(0).model())).toList();
            for (List<CellResult> reference : refs) {
                addPaired(out, models, reference);
            }
        }
        return out;
    }

    private static void addPaired(List<PairedDifference> out, List<List<CellResult>> models, List<CellResult> reference) {
        Map<Long, CellResult> refBySeed = new LinkedHashMap<>();
        reference.forEach(c -> refBySeed.put(c.seed(), c));
        for (List<CellResult> model : models) {
            if (model == reference) {
                continue;
            }
            List<CellResult> paired = model.stream().filter(c -> refBySeed.containsKey(c.seed())).toList();
            if (paired.isEmpty()) {
                continue;
            }
            CellResult first = paired.get(0);
            for (int b = 0; b < first.budgets().size(); b++) {
                int index = b;
                double budget = first.budgets().get(b).budget();
                double[] diff = paired.stream().mapToDouble(c -> at(c, index, budget).accuracy()
                        - at(refBySeed.get(c.seed()), index, budget).accuracy()).toArray();
                out.add(new PairedDifference(first.dataset(), first.model(), reference.get(0).model(), budget,
                        Stat.of(diff)));
            }
        }
    }

    /**
     * Per dataset, model and budget scored by an ensemble (cells whose budget results list members), the members'
     * accuracies over seeds; empty for other attacks.
     */
    public static List<MemberSummary> members(List<CellResult> cells) {
        List<MemberSummary> out = new ArrayList<>();
        for (List<CellResult> seeds : groups(cells).values()) {
            CellResult first = seeds.get(0);
            for (int b = 0; b < first.budgets().size(); b++) {
                int index = b;
                BudgetResult r = first.budgets().get(b);
                if (r.members() == null || r.members().isEmpty()) {
                    continue;
                }
                List<String> names = r.members().stream().map(BudgetResult.MemberResult::name).toList();
                List<Stat> accuracy = new ArrayList<>();
                for (int m = 0; m < names.size(); m++) {
                    int member = m;
                    accuracy.add(stat(seeds, c -> at(c, index, r.budget()).members().get(member).accuracy()));
                }
                out.add(new MemberSummary(first.dataset(), first.model(), r.budget(),
                        stat(seeds, c -> at(c, index, r.budget()).accuracy()), names, accuracy));
            }
        }
        return out;
    }

    public static List<CleanSummary> clean(List<CellResult> cells) {
        List<CleanSummary> out = new ArrayList<>();
        for (List<CellResult> seeds : groups(cells).values()) {
            CellResult first = seeds.get(0);
            out.add(new CleanSummary(first.dataset(), first.model(), stat(seeds, CellResult::cleanAccuracy),
                    stat(seeds, CellResult::cleanBound), stat(seeds, CellResult::cleanMse)));
        }
        return out;
    }

    /** Cells grouped by dataset and model, in first-seen order. */
    public static Map<String, List<CellResult>> groups(List<CellResult> cells) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            groups.computeIfAbsent(c.dataset() + "\u0000" + c.model(), k -> new ArrayList<>()).add(c);
        }
        return groups;
    }

    private static BudgetResult at(CellResult cell, int index, double budget) {
        BudgetResult r = cell.budgets().get(index);
        if (r.budget() != budget) {
            throw new IllegalStateException("cell " + cell.key() + " has budget " + r.budget() + " where "
                    + budget + " was expected");
        }
        return r;
    }

    static Stat stat(List<CellResult> cells, java.util.function.ToDoubleFunction<CellResult> metric) {
        return Stat.of(cells.stream().mapToDouble(metric).toArray());
    }
}

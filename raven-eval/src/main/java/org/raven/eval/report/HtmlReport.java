package org.raven.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.DefenceReport;

/**
 * {@code report.html}: one self-contained page per run folder. Tables of mean +- std per model and budget,
 * the figures embedded as {@code data:} URIs, the evaluation settings behind every robustness number, flags
 * and provenance. No script, no external style sheet, font or image: it opens from disk with no server and
 * no network, and can be mailed or archived as one file.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    /** A PNG to embed, with the id the page gives it (tests and links find it by that id). */
    public record Figure(String id, String caption, byte[] png) {
    }

    /** The figures of one dataset, in page order. */
    public record DatasetFigures(String dataset, Figure robustness, Figure tsne, List<Figure> training) {

        List<Figure> all() {
            List<Figure> all = new ArrayList<>();
            all.add(robustness);
            if (tsne != null) {
                all.add(tsne);
            }
            all.addAll(training);
            return all;
        }
    }

    private HtmlReport() {
    }

    /** The page for {@code results}, with {@code figures} per dataset (in the order of {@code results.cells()}). */
    public static String render(Results results, List<DatasetFigures> figures) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(results.name())).append(" - RAVEN report</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(results.name())).append("</h1>\n");
        h.append("<p class=\"sub\">RAVEN run report: ").append(results.cells().size()).append(" cells, ")
                .append(esc(nullToDash(results.provenance() == null ? null : results.provenance().start()))).append(" to ")
                .append(esc(nullToDash(results.provenance() == null ? null : results.provenance().end()))).append("</p>\n");

        List<String> flags = flags(results);
        h.append("<section id=\"flags\"><h2>Flags</h2>\n");
        if (flags.isEmpty()) {
            h.append("<p class=\"ok\">none</p>\n");
        } else {
            h.append("<ul class=\"flags\">\n");
            flags.forEach(f -> h.append("<li>").append(esc(f)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");

        settings(h, results);

        Map<String, DatasetFigures> figuresByDataset = new LinkedHashMap<>();
        figures.forEach(f -> figuresByDataset.put(f.dataset(), f));
        for (String dataset : datasets(results)) {
            List<CellResult> cells = results.cells().stream().filter(c -> c.dataset().equals(dataset)).toList();
            h.append("<section class=\"dataset\" id=\"dataset-").append(esc(dataset)).append("\">\n<h2>")
                    .append(esc(dataset)).append("</h2>\n");
            String description = results.datasets() == null ? null : results.datasets().get(dataset);
            if (description != null) {
                h.append("<p class=\"dataset-description\">").append(esc(description)).append("</p>\n");
            }
            robustnessTable(h, dataset, Summary.budgets(cells));
            membersTable(h, dataset, Summary.members(cells));
            cleanTable(h, dataset, Summary.clean(cells));
            DatasetFigures own = figuresByDataset.get(dataset);
            if (own != null) {
                for (Figure figure : own.all()) {
                    figure(h, figure);
                }
            }
            defencesTable(h, dataset, cells);
            perSeedTable(h, dataset, cells);
        }
        provenance(h, results.provenance());
        h.append("<footer>Written by RAVEN from results.json; <code>raven report DIR</code> rewrites it.</footer>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** What a reader should know before trusting the numbers: each line names the problem and its cause. */
    static List<String> flags(Results results) {
        List<String> flags = new ArrayList<>();
        Provenance p = results.provenance();
        if (p != null && p.gitCommit() == null) {
            flags.add("no git commit recorded: the code that produced these numbers is not identified");
        }
        if (p != null && Boolean.TRUE.equals(p.gitDirty())) {
            flags.add("uncommitted changes: tracked files differed from commit " + p.gitCommit() + " when the run started");
        }
        if (results.datasets() != null) {
            results.datasets().forEach((id, description) -> {
                if (description != null && description.contains("not the official split")) {
                    flags.add(id + ": not the official train/test split (" + description + "); do not compare with published MNIST figures");
                }
                if (description != null && description.contains("checksums not verified")) {
                    flags.add(id + ": not a known release, checksums not verified (" + description + ")");
                }
            });
        }
        for (Map.Entry<String, List<CellResult>> group : Summary.groups(results.cells()).entrySet()) {
            List<CellResult> seeds = group.getValue();
            CellResult first = seeds.get(0);
            String name = first.dataset() + " / " + first.model();
            if (seeds.size() < 2) {
                flags.add(name + ": one seed only, no standard deviation");
            }
            for (CellResult c : seeds) {
                if (c.training().isEmpty()) {
                    flags.add(c.dataset() + " / " + c.key() + ": no training history (a checkpoint without one was reused)");
                }
                boolean nonFinite = !Double.isFinite(c.cleanAccuracy()) || !Double.isFinite(c.cleanBound())
                        || c.budgets().stream().anyMatch(b -> !Double.isFinite(b.accuracy()));
                if (nonFinite) {
                    flags.add(c.dataset() + " / " + c.key() + ": non-finite metrics");
                }
                for (String warning : c.warnings()) {
                    flags.add(c.dataset() + " / " + c.key() + ": " + warning);
                }
            }
        }
        return flags;
    }

    private static void settings(StringBuilder h, Results results) {
        JsonNode spec = results.spec();
        h.append("<section id=\"settings\"><h2>Evaluation</h2>\n<table class=\"kv\">\n");
        if (spec != null) {
            JsonNode evaluation = spec.path("evaluation");
            kv(h, "attack", compact(evaluation.path("attack")));
            kv(h, "budgets", compact(evaluation.path("budgets")));
            List<String> own = new ArrayList<>(); // models scored on their own number of points
            for (JsonNode model : spec.path("models")) {
                if (model.has("testPoints")) {
                    own.add(model.path("name").asText() + ": " + model.path("testPoints").asText());
                }
            }
            kv(h, "test points", compact(evaluation.path("testPoints"))
                    + (own.isEmpty() ? "" : " (" + String.join(", ", own) + ")"));
            kv(h, "latent classifier", compact(evaluation.path("classifier")));
            kv(h, "seeds", compact(spec.path("seeds")));
            kv(h, "dataset spec", compact(spec.path("dataset")));
            kv(h, "architecture", compact(spec.path("architecture")));
            kv(h, "training", compact(spec.path("training")));
            StringBuilder models = new StringBuilder();
            for (JsonNode model : spec.path("models")) {
                models.append(models.isEmpty() ? "" : "; ").append(compact(model));
            }
            kv(h, "models", models.toString());
        }
        h.append("</table>\n<p class=\"note\">Accuracy is the latent classifier's on mu(x + e) of the attacked test points; "
                + "init, steps and norm of the attack are in its spec above. Each seed sets the initial weights, the noise, "
                + "the batches, the classifier and the attack's random start.</p>\n</section>\n");
    }

    private static void robustnessTable(StringBuilder h, String dataset, List<Summary.BudgetSummary> rows) {
        List<Double> budgets = new ArrayList<>();
        Map<String, Map<Double, Summary.BudgetSummary>> byModel = new LinkedHashMap<>();
        for (Summary.BudgetSummary r : rows) {
            if (!budgets.contains(r.budget())) {
                budgets.add(r.budget());
            }
            byModel.computeIfAbsent(r.model(), k -> new LinkedHashMap<>()).put(r.budget(), r);
        }
        h.append("<h3>Accuracy under attack (mean &plusmn; std over seeds)</h3>\n<table class=\"num\" id=\"robustness-")
                .append(esc(dataset)).append("\">\n<thead><tr><th>model</th><th>n</th>");
        budgets.forEach(b -> h.append("<th>&delta; ").append(number(b)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        Map<Double, Double> best = new LinkedHashMap<>();
        for (Double b : budgets) {
            best.put(b, byModel.values().stream().filter(m -> m.containsKey(b))
                    .mapToDouble(m -> m.get(b).accuracy().mean()).max().orElse(Double.NaN));
        }
        for (Map.Entry<String, Map<Double, Summary.BudgetSummary>> e : byModel.entrySet()) {
            int n = e.getValue().values().stream().mapToInt(r -> r.accuracy().n()).max().orElse(0);
            h.append("<tr data-model=\"").append(esc(e.getKey())).append("\"><th>").append(esc(e.getKey()))
                    .append("</th><td>").append(n).append("</td>");
            for (Double b : budgets) {
                Summary.BudgetSummary r = e.getValue().get(b);
                if (r == null) {
                    h.append("<td>-</td>");
                } else {
                    boolean top = r.accuracy().mean() == best.get(b) && byModel.size() > 1;
                    h.append(top ? "<td class=\"best\">" : "<td>").append(stat(r.accuracy(), 3)).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** The ensemble's members beside it (only when an ensemble scored the cells): which attack does the work. */
    private static void membersTable(StringBuilder h, String dataset, List<Summary.MemberSummary> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> names = rows.get(0).members();
        h.append("<h3>Ensemble members alone: accuracy (mean &plusmn; std over seeds)</h3>\n<table class=\"num\" id=\"members-")
                .append(esc(dataset)).append("\">\n<thead><tr><th>model</th><th>&delta;</th><th>ensemble</th>");
        names.forEach(n -> h.append("<th>").append(esc(n)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (Summary.MemberSummary r : rows) {
            h.append("<tr data-model=\"").append(esc(r.model())).append("\"><th>").append(esc(r.model())).append("</th><td>")
                    .append(number(r.budget())).append("</td><td>").append(stat(r.ensemble(), 3)).append("</td>");
            r.accuracy().forEach(a -> h.append("<td>").append(stat(a, 3)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Each member attacked every point alone (standalone mode); the "
                + "ensemble keeps the per-point worst case, so it is at most its best member. NaN: the member ran in the "
                + "cascade and was not scored alone.</p>\n");
    }

    private static void cleanTable(StringBuilder h, String dataset, List<Summary.CleanSummary> rows) {
        h.append("<h3>Clean test data (mean &plusmn; std over seeds)</h3>\n<table class=\"num\" id=\"clean-")
                .append(esc(dataset)).append("\">\n<thead><tr><th>model</th><th>clean accuracy</th>"
                        + "<th>bound (nats per example)</th><th>reconstruction MSE</th></tr></thead>\n<tbody>\n");
        for (Summary.CleanSummary r : rows) {
            h.append("<tr data-model=\"").append(esc(r.model())).append("\"><th>").append(esc(r.model())).append("</th><td>")
                    .append(stat(r.accuracy(), 3)).append("</td><td>").append(stat(r.bound(), 2)).append("</td><td>")
                    .append(stat(r.reconMse(), 5)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /**
     * What each defended model reports beside its accuracies, over seeds: the measured and the certified shift of mu per
     * budget (a certificate), the inference procedure's gradient for attacks and its diagnostics (for example HMC's
     * acceptance rate). Nothing for runs without a defence.
     */
    private static void defencesTable(StringBuilder h, String dataset, List<CellResult> cells) {
        List<List<CellResult>> defended = Summary.groups(cells).values().stream()
                .filter(seeds -> seeds.get(0).defence() != null).toList();
        if (defended.isEmpty()) {
            return;
        }
        h.append("<h3>Defences (mean &plusmn; std over seeds)</h3>\n<table class=\"num\" id=\"defences-").append(esc(dataset))
                .append("\">\n<thead><tr><th>model</th><th>defence</th><th>what it reports</th></tr></thead>\n<tbody>\n");
        for (List<CellResult> seeds : defended) {
            CellResult first = seeds.get(0);
            StringBuilder what = new StringBuilder();
            for (DefenceReport.Shift shift : first.defence().shifts()) {
                double b = shift.budget();
                what.append(what.isEmpty() ? "" : "; ").append("&delta; ").append(number(b)).append(": max mu shift ")
                        .append(stat(Summary.stat(seeds, c -> shiftAt(c, b).maxShift()), 3)).append(" &le; certified ")
                        .append(stat(Summary.stat(seeds, c -> shiftAt(c, b).certified()), 3));
            }
            for (String key : first.defence().diagnostics().keySet()) {
                what.append(what.isEmpty() ? "" : "; ").append(esc(key)).append(" ")
                        .append(stat(Summary.stat(seeds, c -> c.defence().diagnostics().getOrDefault(key, Double.NaN)), 3));
            }
            if (first.defence().gradient() != null) {
                what.append(what.isEmpty() ? "" : "; ").append("attack gradient: ").append(esc(first.defence().gradient()));
            }
            h.append("<tr data-model=\"").append(esc(first.model())).append("\"><th>").append(esc(first.model()))
                    .append("</th><td>").append(esc(CsvExport.defenceName(first.defence()))).append("</td><td class=\"text\">")
                    .append(what.isEmpty() ? "-" : what).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** A seed's shift at {@code budget}; NaN where that seed has none. */
    private static DefenceReport.Shift shiftAt(CellResult c, double budget) {
        DefenceReport.Shift shift = c.defence().shiftAt(budget);
        return shift != null ? shift : new DefenceReport.Shift(budget, Double.NaN, Double.NaN, Double.NaN);
    }

    private static void perSeedTable(StringBuilder h, String dataset, List<CellResult> cells) {
        h.append("<details><summary>Per seed</summary>\n<table class=\"num\" id=\"cells-").append(esc(dataset))
                .append("\">\n<thead><tr><th>cell</th><th>clean accuracy</th>");
        List<Double> budgets = cells.isEmpty() ? List.of() : cells.get(0).budgets().stream().map(b -> b.budget()).toList();
        budgets.forEach(b -> h.append("<th>&delta; ").append(number(b)).append("</th>"));
        h.append("<th>train s</th><th>eval s</th></tr></thead>\n<tbody>\n");
        for (CellResult c : cells) {
            h.append("<tr><th>").append(esc(c.key())).append("</th><td>").append(fixed(c.cleanAccuracy(), 3)).append("</td>");
            c.budgets().forEach(b -> h.append("<td>").append(fixed(b.accuracy(), 3)).append("</td>"));
            h.append("<td>").append(c.timings() == null ? "-" : fixed(c.timings().trainSeconds(), 1)).append("</td><td>")
                    .append(c.timings() == null ? "-" : fixed(c.timings().evalSeconds(), 1)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</details>\n");
    }

    private static void figure(StringBuilder h, Figure f) {
        h.append("<figure id=\"").append(esc(f.id())).append("\"><img alt=\"").append(esc(f.caption()))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(f.png()))
                .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
    }

    private static void provenance(StringBuilder h, Provenance p) {
        h.append("<section id=\"provenance\"><h2>Provenance</h2>\n<table class=\"kv\">\n");
        if (p != null) {
            kv(h, "project version", p.projectVersion());
            kv(h, "git commit", p.gitCommit() == null ? "unknown"
                    : p.gitCommit() + (Boolean.TRUE.equals(p.gitDirty()) ? " (with uncommitted changes)" : ""));
            kv(h, "DL4J / ND4J", p.dl4jVersion());
            kv(h, "backend", p.backend());
            kv(h, "BLAS", p.blasVendor() + ", " + p.blasThreads() + " thread(s), OMP_NUM_THREADS=" + p.ompNumThreads());
            kv(h, "JVM", p.jvm());
            kv(h, "OS", p.os() + ", " + p.processors() + " processors");
            kv(h, "run", nullToDash(p.start()) + " to " + nullToDash(p.end()));
        }
        h.append("</table>\n</section>\n");
    }

    private static List<String> datasets(Results results) {
        List<String> ids = new ArrayList<>();
        results.cells().forEach(c -> {
            if (!ids.contains(c.dataset())) {
                ids.add(c.dataset());
            }
        });
        return ids;
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(nullToDash(value))).append("</td></tr>\n");
    }

    private static String compact(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "-" : node.toString();
    }

    static String stat(Summary.Stat s, int decimals) {
        return fixed(s.mean(), decimals) + " &plusmn; " + fixed(s.std(), decimals);
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : String.valueOf(v);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    /** HTML text and attribute escaping. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1150px;\
            padding:0 1rem;color:#1b1f24;line-height:1.45}
            h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
            .sub,.note,footer{color:#57606a;font-size:.9rem}
            table{border-collapse:collapse;margin:.6rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem}
            thead th{background:#f6f8fa}table.num td{text-align:right;font-variant-numeric:tabular-nums}
            table.kv th{text-align:left;background:#f6f8fa;font-weight:600}table.kv td{font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
            td.best{font-weight:700;background:#dafbe1}table.num td.text{text-align:left}ul.flags li{color:#9a6700}.ok{color:#1a7f37}
            figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #d0d7de}
            figcaption{color:#57606a;font-size:.9rem}.dataset-description{font-family:ui-monospace,monospace;font-size:.9rem}
            details{margin:1rem 0}summary{cursor:pointer;font-weight:600}
            """;
}

package org.raven.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.run.BudgetResult;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.DefenceReport;

class HtmlReportTest {

    private static Results demo() throws Exception {
        JsonNode spec = new ObjectMapper().readTree("""
                {"name": "demo", "seeds": [1, 2],
                 "evaluation": {"attack": {"type": "latent-skl-pgd", "norm": "linf", "steps": 50, "randomStart": true},
                                "budgets": [0.0, 0.1], "testPoints": 500}}""");
        Provenance provenance = new Provenance("0.1.0-SNAPSHOT", "1.0.0-M2.1", "CpuBackend", "OPENBLAS", "1", "1",
                "OpenJDK 17", "Linux", 2, "0123456789abcdef0123456789abcdef01234567", true, "2026-11-25T07:00:00Z",
                "2026-11-25T07:02:00Z");
        return Results.of("demo", provenance, spec,
                Map.of("synthetic", "synthetic <10 classes> (not the official split)"), RunReportTest.cells());
    }

    @Test
    void aModelsOwnTestPointsAreNamedBesideTheExperiments() throws Exception {
        Results demo = demo();
        JsonNode spec = new ObjectMapper().readTree(demo.spec().toString().replace("\"testPoints\":500}",
                "\"testPoints\":500},\"models\":[{\"name\":\"vae\"},{\"name\":\"mcmc\",\"testPoints\":200}]"));
        String page = HtmlReport.render(Results.of("demo", demo.provenance(), spec, Map.of(), demo.cells()), List.of());
        assertThat(page).contains("<th>test points</th><td>500 (mcmc: 200)</td>");
    }

    @Test
    void pageHasEveryModelsRowWithMeanAndStdAndTheAttackSettings() throws Exception {
        String page = HtmlReport.render(demo(), List.of());
        assertThat(page).startsWith("<!DOCTYPE html>");
        // vae at 0.1: seeds 0.42 and 0.44: mean 0.430, sample std 0.014; raven 0.530 +- 0.014 is the best there
        assertThat(page).contains("<tr data-model=\"vae\"><th>vae</th><td>2</td><td>0.830 &plusmn; 0.014</td>"
                + "<td>0.430 &plusmn; 0.014</td></tr>");
        assertThat(page).contains("<tr data-model=\"raven\"><th>raven</th><td>2</td><td class=\"best\">0.930 &plusmn; 0.014</td>"
                + "<td class=\"best\">0.530 &plusmn; 0.014</td></tr>");
        assertThat(page).contains("<th>attack</th><td>{&quot;type&quot;:&quot;latent-skl-pgd&quot;,&quot;norm&quot;:&quot;linf&quot;,"
                + "&quot;steps&quot;:50,&quot;randomStart&quot;:true}</td>");
        assertThat(page).contains("<th>seeds</th><td>[1,2]</td>");
        assertThat(page).contains("<th>test points</th><td>500</td>");
        // the dataset's description is escaped, and flagged because it is not the official split
        assertThat(page).contains("synthetic &lt;10 classes&gt; (not the official split)");
        assertThat(page).contains("<li>synthetic: not the official train/test split");
        assertThat(page).contains("<li>uncommitted changes: tracked files differed from commit 0123456789abcdef");
        assertThat(page).contains("<th>git commit</th><td>0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)</td>");
    }

    @Test
    void flagsNameOneSeedRunsMissingHistoriesUnknownCommitsAndReliabilityWarnings() throws Exception {
        Results demo = demo();
        List<CellResult> cells = new ArrayList<>(demo.cells().subList(0, 1));
        CellResult c = cells.get(0);
        cells.set(0, new CellResult(c.dataset(), c.model(), c.seed(), c.hash(), Double.NaN, c.cleanBound(), c.cleanMse(),
                c.budgets(), List.of(), c.embedding(), c.timings(), c.engine(), c.pretrained(), c.objective(), null,
                List.of("masked-gradients: 100.0% of the points have a zero or non-finite input gradient"), null));
        Provenance p = demo.provenance();
        Results one = Results.of("one", new Provenance(p.projectVersion(), p.dl4jVersion(), p.backend(), p.blasVendor(),
                p.blasThreads(), p.ompNumThreads(), p.jvm(), p.os(), p.processors(), null, null, p.start(), p.end()),
                demo.spec(), Map.of(), cells);
        assertThat(HtmlReport.flags(one)).containsExactly(
                "no git commit recorded: the code that produced these numbers is not identified",
                "synthetic / vae: one seed only, no standard deviation",
                "synthetic / vae-seed1: no training history (a checkpoint without one was reused)",
                "synthetic / vae-seed1: non-finite metrics",
                "synthetic / vae-seed1: masked-gradients: 100.0% of the points have a zero or non-finite input gradient");
    }

    @Test
    void ensembleMembersGetTheirOwnTableOnlyWhenAnEnsembleScoredTheCells() throws Exception {
        assertThat(HtmlReport.render(demo(), List.of())).doesNotContain("members-synthetic");
        List<CellResult> cells = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            double ce = seed == 1 ? 0.30 : 0.32; // apgd-ce alone: 0.310 +- 0.014
            List<BudgetResult.MemberResult> members = List.of(new BudgetResult.MemberResult("apgd-ce", ce, 60),
                    new BudgetResult.MemberResult("random-noise", 0.9, 0));
            BudgetResult attacked = new BudgetResult(0.1, ce - 0.01, 1.0, 0.07, 1.0, 1.0, 0.01, 120.0, 0.5, members,
                    new int[] {1, -1});
            cells.add(new CellResult("synthetic", "vae", seed, "h" + seed, 0.9, -100, 0.05,
                    List.of(new BudgetResult(0.0, 0.9, 0.0, 0.05), attacked), List.of(), null, null, "fused"));
        }
        Results demo = demo();
        String page = HtmlReport.render(Results.of("ens", demo.provenance(), demo.spec(), Map.of(), cells), List.of());
        assertThat(page).contains("<thead><tr><th>model</th><th>&delta;</th><th>ensemble</th><th>apgd-ce</th>"
                + "<th>random-noise</th></tr></thead>");
        assertThat(page).contains("<tr data-model=\"vae\"><th>vae</th><td>0.1</td><td>0.300 &plusmn; 0.014</td>"
                + "<td>0.310 &plusmn; 0.014</td><td>0.900 &plusmn; 0.000</td></tr>");
    }

    @Test
    void defencesReportTheirCertifiedAndMeasuredShiftsAndDiagnosticsInThePageAndTheCsv(@TempDir Path dir) throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            List<BudgetResult> budgets = List.of(new BudgetResult(0.0, 0.9, 0.0, 0.05), new BudgetResult(0.1, 0.6, 1.0, 0.07));
            DefenceReport lipschitz = new DefenceReport("lipschitz", null, null, null, List.of(
                    new DefenceReport.Shift(0.0, 0.0, 0.0, 0.0), new DefenceReport.Shift(0.1, seed == 1 ? 0.5 : 0.7, 0.3, 2.0)));
            DefenceReport hmc = new DefenceReport(null, "hmc", "BPDA <identity>", Map.of("acceptanceRate", seed == 1 ? 0.8 : 0.9),
                    null);
            cells.add(new CellResult("synthetic", "lipschitz", seed, "h", 0.9, -100, 0.05, budgets, List.of(), null, null,
                    "fused", null, null, null, null, lipschitz));
            cells.add(new CellResult("synthetic", "mcmc", seed, "h", 0.9, -100, 0.05, budgets, List.of(), null, null,
                    "fused", null, null, null, null, hmc));
            cells.add(new CellResult("synthetic", "vae", seed, "h", 0.9, -100, 0.05, budgets, List.of(), null, null, "fused"));
        }
        Results demo = demo();
        String page = HtmlReport.render(Results.of("defences", demo.provenance(), demo.spec(), Map.of(), cells), List.of());
        assertThat(page).contains("<tr data-model=\"lipschitz\"><th>lipschitz</th><td>lipschitz</td><td class=\"text\">"
                + "&delta; 0: max mu shift 0.000 &plusmn; 0.000 &le; certified 0.000 &plusmn; 0.000; "
                + "&delta; 0.1: max mu shift 0.600 &plusmn; 0.141 &le; certified 2.000 &plusmn; 0.000</td></tr>");
        assertThat(page).contains("<tr data-model=\"mcmc\"><th>mcmc</th><td>hmc</td><td class=\"text\">"
                + "acceptanceRate 0.850 &plusmn; 0.071; attack gradient: BPDA &lt;identity&gt;</td></tr>");
        String table = page.substring(page.indexOf("id=\"defences-synthetic\""));
        assertThat(table.substring(0, table.indexOf("</table>"))).doesNotContain("data-model=\"vae\"");

        Path csv = dir.resolve("results.csv");
        CsvExport.write(csv, cells);
        List<CsvExport.Row> rows = CsvExport.read(csv);
        assertThat(rows).isEqualTo(CsvExport.rows(cells));
        assertThat(rows.get(1).defence()).isEqualTo("lipschitz");
        assertThat(rows.get(1).maxMuShift()).isEqualTo(0.5);
        assertThat(rows.get(1).certifiedMuShift()).isEqualTo(2.0);
        assertThat(rows.get(3).defence()).isEqualTo("hmc");
        assertThat(rows.get(3).certifiedMuShift()).isNull();
        assertThat(rows.get(5).defence()).isNull();
        assertThat(Files.readAllLines(csv).get(0)).endsWith(",ensemble,warnings,defence,max_mu_shift,certified_mu_shift");
    }

    /** The page a run writes, opened from disk by a real headless Chromium: no console errors, no network, every row and figure. */
    @Test
    void opensFromDiskInHeadlessChromiumWithEveryRowAndFigure(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            String message = "CHROMIUM MISSING: no chromium on the PATH (or -Draven.chromium=<binary>), so report.html was"
                    + " NOT checked in a browser. Install it: apt-get update && apt-get install -y chromium."
                    + " This test is SKIPPED, not passed.";
            System.err.println(message);
            Assumptions.abort(message);
        }
        new RunReport(new CellStore()).write(dir, demo());
        Path page = dir.resolve(HtmlReport.FILE);
        assertThat(page).exists();

        String script = """
                JSON.stringify({
                  title: document.title,
                  rows: Array.from(document.querySelectorAll('table[id^="robustness-"] tbody tr')).map(r => r.dataset.model),
                  clean: Array.from(document.querySelectorAll('table[id^="clean-"] tbody tr')).map(r => r.dataset.model),
                  figures: Array.from(document.querySelectorAll('figure')).map(f => {
                    const img = f.querySelector('img');
                    return {id: f.id, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
                            shownWidth: img.getBoundingClientRect().width};
                  })
                })""";
        HeadlessChromium.PageLoad load;
        try (HeadlessChromium browser = new HeadlessChromium(chromium.get())) {
            load = browser.open(page, script);
        }
        assertThat(load.consoleErrors()).as("console errors and exceptions").isEmpty();
        assertThat(load.requests()).as("every request stays on disk or in the page")
                .allMatch(url -> url.startsWith("file:") || url.startsWith("data:"));
        JsonNode seen = load.evaluated();
        assertThat(seen.path("title").asText()).isEqualTo("demo - RAVEN report");
        assertThat(seen.path("rows")).extracting(JsonNode::asText).containsExactly("vae", "raven");
        assertThat(seen.path("clean")).extracting(JsonNode::asText).containsExactly("vae", "raven");
        assertThat(seen.path("figures")).extracting(f -> f.path("id").asText())
                .containsExactly("robustness-synthetic", "tsne-synthetic", "training-synthetic-vae", "training-synthetic-raven");
        for (JsonNode figure : seen.path("figures")) {
            assertThat(figure.path("complete").asBoolean()).as(figure.toString()).isTrue();
            assertThat(figure.path("width").asInt()).as("decoded width of " + figure).isGreaterThanOrEqualTo(560);
            assertThat(figure.path("shownWidth").asDouble()).as("laid-out width of " + figure).isPositive();
        }
        assertThat(seen.path("figures").get(0).path("width").asInt()).isEqualTo(800); // robustness.png, as drawn
        assertThat(Files.readString(page)).doesNotContain("http://", "https://", "<script");
    }
}

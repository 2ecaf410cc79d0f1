package org.raven.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.eval.run.BudgetResult;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.CellStore;
import org.raven.eval.run.CellTimings;
import org.raven.eval.run.Embedding;
import org.raven.eval.run.EpochMetrics;

class RunReportTest {

    /** Two models x two seeds x two budgets with known numbers. */
    static List<CellResult> cells() {
        List<CellResult> cells = new ArrayList<>();
        String[] models = {"vae", "raven"};
        for (int m = 0; m < 2; m++) {
            for (long seed = 1; seed <= 2; seed++) {
                double acc = 0.8 + 0.1 * m + 0.02 * seed; // vae: 0.82, 0.84; raven: 0.92, 0.94
                Embedding embedding = seed == 1 ? new Embedding("gaussian", new double[] {0, 1, 2, 3},
                        new double[] {0, 1, 0, 1}, new int[] {0, 1, 0, 1}, new boolean[] {false, false, true, true})
                        : null;
                cells.add(new CellResult("synthetic", models[m], seed, "h" + m + seed, acc, -100 - seed, 0.05,
                        List.of(new BudgetResult(0.0, acc, 0.0, 0.05), new BudgetResult(0.1, acc - 0.4, 2.5 + seed, 0.07)),
                        List.of(new EpochMetrics(1, 210.0, -200.0 + seed, 0.1, 1.0), new EpochMetrics(2, 160, -150.0, 0.08, 1.0)),
                        embedding, new CellTimings("2026-11-25T07:00:00Z", "2026-11-25T07:01:00Z", 50, 10, false),
                        m == 0 ? "fused" : "samediff", null, "SKL = 0.5 KL(a || b) + 0.5 KL(b || a)"));
            }
        }
        return cells;
    }

    private static CellResult cell(String model, long seed, double clean, double attacked) {
        return new CellResult("synthetic", model, seed, "h", clean, -100, 0.05,
                List.of(new BudgetResult(0.0, clean, 0.0, 0.05), new BudgetResult(0.1, attacked, 1.0, 0.07)), List.of(), null,
                new CellTimings("2026-11-25T07:00:00Z", "2026-11-25T07:01:00Z", 50, 10, false), "fused");
    }

    @Test
    void pairedDifferencesAreEachModelMinusTheFirstSeedBySeed() {
        List<CellResult> cells = List.of(cell("vae", 1, 0.90, 0.50), cell("raven", 1, 0.91, 0.60),
                cell("noisy", 1, 0.80, 0.50), cell("vae", 2, 0.80, 0.30), cell("raven", 2, 0.85, 0.60),
                cell("noisy", 2, 0.80, 0.40), cell("raven", 3, 0.99, 0.99)); // seed 3 has no vae: not paired
        List<Summary.PairedDifference> d = Summary.paired(cells);
        assertThat(d).extracting(Summary.PairedDifference::model).containsExactly("raven", "raven", "noisy", "noisy");
        assertThat(d).extracting(Summary.PairedDifference::reference).containsOnly("vae");
        Summary.PairedDifference ravenAttacked = d.get(1);
        assertThat(ravenAttacked.budget()).isEqualTo(0.1);
        assertThat(ravenAttacked.accuracy().n()).isEqualTo(2);
        assertThat(ravenAttacked.accuracy().mean()).isCloseTo(0.2, within(1e-12)); // 0.1 and 0.3
        assertThat(ravenAttacked.accuracy().std()).isCloseTo(Math.sqrt(0.02), within(1e-12));
        assertThat(d.get(2).accuracy().mean()).isCloseTo(-0.05, within(1e-12)); // noisy clean: -0.1 and 0
        assertThat(Summary.paired(cells.subList(0, 1))).isEmpty();
        // against two references: every other model minus each
        List<Summary.PairedDifference> two = Summary.paired(cells, List.of("noisy", "vae"));
        assertThat(two).extracting(x -> x.model() + "-" + x.reference())
                .containsExactly("raven-vae", "raven-vae", "noisy-vae", "noisy-vae",
                        "vae-noisy", "vae-noisy", "raven-noisy", "raven-noisy"); // references in model order
        assertThat(two.get(4).accuracy().mean()).isCloseTo(0.05, within(1e-12)); // vae - noisy, clean: 0.1 and 0
    }

    @Test
    void summaryHasMeanAndSampleStdOverSeeds() {
        List<Summary.BudgetSummary> rows = Summary.budgets(cells());
        assertThat(rows).extracting(Summary.BudgetSummary::model).containsExactly("vae", "vae", "raven", "raven");
        Summary.BudgetSummary vaeAttacked = rows.get(1);
        assertThat(vaeAttacked.budget()).isEqualTo(0.1);
        assertThat(vaeAttacked.accuracy().mean()).isCloseTo(0.43, within(1e-12));
        assertThat(vaeAttacked.accuracy().std()).isCloseTo(Math.sqrt(0.0002), within(1e-12)); // (0.02^2/2)
        assertThat(vaeAttacked.attackObjective().mean()).isCloseTo(4.0, within(1e-12));
        assertThat(vaeAttacked.accuracy().n()).isEqualTo(2);
        assertThat(Summary.clean(cells()).get(1).bound().mean()).isEqualTo(-101.5);
        assertThat(Summary.Stat.of(new double[] {3}).std()).isZero();
    }

    @Test
    void writesJsonCsvAndPlotsThatDecodeAndRedrawsThemFromResultsJson(@TempDir Path dir) throws Exception {
        RunReport report = new RunReport(new CellStore());
        Results results = Results.of("demo", Provenance.capture("2026-11-25T07:00:00Z").withEnd("2026-11-25T07:02:00Z"),
                JsonNodeFactory.instance.objectNode().put("name", "demo"), java.util.Map.of("synthetic", "synthetic (2 classes)"),
                cells());
        List<Path> files = report.write(dir, results);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("results.json", "results.csv",
                "robustness.png", "training-vae.png", "training-raven.png", "tsne.png", "report.html");

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(1 + 8);
        assertThat(csv.get(0)).isEqualTo(
                "dataset,model,seed,budget,accuracy,attack_objective,recon_mse,clean_accuracy,clean_bound,clean_mse,engine,objective,"
                        + "skl,mu_shift,recon_shift,negative_elbo,r_robustness,ensemble,warnings,defence,max_mu_shift,certified_mu_shift");
        assertThat(csv.get(2)).isEqualTo("synthetic,vae,1,0.1,0.42000000000000004,3.5,0.07,0.8200000000000001,-101.0,0.05,fused,"
                + "\"SKL = 0.5 KL(a || b) + 0.5 KL(b || a)\",NaN,NaN,NaN,NaN,NaN,,0,,,");
        assertThat(csv.get(8)).endsWith(",samediff,\"SKL = 0.5 KL(a || b) + 0.5 KL(b || a)\",NaN,NaN,NaN,NaN,NaN,,0,,,");
        assertThat(CsvExport.read(dir.resolve("results.csv"))).isEqualTo(CsvExport.rows(cells()));

        Results back = report.read(dir);
        assertThat(back.cells()).hasSize(4);
        assertThat(back.cells().get(2).budgets()).isEqualTo(cells().get(2).budgets());
        assertThat(back.summary()).isEqualTo(results.summary());
        assertThat(back.provenance().backend()).contains("Cpu");
        assertThat(back.provenance().projectVersion()).isEqualTo("0.1.0-SNAPSHOT");

        BufferedImage robustness = ImageIO.read(dir.resolve("robustness.png").toFile());
        assertThat(robustness.getWidth()).isEqualTo(800);
        assertThat(robustness.getHeight()).isEqualTo(560);
        BufferedImage tsne = ImageIO.read(dir.resolve("tsne.png").toFile());
        assertThat(tsne.getWidth()).isEqualTo(2 * 560);
        assertThat(ImageIO.read(dir.resolve("training-raven.png").toFile()).getWidth()).isEqualTo(700);

        for (Path f : files.subList(1, files.size())) {
            Files.delete(f);
        }
        assertThat(report.redraw(dir)).isEqualTo(files.subList(1, files.size()));
        assertThat(ImageIO.read(dir.resolve("tsne.png").toFile())).isNotNull();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}

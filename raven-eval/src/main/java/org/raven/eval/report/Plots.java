package org.raven.eval.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.raven.eval.io.AtomicFiles;
import org.raven.eval.run.CellResult;
import org.raven.eval.run.Embedding;

/** The PNG figures of a run, drawn with XChart; every file is written temp-then-rename. */
public final class Plots {

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private Plots() {
    }

    static Color colour(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * Fig. 2 style: accuracy under attack against the budget, one line per model (mean over seeds) with
     * a shaded band of one standard deviation.
     */
    public static XYChart robustness(String title, List<Summary.BudgetSummary> rows) {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
                .xAxisTitle("attack budget").yAxisTitle("latent classifier accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW); // curves fall to the right: bottom left stays free
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        Map<String, List<Summary.BudgetSummary>> byModel = new LinkedHashMap<>();
        rows.forEach(r -> byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r));
        int i = 0;
        for (Map.Entry<String, List<Summary.BudgetSummary>> e : byModel.entrySet()) {
            List<Summary.BudgetSummary> points = e.getValue();
            int n = points.size();
            double[] x = new double[n];
            double[] mean = new double[n];
            double[] band = new double[2 * n];
            double[] bandX = new double[2 * n];
            for (int k = 0; k < n; k++) {
                Summary.BudgetSummary p = points.get(k);
                x[k] = p.budget();
                mean[k] = p.accuracy().mean();
                bandX[k] = p.budget();
                band[k] = p.accuracy().mean() + p.accuracy().std();
                bandX[2 * n - 1 - k] = p.budget();
                band[2 * n - 1 - k] = p.accuracy().mean() - p.accuracy().std();
            }
            Color c = colour(i++);
            XYSeries area = chart.addSeries(e.getKey() + " \u00b1 std", bandX, band);
            area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            area.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            area.setLineColor(new Color(0, 0, 0, 0));
            area.setMarker(SeriesMarkers.NONE);
            area.setShowInLegend(false);
            XYSeries line = chart.addSeries(e.getKey(), x, mean);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(c);
            line.setMarkerColor(c);
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Training curve of one model: the bound per epoch, mean over seeds (the shortest history wins). */
    public static XYChart training(String model, List<CellResult> seeds) {
        XYChart chart = new XYChartBuilder().width(700).height(480).title("training: " + model)
                .xAxisTitle("epoch").yAxisTitle("mean training bound per example or pair (nats)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int epochs = seeds.stream().mapToInt(c -> c.training().size()).min().orElse(0);
        if (epochs == 0) {
            chart.addSeries("no training history", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
            return chart;
        }
        double[] x = new double[epochs];
        double[] bound = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
            for (CellResult c : seeds) {
                bound[e] += c.training().get(e).bound() / seeds.size();
            }
        }
        XYSeries series = chart.addSeries("bound (mean of " + seeds.size() + " seeds)", x, bound);
        series.setLineColor(colour(0));
        series.setMarkerColor(colour(0));
        return chart;
    }

    /** Fig. 1 style: t-SNE of mu(x) and mu(x'), colour = class, filled circle = clean, cross = noisy. */
    public static XYChart tsne(String model, Embedding embedding) {
        XYChart chart = new XYChartBuilder().width(560).height(520)
                .title("t-SNE: " + model + (embedding.noise() == null ? "" : " (x' from " + embedding.noise() + ")"))
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int classes = 0;
        for (int l : embedding.label()) {
            classes = Math.max(classes, l + 1);
        }
        for (int noisy = 0; noisy < 2; noisy++) {
            for (int c = 0; c < classes; c++) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 0; i < embedding.size(); i++) {
                    if (embedding.label()[i] == c && embedding.noisy()[i] == (noisy == 1)) {
                        xs.add(embedding.x()[i]);
                        ys.add(embedding.y()[i]);
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                Marker marker = noisy == 1 ? SeriesMarkers.CROSS : SeriesMarkers.CIRCLE;
                XYSeries s = chart.addSeries(c + (noisy == 1 ? " noisy" : " clean"), xs, ys);
                s.setMarker(marker);
                s.setMarkerColor(colour(c));
            }
        }
        return chart;
    }

    public static void writePng(XYChart chart, Path file) {
        try {
            AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + file, e);
        }
    }

    /** Draws the charts side by side, wrapping after {@code columns}, into one PNG. */
    public static void writeGrid(List<XYChart> charts, int columns, Path file) {
        List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage grid = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + file, e);
        }
        AtomicFiles.write(file, png.toByteArray());
    }
}

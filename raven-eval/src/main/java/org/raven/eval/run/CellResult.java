package org.raven.eval.run;

import java.util.List;

/**
 * Everything one cell (dataset x model x seed) computed; written as {@code result.json} in the cell's
 * folder and collected into {@code results.json}.
 *
 * @param hash          hash of the resolved cell spec this result belongs to (resume checks it)
 * @param cleanAccuracy latent classifier accuracy on the clean test points
 * @param cleanBound    mean bound per example on the clean test points
 * @param cleanMse      reconstruction MSE on the clean test points
 * @param budgets       one entry per budget, in the spec's order
 * @param training      per-epoch training metrics (empty when a checkpoint without history was reused)
 * @param embedding     t-SNE embedding, only in the first seed's cell of a model when enabled
 * @param timings       wall times and where the model came from
 * @param engine        the training step engine actually used, {@code fused} or {@code samediff} (what the
 *                      spec's {@code "engine": "auto"} resolved to), or {@code pretrained}; null in results written
 *                      before it was recorded
 * @param pretrained    the files of a model trained elsewhere, with their SHA-256; null for a model trained here
 * @param objective     what {@code budgets[].attackObjective} reports (the attack's {@code objective()}, for example
 *                      {@code SKL = 0.5 KL(q(z|x+e) || q(z|x)) + 0.5 KL(q(z|x) || q(z|x+e))}); null in results
 *                      written before it was recorded, whose SKL was the sum KL + KL (twice today's)
 * @param ensemble      the attack ensemble's version (for example {@code raven-ensemble-1}) when the attack was the
 *                      ensemble, else null
 * @param warnings      signs that this cell's robustness figures may be unreliable, one line each starting with the
 *                      flag's id (raven-attacks' {@code Reliability}); empty when none
 * @param provenance    where this cell's result came from, captured by the process that computed it; null in results
 *                      written before it was recorded
 * @param defence       what a model's defence or inference procedure reports; null for a model without one
 */
public record CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy,
                         double cleanBound, double cleanMse, List<BudgetResult> budgets,
                         List<EpochMetrics> training, Embedding embedding, CellTimings timings, String engine,
                         List<ModelFile> pretrained, String objective, String ensemble, List<String> warnings,
                         CellProvenance provenance, DefenceReport defence) {

    public CellResult {
        budgets = List.copyOf(budgets);
        training = training == null ? List.of() : List.copyOf(training);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Without provenance (set by {@link #withProvenance}; absent in results written before it was recorded). */
    public CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy, double cleanBound,
                      double cleanMse, List<BudgetResult> budgets, List<EpochMetrics> training, Embedding embedding,
                      CellTimings timings, String engine, List<ModelFile> pretrained, String objective, String ensemble,
                      List<String> warnings, DefenceReport defence) {
        this(dataset, model, seed, hash, cleanAccuracy, cleanBound, cleanMse, budgets, training, embedding, timings, engine,
                pretrained, objective, ensemble, warnings, null, defence);
    }

    /** Without an ensemble version, warnings or provenance (runners that do not record them). */
    public CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy, double cleanBound,
                      double cleanMse, List<BudgetResult> budgets, List<EpochMetrics> training, Embedding embedding,
                      CellTimings timings, String engine, List<ModelFile> pretrained, String objective) {
        this(dataset, model, seed, hash, cleanAccuracy, cleanBound, cleanMse, budgets, training, embedding, timings, engine,
                pretrained, objective, null, null, null);
    }

    /** This result with {@code by} as its provenance. */
    public CellResult withProvenance(CellProvenance by) {
        return new CellResult(dataset, model, seed, hash, cleanAccuracy, cleanBound, cleanMse, budgets, training, embedding,
                timings, engine, pretrained, objective, ensemble, warnings, by, defence);
    }

    /** Trained here, without the objective's label (tests and runners that do not attack). */
    public CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy, double cleanBound,
                      double cleanMse, List<BudgetResult> budgets, List<EpochMetrics> training, Embedding embedding,
                      CellTimings timings, String engine) {
        this(dataset, model, seed, hash, cleanAccuracy, cleanBound, cleanMse, budgets, training, embedding, timings, engine,
                null, null);
    }

    /** The key used in folder names and logs, for example {@code raven-seed3}. */
    public String key() {
        return model + "-seed" + seed;
    }
}

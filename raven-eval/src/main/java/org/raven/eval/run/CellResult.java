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
 * @param defence       what a model's defence or inference procedure reports; null for a model without one
 */
public record CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy,
                         double cleanBound, double cleanMse, List<BudgetResult> budgets,
                         List<EpochMetrics> training, Embedding embedding, CellTimings timings, String engine,
                         List<ModelFile> pretrained, String objective, DefenceReport defence) {

    /** Without a defence report. */
    public CellResult(String dataset, String model, long seed, String hash, double cleanAccuracy, double cleanBound,
                      double cleanMse, List<BudgetResult> budgets, List<EpochMetrics> training, Embedding embedding,
                      CellTimings timings, String engine, List<ModelFile> pretrained, String objective) {
        this(dataset, model, seed, hash, cleanAccuracy, cleanBound, cleanMse, budgets, training, embedding, timings, engine,
                pretrained, objective, null);
    }

    public CellResult {
        budgets = List.copyOf(budgets);
        training = training == null ? List.of() : List.copyOf(training);
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

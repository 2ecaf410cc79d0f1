package org.raven.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.data.DatasetSpec;
import org.raven.api.defence.InferenceSpec;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.model.ModelSourceSpec;
import org.raven.api.noise.NoiseSpec;
import org.raven.api.prior.PriorSpec;
import org.raven.core.LikelihoodSpec;
import org.raven.core.TrainingSpec;
import org.raven.eval.spec.EvaluationSpec;

/**
 * Everything one cell (dataset x model x seed) needs, fully resolved, so that it computes the same
 * result wherever it runs. Its randomness is {@code new RandomStreams(seed).child(model)}.
 *
 * @param datasetId  the dataset's plugin id (names the dataset in results)
 * @param evaluation with the classifier's hidden width resolved
 * @param tsneNoise  noise for the t-SNE pairs: the model's, else the experiment's first; may be null
 * @param embed      whether this cell computes the t-SNE embedding (the first seed of each model)
 * @param pretrained the model's files (absolute names) when it was trained elsewhere; then architecture, prior,
 *                   noise and training are null and nothing is trained
 * @param defence    the model's training defence, or null
 * @param inference  the model's test-time inference procedure, or null
 */
public record CellSpec(String datasetId, DatasetSpec dataset, ArchitectureSpec architecture, LikelihoodSpec likelihood,
                       double beta, String model, PriorSpec prior, NoiseSpec noise, TrainingSpec training, long seed,
                       EvaluationSpec evaluation, NoiseSpec tsneNoise, boolean embed, ModelSourceSpec pretrained,
                       TrainingDefenceSpec defence, InferenceSpec inference) {

    /** Without a defence or inference procedure. */
    public CellSpec(String datasetId, DatasetSpec dataset, ArchitectureSpec architecture, LikelihoodSpec likelihood,
                    double beta, String model, PriorSpec prior, NoiseSpec noise, TrainingSpec training, long seed,
                    EvaluationSpec evaluation, NoiseSpec tsneNoise, boolean embed, ModelSourceSpec pretrained) {
        this(datasetId, dataset, architecture, likelihood, beta, model, prior, noise, training, seed, evaluation, tsneNoise,
                embed, pretrained, null, null);
    }

    /** {@code <model>-seed<seed>}, the cell's folder name. */
    public String key() {
        return model + "-seed" + seed;
    }

    /**
     * What determines the trained weights; a checkpoint is reused only when this matches. The defence is null (and
     * left out of the JSON that is hashed) for models without one, so their keys are those of earlier runs.
     */
    public record TrainingKey(DatasetSpec dataset, ArchitectureSpec architecture, LikelihoodSpec likelihood,
                              double beta, PriorSpec prior, NoiseSpec noise, TrainingSpec training, long seed,
                              String model, TrainingDefenceSpec defence) {
    }

    public TrainingKey trainingKey() {
        return new TrainingKey(dataset, architecture, likelihood, beta, prior, noise, training, seed, model, defence);
    }

    /** SHA-256 (hex) of the JSON of {@code value} written by the spec mapper. */
    public static String hash(ObjectMapper mapper, Object value) {
        try {
            byte[] json = mapper.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + value, e);
        }
    }

    /** The content of a cell folder's {@code cell.json}. */
    public record File(String hash, String trainingHash, CellSpec cell) {
    }
}

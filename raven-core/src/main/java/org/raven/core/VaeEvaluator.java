package org.raven.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.data.LabeledData;
import org.raven.api.noise.NoiseModel;

/** {@link Vae#evaluate} and {@link Vae#reconstructionMse}: forward passes of the training graph in chunks. */
final class VaeEvaluator {

    private VaeEvaluator() {
    }

    static Evaluation evaluate(Vae vae, SameDiff train, LabeledData data, NoiseModel noise, long seed) {
        INDArray features = data.features();
        int inputSize = vae.inputSize();
        int latentDim = vae.latentDim();
        Rows.check(features, inputSize, "features");
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom noiseRandom = random.split();
        double recon = 0;
        double reconNoisy = 0;
        double kl = 0;
        double squaredError = 0;
        long n = features.size(0);
        for (long start = 0; start < n; start += Rows.CHUNK) {
            long end = Math.min(n, start + Rows.CHUNK);
            int b = (int) (end - start);
            INDArray x = Rows.cast(Rows.slice(features, start, end), vae.dataType());
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("x", x);
            feed.put("eps", Vae.gaussian(random, b, latentDim, vae.dataType()));
            List<String> outputs = new ArrayList<>(List.of("reconstruction"));
            if (noise != null) {
                feed.put("xNoisy", noise.augment(x, vae.config().shape(), x.ulike(), noiseRandom));
                feed.put("epsNoisy", Vae.gaussian(random, b, latentDim, vae.dataType()));
                outputs.addAll(List.of("pairRecon", "reconNoisy", "pairKl"));
            } else {
                outputs.addAll(List.of("recon", "kl"));
            }
            Map<String, INDArray> out = train.output(feed, outputs.toArray(new String[0]));
            recon += out.get(noise != null ? "pairRecon" : "recon").sumNumber().doubleValue();
            kl += out.get(noise != null ? "pairKl" : "kl").sumNumber().doubleValue();
            if (noise != null) {
                reconNoisy += out.get("reconNoisy").sumNumber().doubleValue();
            }
            INDArray diff = out.get("reconstruction").sub(x);
            squaredError += diff.mul(diff).sumNumber().doubleValue();
        }
        return new Evaluation((recon + reconNoisy - kl) / n, recon / n, reconNoisy / n, kl / n,
                squaredError / ((double) n * inputSize), (int) n);
    }

    static double reconstructionMse(Vae vae, SameDiff train, INDArray x) {
        double se = 0;
        for (long start = 0; start < x.size(0); start += Rows.CHUNK) {
            INDArray chunk = Rows.cast(Rows.slice(x, start, Math.min(x.size(0), start + Rows.CHUNK)), vae.dataType());
            INDArray diff = train.output(Map.of("x", chunk), "reconstruction").get("reconstruction").sub(chunk);
            se += diff.mul(diff).sumNumber().doubleValue();
        }
        return se / ((double) x.size(0) * vae.inputSize());
    }
}

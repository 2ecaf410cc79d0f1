package com.example.raven;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.BasePlugin;
import org.raven.api.PluginContext;
import org.raven.api.Problem;
import org.raven.api.defence.InputTransform;
import org.raven.api.defence.TrainingDefence;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.model.DifferentiableEncoder;

/**
 * A third-party training defence, written against raven-api alone: {@code pixel-dropout} trains on batches in which
 * each pixel is set to 0 with probability {@code rate} (an input transform, so the model still trains on the fused
 * engine). Use it in a spec as {@code "defence": {"type": "pixel-dropout", "rate": 0.2}}.
 */
public final class PixelDropoutDefence extends BasePlugin<PixelDropoutDefence.Spec, TrainingDefence>
        implements TrainingDefenceProvider<PixelDropoutDefence.Spec> {

    /** @param rate probability that a pixel is dropped; default 0.1, in [0, 1) */
    public record Spec(Double rate) implements TrainingDefenceSpec {
        public Spec {
            rate = rate == null ? 0.1 : rate;
        }

        @Override
        public List<Problem> validate() {
            return new Problem.Collector().inHalfOpen("rate", rate, 0.0, 1.0).problems();
        }
    }

    public PixelDropoutDefence() {
        super("pixel-dropout", Spec.class, new Spec(null), "train on batches with a random share of pixels set to 0");
    }

    @Override
    public TrainingDefence create(Spec spec, PluginContext context) {
        double rate = spec.rate();
        return (InputTransform) (DifferentiableEncoder model, INDArray x, SplittableRandom random) -> {
            INDArray out = x.dup();
            long n = out.length();
            for (long i = 0; i < n; i++) {
                if (random.nextDouble() < rate) {
                    out.putScalar(i, 0.0);
                }
            }
            return out;
        };
    }
}

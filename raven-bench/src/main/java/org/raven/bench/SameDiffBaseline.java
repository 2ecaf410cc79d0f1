package org.raven.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.data.InputShape;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;
import org.raven.core.arch.MlpArchitecture;
import org.raven.core.fast.MlpLayout;
import org.raven.core.noise.GaussianNoise;
import org.raven.core.prior.AdditivePrior;
import org.raven.core.prior.StandardNormalPrior;
import org.raven.core.train.Adam;

/** The "before" rows of {@link FastBench}: the SameDiff {@link Vae} step plus the trainer's Adam, and its encoder in the attack. */
final class SameDiffBaseline {

    private SameDiffBaseline() {
    }

    static void run(FastBench bench, MlpLayout layout, INDArray[] x, INDArray[] xn, INDArray[] eps, INDArray[] epsN, double[] roof) {
        InputShape shape = new InputShape(1, 28, 28);
        int sets = x.length;
        int batch = (int) x[0].size(0);
        int[] k = {0};
        Vae vae = Vae.create(new VaeConfig(new MlpArchitecture(layout.hidden(), layout.latentDim()), new StandardNormalPrior(),
                null, LikelihoodSpec.bernoulli(), 1.0, shape), 1);
        Adam adamVae = new Adam(vae.weights());
        double[] vaeRate = bench.time(() -> {
            int s = k[0]++ & (sets - 1);
            Vae.Step step = vae.step(x[s], null, eps[s], null);
            adamVae.update(vae.weights(), step.gradients(), 1e-3);
        }, batch, 3 * FastBench.FWD_MFLOP);
        bench.addRow("vae step (SameDiff Vae.step + train.Adam)", vaeRate, "samples/s", FastBench.ratio(vaeRate, 3 * FastBench.FWD_MFLOP, roof));
        Vae raven = Vae.create(new VaeConfig(new MlpArchitecture(layout.hidden(), layout.latentDim()), new AdditivePrior(0.5),
                new GaussianNoise(0.3), LikelihoodSpec.bernoulli(), 1.0, shape), 1);
        Adam adamRaven = new Adam(raven.weights());
        double[] ravenRate = bench.time(() -> {
            int s = k[0]++ & (sets - 1);
            Vae.Step step = raven.step(x[s], xn[s], eps[s], epsN[s]);
            adamRaven.update(raven.weights(), step.gradients(), 1e-3);
        }, batch, 6 * FastBench.FWD_MFLOP);
        bench.addRow("raven step (SameDiff Vae.step + train.Adam)", ravenRate, "pairs/s", FastBench.ratio(ravenRate, 6 * FastBench.FWD_MFLOP, roof));
        FastBench.Attack attack = new FastBench.Attack(raven, x[0], 0.1, 0.01, new SplittableRandom(3));
        double[] attackRate = bench.time(attack::step, batch, FastBench.FWD_MFLOP);
        bench.addRow("latent-SKL PGD step (SameDiff encoder)", attackRate, "example-steps/s", FastBench.ratio(attackRate, FastBench.FWD_MFLOP, roof));
    }
}

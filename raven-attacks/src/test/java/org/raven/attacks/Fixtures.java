package org.raven.attacks;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.PluginContext;
import org.raven.api.attack.Attack;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackSpec;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.Posterior;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/** Attack construction through the service loader, and objectives re-computed independently. */
final class Fixtures {

    /** Attacks by id; {@code apgd-<objective>} is the attack {@code apgd} with that objective. */
    static final List<String> ALL = List.of("latent-skl-pgd", "latent-targeted", "output", "fgsm", "random-noise",
            "apgd-skl", "apgd-mu", "apgd-targeted", "apgd-output");
    static final PluginContext CONTEXT = new PluginContext(Path.of("target", "data"), true);

    private Fixtures() {
    }

    static AttackSpec spec(String id, String norm, int steps) {
        return switch (id) {
            case "latent-skl-pgd" -> new LatentSklPgdSpec(norm, steps, null, null, null);
            case "latent-targeted" -> new LatentTargetedSpec(norm, steps, null, null, null);
            case "output" -> new OutputAttackSpec(norm, steps, null, null, null);
            case "fgsm" -> new FgsmSpec(norm);
            case "random-noise" -> new RandomNoiseSpec(norm);
            case "apgd-skl", "apgd-mu", "apgd-targeted", "apgd-output" ->
                    new ApgdSpec(id.substring("apgd-".length()), norm, steps, null);
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** The attack made by its discovered provider, as a user of the module would get it. */
    @SuppressWarnings({"rawtypes"})
    static Attack attack(String id, String norm, int steps) {
        AttackProvider p = ServiceLoader.load(AttackProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(q -> q.id().equals(id.startsWith("apgd-") ? "apgd" : id)).findFirst().orElseThrow();
        AttackSpec s = spec(id, norm, steps);
        if (!s.validate().isEmpty()) {
            throw new IllegalStateException(s.validate().toString());
        }
        return (Attack) p.createFrom(s, CONTEXT);
    }

    static INDArray uniform(int n, int features, long seed, DataType type) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][features];
        for (double[] row : x) {
            for (int i = 0; i < features; i++) {
                double u = rng.nextDouble();
                row[i] = u < 0.1 ? 0.0 : u > 0.9 ? 1.0 : u; // exact box edges included on purpose
            }
        }
        return matrix(x, type);
    }

    static INDArray matrix(double[][] rows, DataType type) {
        return Nd4j.createFromArray(rows).castTo(type);
    }

    static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % classes;
        }
        return l;
    }

    /** SKL(q(z|adv), q(z|x)) per example. */
    static double[] skl(AutoEncoder model, INDArray x, INDArray adv) {
        return GaussianDivergence.symmetricKl(model.encode(adv), model.encode(x));
    }

    /** -KL(q(z|adv) || q(z|x_target)) per example with the attack's own target choice. */
    static double[] negKlToTarget(AutoEncoder model, INDArray x, int[] labels, INDArray adv, long seed) {
        int[] t = Targets.choose("test", labels, labels.length, seed);
        INDArray xt = x.getRows(t);
        double[] kl = GaussianDivergence.kl(model.encode(adv), model.encode(xt));
        for (int i = 0; i < kl.length; i++) {
            kl[i] = -kl[i];
        }
        return kl;
    }

    /** sum_j (mu_j(adv) - mu_j(x))^2 / exp(logVar_j(x)) per example. */
    static double[] mahalanobis(AutoEncoder model, INDArray x, INDArray adv) {
        double[][] ma = model.encode(adv).mu().toDoubleMatrix();
        Posterior c = model.encode(x);
        double[][] mc = c.mu().toDoubleMatrix();
        double[][] lc = c.logVar().toDoubleMatrix();
        double[] out = new double[ma.length];
        for (int i = 0; i < ma.length; i++) {
            for (int j = 0; j < ma[i].length; j++) {
                out[i] += (ma[i][j] - mc[i][j]) * (ma[i][j] - mc[i][j]) / Math.exp(lc[i][j]);
            }
        }
        return out;
    }

    /** ||dec(mu(adv)) - dec(mu(x))||^2 per example. */
    static double[] outputChange(AutoEncoder model, INDArray x, INDArray adv) {
        Posterior a = model.encode(adv);
        Posterior c = model.encode(x);
        double[][] ra = model.decoder().decode(a.mu()).toDoubleMatrix();
        double[][] rc = model.decoder().decode(c.mu()).toDoubleMatrix();
        double[] out = new double[ra.length];
        for (int i = 0; i < ra.length; i++) {
            for (int j = 0; j < ra[i].length; j++) {
                out[i] += (ra[i][j] - rc[i][j]) * (ra[i][j] - rc[i][j]);
            }
        }
        return out;
    }

    /** The objective {@code attackId} maximises, evaluated at {@code adv}. */
    static double[] objectiveOf(String attackId, AutoEncoder model, INDArray x, int[] labels, INDArray adv, long seed) {
        return switch (attackId) {
            case "latent-targeted", "apgd-targeted" -> negKlToTarget(model, x, labels, adv, seed);
            case "output", "apgd-output" -> outputChange(model, x, adv);
            case "apgd-mu" -> mahalanobis(model, x, adv);
            default -> skl(model, x, adv);
        };
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}

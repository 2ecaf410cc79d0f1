package org.raven.core.train;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.noise.NoiseModel;
import org.raven.api.prior.Prior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.Vae;
import org.raven.core.VaeConfig;

/**
 * The training key of a model when the caller has no spec to hash: what the model is, from what it does
 * rather than from {@code toString()} (which a plugin need not define, and which for an anonymous class
 * changes from run to run). Stable across processes for the same configuration:
 * <ul>
 *   <li>mode, input shape, likelihood, beta and data type, as text;</li>
 *   <li>the architecture: a hash of its weight names and shapes (not values: any init seed may resume);</li>
 *   <li>the prior: a hash of its pair and single KLs at fixed probe posteriors, in double precision;</li>
 *   <li>the noise model: a hash of its output on a fixed probe batch with a fixed seed;</li>
 *   <li>a training defence, when there is one: its {@code toString()} (defences are records of their settings).</li>
 * </ul>
 * Callers that build models from specs pass a hash of the resolved specs instead (raven-eval does).
 */
public final class ModelKey {

    private ModelKey() {
    }

    /** For example {@code RAVEN 1x3x4 bernoulli beta=1.0 FLOAT arch=1a2b3c4d prior=5e6f7a8b noise=9c0d1e2f}. */
    public static String of(Vae vae) {
        VaeConfig c = vae.config();
        LikelihoodSpec l = c.likelihood();
        String likelihood = l.isGaussian() ? l.type() + "(variance=" + l.variance() + (l.learnVariance() ? ", learned" : "") + ")"
                : l.type();
        return vae.mode() + " " + c.shape() + " " + likelihood + " beta=" + c.beta() + " " + vae.dataType()
                + " arch=" + architecture(vae.weights()) + " prior=" + prior(c.prior(), vae.latentDim())
                + " noise=" + noise(c.noise(), c) + (c.defence() == null ? "" : " defence=" + c.defence());
    }

    private static String architecture(Map<String, INDArray> weights) {
        MessageDigest d = sha256();
        weights.forEach((name, w) -> {
            d.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update(java.util.Arrays.toString(w.shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        return hex(d);
    }

    /** KLs at 3 deterministic posteriors; values rounded to 12 significant digits so summation order cannot matter. */
    private static String prior(Prior prior, int latentDim) {
        SplittableRandom r = new SplittableRandom(20_240_601L);
        SameDiff sd = SameDiff.create();
        SDVariable[] q = new SDVariable[4];
        for (int i = 0; i < q.length; i++) {
            double[] v = new double[3 * latentDim];
            for (int j = 0; j < v.length; j++) {
                v[j] = r.nextDouble(-1.5, 1.5);
            }
            q[i] = sd.constant("probe" + i, Nd4j.create(v, new long[] {3, latentDim}, DataType.DOUBLE));
        }
        INDArray pair = prior.pairKl(sd, q[0], q[1], q[2], q[3]).eval();
        INDArray single = prior.kl(sd, q[0], q[1]).eval();
        MessageDigest d = sha256();
        d.update((prior.paired() ? "paired" : "independent").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (INDArray a : new INDArray[] {pair, single}) {
            for (double x : a.ravel().toDoubleVector()) {
                d.update(String.format(java.util.Locale.ROOT, "%.11e;", x).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return hex(d);
    }

    private static String noise(NoiseModel noise, VaeConfig c) {
        if (noise == null) {
            return "none";
        }
        int n = c.shape().size();
        double[] v = new double[2 * n];
        for (int j = 0; j < v.length; j++) {
            v[j] = (j % 11) / 10.0;
        }
        INDArray x = Nd4j.create(v, new long[] {2, n}, DataType.DOUBLE);
        INDArray out = noise.augment(x, c.shape(), x.ulike(), new SplittableRandom(7));
        ByteBuffer bytes = ByteBuffer.allocate(8 * 2 * n);
        for (double y : out.ravel().toDoubleVector()) {
            bytes.putDouble(y);
        }
        MessageDigest d = sha256();
        d.update(bytes.array());
        return hex(d);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest(), 0, 4);
    }
}

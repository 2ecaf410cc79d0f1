package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.Posterior;
import org.raven.core.LikelihoodSpec;
import org.raven.core.prior.PairedGaussianPrior;

class FastMlpEncoderTest {

    static final MlpLayout TINY = FusedMlpVaeTest.TINY;

    @Test
    void encodeEqualsTheNaiveReference() {
        Map<String, INDArray> p = FusedMlpVaeTest.randomParameters(TINY, 1);
        INDArray x = FusedMlpVaeTest.uniform(new SplittableRandom(2), DataType.DOUBLE, 3, TINY.inputSize());
        Posterior q = new FastMlpEncoder(TINY, p, DataType.DOUBLE).encode(x);
        double[][][] ref = ReferenceMlpVae.encode(TINY, p, x.toDoubleMatrix());
        double[][] mu = q.mu().toDoubleMatrix();
        double[][] lv = q.logVar().toDoubleMatrix();
        for (int r = 0; r < 3; r++) {
            assertThat(mu[r]).containsExactly(ref[0][r], org.assertj.core.data.Offset.offset(1e-13));
            assertThat(lv[r]).containsExactly(ref[1][r], org.assertj.core.data.Offset.offset(1e-13));
        }
    }

    @Test
    void inputGradientIsTheVjpByFiniteDifferences() {
        Map<String, INDArray> p = FusedMlpVaeTest.randomParameters(TINY, 3);
        SplittableRandom r = new SplittableRandom(4);
        int batch = 3;
        INDArray x = FusedMlpVaeTest.uniform(r, DataType.DOUBLE, batch, TINY.inputSize());
        INDArray gMu = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, batch, TINY.latentDim());
        INDArray gLv = FusedMlpVaeTest.normal(r, DataType.DOUBLE, 1, batch, TINY.latentDim());
        FastMlpEncoder enc = new FastMlpEncoder(TINY, p, DataType.DOUBLE);
        INDArray g = enc.inputGradient(x, gMu, gLv).dup();
        double h = 1e-6;
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < TINY.inputSize(); j++) {
                double v = x.getDouble(i, j);
                x.putScalar(i, j, v + h);
                double up = objective(enc.encode(x), gMu, gLv);
                x.putScalar(i, j, v - h);
                double down = objective(enc.encode(x), gMu, gLv);
                x.putScalar(i, j, v);
                double fd = (up - down) / (2 * h);
                assertThat(g.getDouble(i, j)).as("dx[%d,%d]", i, j).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-7 * (1 + Math.abs(fd))));
            }
        }
    }

    private static double objective(Posterior q, INDArray gMu, INDArray gLv) {
        return q.mu().mul(gMu).sumNumber().doubleValue() + q.logVar().mul(gLv).sumNumber().doubleValue();
    }

    @Test
    void cachedActivationsAreUsedOnlyForTheSameInputAndParameters() {
        Map<String, INDArray> p = FusedMlpVaeTest.randomParameters(TINY, 5);
        SplittableRandom r = new SplittableRandom(6);
        INDArray x = FusedMlpVaeTest.uniform(r, DataType.FLOAT, 4, TINY.inputSize());
        INDArray y = FusedMlpVaeTest.uniform(r, DataType.FLOAT, 4, TINY.inputSize());
        INDArray gMu = FusedMlpVaeTest.normal(r, DataType.FLOAT, 1, 4, TINY.latentDim());
        INDArray gLv = FusedMlpVaeTest.normal(r, DataType.FLOAT, 1, 4, TINY.latentDim());
        INDArray fresh = new FastMlpEncoder(TINY, p, DataType.FLOAT).inputGradient(y, gMu, gLv).dup();
        FastMlpEncoder enc = new FastMlpEncoder(TINY, p, DataType.FLOAT);
        enc.encode(x);
        // a different x after encode must not reuse x's activations
        assertThat(enc.inputGradient(y, gMu, gLv)).isEqualTo(fresh);
        enc.encode(y);
        assertThat(enc.inputGradient(y, gMu, gLv)).isEqualTo(fresh);
    }

    @Test
    void theReturnedGradientIsReusedAndTheLiveEncoderFollowsTraining() {
        FusedMlpVae vae = new FusedMlpVae(new FusedMlpVae.Config(TINY, LikelihoodSpec.bernoulli(), new PairedGaussianPrior(0.5),
                1.0, AdamSettings.of(0.05), DataType.FLOAT));
        vae.setParameters(FusedMlpVaeTest.randomParameters(TINY, 7));
        SplittableRandom r = new SplittableRandom(8);
        INDArray x = FusedMlpVaeTest.uniform(r, DataType.FLOAT, 4, TINY.inputSize());
        INDArray eps = FusedMlpVaeTest.normal(r, DataType.FLOAT, 1, 4, TINY.latentDim());
        INDArray gMu = FusedMlpVaeTest.normal(r, DataType.FLOAT, 1, 4, TINY.latentDim());
        INDArray gLv = FusedMlpVaeTest.normal(r, DataType.FLOAT, 1, 4, TINY.latentDim());
        FastMlpEncoder live = vae.encoder();
        Posterior before = live.encode(x);
        INDArray g1 = live.inputGradient(x, gMu, gLv);
        INDArray g1Copy = g1.dup();
        vae.trainStep(x, eps, x, eps);
        Posterior after = live.encode(x);
        assertThat(after.mu()).isNotEqualTo(before.mu());
        assertThat(after.mu()).isEqualTo(new FastMlpEncoder(TINY, vae.parameters(), DataType.FLOAT).encode(x).mu());
        INDArray g2 = live.inputGradient(x, gMu, gLv);
        assertThat(g2).isSameAs(g1);
        assertThat(g2).isNotEqualTo(g1Copy);
        assertThat(g2).isEqualTo(new FastMlpEncoder(TINY, vae.parameters(), DataType.FLOAT).inputGradient(x, gMu, gLv));
    }

    @Test
    void badShapesGetClearErrors() {
        FastMlpEncoder enc = new FastMlpEncoder(TINY, FusedMlpVaeTest.randomParameters(TINY, 9), DataType.FLOAT);
        assertThatThrownBy(() -> enc.encode(org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 7)))
                .hasMessage("x must be [batch, 6] (was [2, 7])");
        INDArray x = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 6);
        assertThatThrownBy(() -> enc.inputGradient(x, org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 3),
                org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 3, 3)))
                .hasMessage("gradMu and gradLogVar must be [2, 3] (was [3, 3])");
        assertThat(enc.inputSize()).isEqualTo(6);
        assertThat(enc.latentDim()).isEqualTo(3);
    }
}

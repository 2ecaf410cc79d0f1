package org.raven.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.raven.api.model.Posterior;

/** The benchmark encoder's buffered forward pass and hand-written VJP agree with a plain double computation. */
class MlpEncoderTest {

    private final MlpEncoder encoder = new MlpEncoder(20, 12, 10, 3, 7);

    private INDArray[] reference(INDArray x, INDArray gMu, INDArray gLogVar) {
        INDArray[] p = encoder.parameters();
        INDArray[] w = new INDArray[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = p[i].castTo(DataType.DOUBLE);
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray a1 = Transforms.relu(xd.mmul(w[0]).addRowVector(w[1]));
        INDArray a2 = Transforms.relu(a1.mmul(w[2]).addRowVector(w[3]));
        INDArray mu = a2.mmul(w[4]).addRowVector(w[5]);
        INDArray logVar = a2.mmul(w[6]).addRowVector(w[7]);
        INDArray g2 = gMu.castTo(DataType.DOUBLE).mmul(w[4].transpose())
                .add(gLogVar.castTo(DataType.DOUBLE).mmul(w[6].transpose())).mul(a2.gt(0).castTo(DataType.DOUBLE));
        INDArray g1 = g2.mmul(w[2].transpose()).mul(a1.gt(0).castTo(DataType.DOUBLE));
        INDArray gx = g1.mmul(w[0].transpose());
        return new INDArray[] {mu, logVar, gx};
    }

    private static void close(INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        double err = actual.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
        assertThat(scale).isGreaterThan(1e-3);
        assertThat(err).isLessThanOrEqualTo(1e-5 * (1 + scale));
    }

    @Test
    void forwardAndInputGradientMatchAPlainComputation() {
        INDArray x = AttackBench.uniform(6, 20, 1);
        INDArray gMu = AttackBench.uniform(6, 3, 2).subi(0.5);
        INDArray gLogVar = AttackBench.uniform(6, 3, 3).subi(0.5);
        INDArray[] ref = reference(x, gMu, gLogVar);
        Posterior p = encoder.encode(x);
        close(p.mu(), ref[0]);
        close(p.logVar(), ref[1]);
        close(encoder.inputGradient(x, gMu, gLogVar), ref[2]);
    }

    @Test
    void theForwardCacheIsOnlyUsedForTheSameInputValues() {
        INDArray x1 = AttackBench.uniform(6, 20, 4);
        INDArray x2 = AttackBench.uniform(6, 20, 5);
        INDArray gMu = AttackBench.uniform(6, 3, 6).subi(0.5);
        INDArray gLogVar = AttackBench.uniform(6, 3, 7).subi(0.5);
        INDArray expected = reference(x2, gMu, gLogVar)[2];
        encoder.encode(x1);
        close(encoder.inputGradient(x2, gMu, gLogVar), expected); // another array: recomputed
        encoder.encode(x1);
        x1.assign(x2); // the same array, changed in place after encode
        close(encoder.inputGradient(x1, gMu, gLogVar), expected);
        encoder.encode(AttackBench.uniform(3, 20, 8)); // another batch size
        close(encoder.inputGradient(x2, gMu, gLogVar), expected);
    }
}

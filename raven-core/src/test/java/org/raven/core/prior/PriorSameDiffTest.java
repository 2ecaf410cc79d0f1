package org.raven.core.prior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.prior.ClosedFormPrior;

/** The SameDiff expressions equal the double-precision closed forms, values and gradients. */
class PriorSameDiffTest {

    static Stream<ClosedFormPrior> priors() {
        return Stream.of(new StandardNormalPrior(), new PairedGaussianPrior(0.9), new PairedGaussianPrior(0.0),
                new AdditivePrior(0.5), new AdditivePrior(1.7));
    }

    private static double[][] random(SplittableRandom r, int b, int d) {
        double[][] v = new double[b][d];
        for (double[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("priors")
    void sameDiffEqualsJava(ClosedFormPrior prior) {
        int b = 5;
        int d = 3;
        SplittableRandom r = new SplittableRandom(2);
        double[][][] args = {random(r, b, d), random(r, b, d), random(r, b, d), random(r, b, d)};
        SameDiff sd = SameDiff.create();
        SDVariable[] vars = new SDVariable[4];
        String[] names = {"mu", "lv", "muN", "lvN"};
        for (int a = 0; a < 4; a++) {
            vars[a] = sd.var(names[a], Nd4j.create(args[a]).castTo(DataType.DOUBLE));
        }
        SDVariable pair = prior.pairKl(sd, vars[0], vars[1], vars[2], vars[3]);
        SDVariable single = prior.kl(sd, vars[0], vars[1]);
        SDVariable total = pair.sum().rename("total");
        sd.setLossVariables(total);
        Map<String, INDArray> out = sd.output((Map<String, INDArray>) null, pair.name(), single.name());
        Map<String, INDArray> grads = sd.calculateGradients(null, names);
        for (int i = 0; i < b; i++) {
            double[][] g = new double[4][d];
            double expected = prior.pairKl(args[0][i], args[1][i], args[2][i], args[3][i], 0, d, g[0], g[1], g[2], g[3]);
            assertThat(out.get(pair.name()).getDouble(i)).isCloseTo(expected, within(1e-10));
            assertThat(out.get(single.name()).getDouble(i)).isCloseTo(prior.kl(args[0][i], args[1][i]), within(1e-10));
            for (int a = 0; a < 4; a++) {
                for (int j = 0; j < d; j++) {
                    assertThat(grads.get(names[a]).getDouble(i, j)).isCloseTo(g[a][j], within(1e-10));
                }
            }
        }
        assertThat(prior.paired()).isEqualTo(!(prior instanceof StandardNormalPrior));
    }
}

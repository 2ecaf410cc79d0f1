package org.raven.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TsneTest {

    @Test
    void keepsTwoDistantClustersApartAndIsRepeatable() {
        int n = 60;
        double[][] points = new double[n][8];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                points[i][j] = (i < n / 2 ? 0 : 10) + r.nextDouble();
            }
        }
        double[][] a = Tsne.embed(points, 30, 500, 11);
        double[][] b = Tsne.embed(points, 30, 500, 11);
        assertThat(a).isDeepEqualTo(b);
        double within = 0;
        double between = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double d = Math.hypot(a[i][0] - a[k][0], a[i][1] - a[k][1]);
                if ((i < n / 2) == (k < n / 2)) {
                    within += d;
                } else {
                    between += d;
                }
            }
        }
        // Same number of within (2 * 30 * 30) and between (2 * 30 * 30) pairs.
        assertThat(between).isGreaterThan(3 * within);
    }
}

package org.raven.core.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamStateTest {

    /** Checkpoints write moments in this order: it must be the parameters' order in every JVM, not a hash order. */
    @Test
    void momentsKeepTheParametersOrder() {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> "layer" + (19 - i) + "_W").toList();
        Map<String, INDArray> m = new LinkedHashMap<>();
        Map<String, INDArray> v = new LinkedHashMap<>();
        for (String name : names) {
            m.put(name, Nd4j.zeros(2));
            v.put(name, Nd4j.ones(2));
        }
        AdamState state = new AdamState(m, v, 3);
        assertThat(state.m().keySet()).containsExactlyElementsOf(names);
        assertThat(state.firstMoments().keySet()).containsExactlyElementsOf(names);
        assertThat(state.secondMoments().keySet()).containsExactlyElementsOf(names);
    }
}

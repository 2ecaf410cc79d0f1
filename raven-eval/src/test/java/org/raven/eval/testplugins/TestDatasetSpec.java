package org.raven.eval.testplugins;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.data.DatasetSpec;

/** Test-only dataset spec. */
public record TestDatasetSpec(Integer size) implements DatasetSpec {
    public TestDatasetSpec {
        size = size == null ? 64 : size;
    }

    @Override
    public List<Problem> validate() {
        return new Problem.Collector().positive("size", size).problems();
    }
}

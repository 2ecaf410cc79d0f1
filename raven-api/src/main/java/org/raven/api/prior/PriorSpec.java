package org.raven.api.prior;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.raven.api.Problem;
import org.raven.api.Spec;

/** JSON spec of a prior, selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface PriorSpec extends Spec {

    /**
     * Checks what depends on the model's latent size, which {@link #validate()} cannot see: for example
     * that a per-dimension parameter has {@code latentDim} entries. Called after {@code validate()}
     * found nothing; paths are relative to this spec, as in {@code validate()}.
     *
     * @return every problem found, or an empty list
     */
    default List<Problem> validateFor(int latentDim) {
        return List.of();
    }
}

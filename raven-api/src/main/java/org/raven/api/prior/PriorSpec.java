package org.raven.api.prior;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of a prior, selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface PriorSpec extends Spec {
}

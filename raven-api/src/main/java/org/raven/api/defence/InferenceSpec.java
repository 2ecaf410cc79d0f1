package org.raven.api.defence;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of a test-time inference procedure (a model entry's {@code "inference"} object), selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface InferenceSpec extends Spec {
}

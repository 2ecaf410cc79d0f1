package org.raven.api.noise;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of a noise model, selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface NoiseSpec extends Spec {
}

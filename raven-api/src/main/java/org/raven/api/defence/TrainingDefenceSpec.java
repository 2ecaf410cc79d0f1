package org.raven.api.defence;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of a training defence (a model entry's {@code "defence"} object), selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface TrainingDefenceSpec extends Spec {
}

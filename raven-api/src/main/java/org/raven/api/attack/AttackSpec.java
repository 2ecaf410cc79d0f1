package org.raven.api.attack;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of an attack, selected by {@code "type"}. The budget is not part of it: it is swept. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface AttackSpec extends Spec {
}

package org.raven.api.data;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of a dataset, selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface DatasetSpec extends Spec {
}

package org.raven.api.arch;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.raven.api.Spec;

/** JSON spec of an encoder/decoder architecture, selected by {@code "type"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface ArchitectureSpec extends Spec {

    /** Dimension of z. */
    int latentDim();
}

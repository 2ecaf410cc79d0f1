package org.raven.api.model;

import org.raven.api.PluginException;

/**
 * A pretrained model that cannot be loaded as its spec says: a missing or unreadable file, an output that is not
 * there, an operator the loader does not support. {@link #field()} names the spec field at fault (relative to the
 * {@code "pretrained"} object, for example {@code encoder} or {@code mu}) so that spec validation can point at it.
 */
public class ModelSourceException extends PluginException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ModelSourceException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The spec field at fault, for example {@code encoder}. */
    public String field() {
        return field;
    }
}

package org.raven.api;

/** A plugin set-up problem the user can fix: unknown or duplicate id, malformed id. */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }
}

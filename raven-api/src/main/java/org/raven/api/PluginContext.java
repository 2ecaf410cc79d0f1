package org.raven.api;

import java.nio.file.Path;

/**
 * What a plugin may need from its surroundings when it is created. Randomness is not here: it
 * reaches each object as an explicit seed or {@link RandomStreams} stream, never as global state.
 *
 * @param dataHome  folder for downloaded or cached datasets ({@code $RAVEN_DATA}, else
 *                  {@code ~/.raven/datasets})
 * @param offline   when true, nothing may touch the network
 */
public record PluginContext(Path dataHome, boolean offline) {

    /** The context for this process: {@code $RAVEN_DATA} or {@code ~/.raven/datasets}, online. */
    public static PluginContext fromEnvironment() {
        String env = System.getenv("RAVEN_DATA");
        Path home = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".raven", "datasets");
        return new PluginContext(home, Boolean.parseBoolean(System.getenv().getOrDefault("RAVEN_OFFLINE", "false")));
    }
}

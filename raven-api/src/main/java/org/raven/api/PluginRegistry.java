package org.raven.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The providers of one {@link PluginKind}, by id. Built once from {@link ServiceLoader} (by Guice in
 * raven-eval, or directly by a user of a single module); there is no static registry.
 *
 * <pre>{@code
 * PluginRegistry<AttackProvider<?>> attacks = PluginRegistry.load(PluginKind.ATTACK, getClass().getClassLoader());
 * Attack pgd = attacks.get("latent-skl-pgd").createFrom(spec, context);
 * }</pre>
 */
public final class PluginRegistry<P extends Plugin<?, ?>> {

    /** Lower-case words of letters and digits joined by single hyphens. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final PluginKind kind;
    private final Map<String, P> byId;

    private PluginRegistry(PluginKind kind, Map<String, P> byId) {
        this.kind = kind;
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Loads every provider of {@code kind} visible to {@code loader}. */
    @SuppressWarnings("unchecked")
    public static <P extends Plugin<?, ?>> PluginRegistry<P> load(PluginKind kind, ClassLoader loader) {
        List<P> found = new ArrayList<>();
        for (Object provider : ServiceLoader.load(kind.serviceType(), loader)) {
            found.add((P) provider);
        }
        return of(kind, found);
    }

    /**
     * A registry of the given providers.
     *
     * @throws PluginException if an id is malformed or two providers share one
     */
    public static <P extends Plugin<?, ?>> PluginRegistry<P> of(PluginKind kind, Collection<? extends P> providers) {
        Map<String, P> byId = new TreeMap<>();
        for (P provider : providers) {
            String id = provider.id();
            if (id == null || !ID_PATTERN.matcher(id).matches()) {
                throw new PluginException(kind.label() + " id '" + id + "' of " + origin(provider)
                        + " is not lower-case and hyphenated (expected " + ID_PATTERN.pattern() + ")");
            }
            P previous = byId.putIfAbsent(id, provider);
            if (previous != null) {
                throw new PluginException("duplicate " + kind.label() + " id '" + id + "': "
                        + origin(previous) + " and " + origin(provider));
            }
        }
        return new PluginRegistry<>(kind, byId);
    }

    public PluginKind kind() {
        return kind;
    }

    /** The provider for {@code id}, or a {@link PluginException} listing the ids there are. */
    public P get(String id) {
        P provider = byId.get(id);
        if (provider == null) {
            throw new PluginException(unknownMessage(id));
        }
        return provider;
    }

    public Optional<P> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** {@code unknown attack 'pgd-lnf'; available: fgsm, latent-skl-pgd}. */
    public String unknownMessage(String id) {
        return "unknown " + kind.label() + " '" + id + "'; available: "
                + (byId.isEmpty() ? "(none)" : String.join(", ", byId.keySet()));
    }

    /** Ids in sorted order. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Providers in id order. */
    public Collection<P> providers() {
        return byId.values();
    }

    /** The class of {@code provider} and the jar (or folder) it came from, for messages and diagnostics. */
    public static String origin(Object provider) {
        Class<?> type = provider.getClass();
        String where = "unknown location";
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path path = Path.of(source.getLocation().toURI());
                where = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            }
        } catch (Exception | Error e) {
            // A location we cannot read is only cosmetic here.
        }
        return type.getName() + " (" + where + ")";
    }
}

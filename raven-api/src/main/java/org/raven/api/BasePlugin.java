package org.raven.api;

import java.util.Objects;

/**
 * Optional base class for providers: takes the id, spec type, default spec and description once in its
 * constructor, so a provider writes only {@link #create}. Implementing {@link Plugin} (through a kind
 * interface) directly stays equally valid.
 *
 * <pre>{@code
 * public final class ScaledNormalPrior extends BasePlugin<ScaledNormalPrior.Spec, Prior>
 *         implements PriorProvider<ScaledNormalPrior.Spec> {
 *     public ScaledNormalPrior() {
 *         super("scaled-normal", Spec.class, new Spec(null), "independent N(0, scale^2 I) for z and z'");
 *     }
 *
 *     @Override
 *     public Prior create(Spec spec, PluginContext context) { ... }
 * }
 * }</pre>
 *
 * <p>The default spec is made once, in the constructor: spec records are immutable and their compact
 * constructors never throw, so that costs nothing and keeps providers cheap to construct.
 *
 * @param <S> the spec record type
 * @param <T> what {@link #create} makes
 */
public abstract class BasePlugin<S extends Spec, T> implements Plugin<S, T> {

    private final String id;
    private final Class<S> specType;
    private final S defaultSpec;
    private final String description;

    /**
     * @param id          lower-case, hyphenated, unique within its kind (checked when the registry loads)
     * @param specType    the record read from JSON for this id
     * @param defaultSpec the spec with every default filled in, as {@code {"type": id}} reads
     * @param description one line for {@code raven list}
     */
    protected BasePlugin(String id, Class<S> specType, S defaultSpec, String description) {
        this.id = Objects.requireNonNull(id, "id");
        this.specType = Objects.requireNonNull(specType, "specType");
        this.defaultSpec = Objects.requireNonNull(defaultSpec, "defaultSpec");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<S> specType() {
        return specType;
    }

    @Override
    public final S defaultSpec() {
        return defaultSpec;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public String toString() {
        return id;
    }
}

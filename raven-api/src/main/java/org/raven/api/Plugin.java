package org.raven.api;

/**
 * A provider found by {@link java.util.ServiceLoader}: cheap to construct, it names its JSON id and
 * spec type, and makes the heavy object only in {@link #create}.
 *
 * <p>Implement one of the kind interfaces ({@link org.raven.api.prior.PriorProvider},
 * {@link org.raven.api.arch.ArchitectureProvider}, {@link org.raven.api.attack.AttackProvider},
 * {@link org.raven.api.data.DatasetProvider}, {@link org.raven.api.noise.NoiseProvider},
 * {@link org.raven.api.model.ModelSourceProvider}, {@link org.raven.api.defence.TrainingDefenceProvider},
 * {@link org.raven.api.defence.InferenceProvider}) and list the
 * class in {@code META-INF/services/<kind interface>}. That one services entry is the whole
 * contribution: the framework derives the Jackson subtype ({@code {"type": id}}) and the Guice
 * binding from it.
 *
 * @param <S> the spec record type
 * @param <T> what {@link #create} makes
 */
public interface Plugin<S extends Spec, T> {

    /** Lower-case, hyphenated, unique within its kind, for example {@code latent-skl-pgd}. */
    String id();

    /** The record type read from JSON for this id. */
    Class<S> specType();

    /** The spec with every default filled in, as {@code {"type": id}} reads. */
    S defaultSpec();

    /** Makes the object a spec describes. The spec has passed {@link Spec#validate()}. */
    T create(S spec, PluginContext context);

    /** One-line description shown by {@code raven list}. */
    default String description() {
        return "";
    }

    /** {@link #create} for a spec typed as the kind's base type; fails if it is not this plugin's. */
    default T createFrom(Spec spec, PluginContext context) {
        return create(specType().cast(spec), context);
    }
}

package org.raven.api;

import org.raven.api.arch.ArchitectureProvider;
import org.raven.api.arch.ArchitectureSpec;
import org.raven.api.attack.AttackProvider;
import org.raven.api.attack.AttackSpec;
import org.raven.api.data.DatasetProvider;
import org.raven.api.data.DatasetSpec;
import org.raven.api.defence.InferenceProvider;
import org.raven.api.defence.InferenceSpec;
import org.raven.api.defence.TrainingDefenceProvider;
import org.raven.api.defence.TrainingDefenceSpec;
import org.raven.api.model.ModelSourceProvider;
import org.raven.api.model.ModelSourceSpec;
import org.raven.api.noise.NoiseProvider;
import org.raven.api.noise.NoiseSpec;
import org.raven.api.prior.PriorProvider;
import org.raven.api.prior.PriorSpec;

/** The pluggable kinds: the service interface to load and the spec base type JSON is read into. */
public enum PluginKind {
    ARCHITECTURE("architecture", ArchitectureProvider.class, ArchitectureSpec.class),
    ATTACK("attack", AttackProvider.class, AttackSpec.class),
    DATASET("dataset", DatasetProvider.class, DatasetSpec.class),
    DEFENCE("defence", TrainingDefenceProvider.class, TrainingDefenceSpec.class),
    INFERENCE("inference", InferenceProvider.class, InferenceSpec.class),
    MODEL_SOURCE("model source", ModelSourceProvider.class, ModelSourceSpec.class),
    NOISE("noise", NoiseProvider.class, NoiseSpec.class),
    PRIOR("prior", PriorProvider.class, PriorSpec.class);

    private final String label;
    private final Class<? extends Plugin<?, ?>> serviceType;
    private final Class<? extends Spec> specBase;

    @SuppressWarnings({"unchecked", "rawtypes"})
    PluginKind(String label, Class serviceType, Class<? extends Spec> specBase) {
        this.label = label;
        this.serviceType = serviceType;
        this.specBase = specBase;
    }

    /** The word used in messages, for example {@code attack}. */
    public String label() {
        return label;
    }

    public Class<? extends Plugin<?, ?>> serviceType() {
        return serviceType;
    }

    public Class<? extends Spec> specBase() {
        return specBase;
    }
}

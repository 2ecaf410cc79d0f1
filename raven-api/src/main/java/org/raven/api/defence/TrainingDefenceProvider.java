package org.raven.api.defence;

import org.raven.api.Plugin;

/**
 * Service interface for training defences; list implementations in
 * {@code META-INF/services/org.raven.api.defence.TrainingDefenceProvider}.
 */
public interface TrainingDefenceProvider<S extends TrainingDefenceSpec> extends Plugin<S, TrainingDefence> {
}

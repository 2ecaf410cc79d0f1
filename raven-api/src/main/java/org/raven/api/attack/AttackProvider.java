package org.raven.api.attack;

import org.raven.api.Plugin;

/** Service interface for attacks; list implementations in {@code META-INF/services/org.raven.api.attack.AttackProvider}. */
public interface AttackProvider<S extends AttackSpec> extends Plugin<S, Attack> {
}

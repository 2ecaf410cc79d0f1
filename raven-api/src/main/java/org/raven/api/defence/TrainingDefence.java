package org.raven.api.defence;

/**
 * A defence applied while a model trains. It does its work through one or more capabilities, each a
 * sub-interface the trainer looks for: {@link InputTransform} (what each batch is trained on),
 * {@link ObjectiveTerm} (a term added to the loss) and {@link WeightConstraint} (a projection of the
 * weights after every optimiser step). A defence may implement several.
 */
public interface TrainingDefence {
}

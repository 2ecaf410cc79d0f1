package org.raven.eval.run;

/**
 * One model under attack at one budget, over the evaluated test points.
 *
 * @param budget          the attack budget delta
 * @param accuracy        latent classifier accuracy on mu of the attacked inputs
 * @param attackObjective mean attack objective at the attacked inputs, as the cell's {@code objective} names it
 *                        (for the SKL attacks Kuzina et al.'s 0.5 KL + 0.5 KL)
 * @param reconMse        mean squared error between attacked inputs and their reconstructions
 */
public record BudgetResult(double budget, double accuracy, double attackObjective, double reconMse) {
}

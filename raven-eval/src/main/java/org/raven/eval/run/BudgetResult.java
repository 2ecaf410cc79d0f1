package org.raven.eval.run;

import java.util.List;

/**
 * One model under attack at one budget, over the evaluated test points. The metrics beside accuracy are measured the
 * same way whatever the attack (raven-eval/README.md says which to use for what); NaN where the model lacks what
 * one needs (a decoder, a bound) and when read from results written before they were recorded.
 *
 * @param budget          the attack budget delta
 * @param accuracy        latent classifier accuracy on mu of the attacked inputs
 * @param attackObjective mean attack objective at the attacked inputs, as the cell's {@code objective} names it
 *                        (for the SKL attacks Kuzina et al.'s 0.5 KL + 0.5 KL)
 * @param reconMse        mean squared error between attacked inputs and their reconstructions
 * @param skl             mean SKL(q(z|x+e), q(z|x)) = 0.5 KL + 0.5 KL (Kuzina et al.'s convention), for every attack
 * @param muShift         mean Euclidean norm {@code ||mu(x+e) - mu(x)||_2}
 * @param reconShift      mean squared error per pixel between the reconstructions of the attacked and the clean input,
 *                        {@code dec(mu(x+e))} and {@code dec(mu(x))}
 * @param negativeElbo    mean negative ELBO (nats per example) of the attacked inputs
 * @param rRobustness     Camuto et al. (2021)'s r-robustness estimate: the mean over points of the probability, over
 *                        z ~ q(z|x+e), that the reconstruction {@code dec(z)} lies within root-mean-square distance
 *                        r ({@code evaluation.robustnessRadius}) of the clean reconstruction {@code dec(mu(x))}
 * @param members         the ensemble's members at this budget, in order (null for other attacks)
 * @param brokenBy        per test point, the index in {@code ["clean", members...]} of what broke it first, -1 if
 *                        nothing did (null for other attacks)
 */
public record BudgetResult(double budget, double accuracy, double attackObjective, double reconMse, Double skl,
                           Double muShift, Double reconShift, Double negativeElbo, Double rRobustness,
                           List<MemberResult> members, int[] brokenBy) {

    /** Results written before a metric existed lack it: NaN, not 0. */
    public BudgetResult {
        skl = skl == null ? Double.NaN : skl;
        muShift = muShift == null ? Double.NaN : muShift;
        reconShift = reconShift == null ? Double.NaN : reconShift;
        negativeElbo = negativeElbo == null ? Double.NaN : negativeElbo;
        rRobustness = rRobustness == null ? Double.NaN : rRobustness;
    }

    /**
     * One ensemble member at one budget.
     *
     * @param name     the member, for example {@code apgd-ce}
     * @param accuracy its own accuracy on every point (NaN in the ensemble's cascade mode)
     * @param broken   points it broke first (before any later member)
     */
    public record MemberResult(String name, double accuracy, int broken) {
    }

    /** Accuracy, objective and reconstruction error only (runners and results that record nothing else). */
    public BudgetResult(double budget, double accuracy, double attackObjective, double reconMse) {
        this(budget, accuracy, attackObjective, reconMse, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                null, null);
    }
}

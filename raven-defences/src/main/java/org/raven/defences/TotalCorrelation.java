package org.raven.defences;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The total correlation TC = KL(q(z) || prod_j q(z_j)) of the aggregate posterior, estimated on a minibatch with
 * Chen et al. (2018)'s minibatch-weighted sampling: with M samples z_i ~ q(z|x_i) from a data set of N,
 * <pre>
 *   log q(z_i)     ~ logsumexp_k log q(z_i | x_k) - log(N M)
 *   log q(z_{i,j}) ~ logsumexp_k log q(z_{i,j} | x_k) - log(N M)
 *   TC             ~ mean_i [ log q(z_i) - sum_j log q(z_{i,j}) ]
 * </pre>
 * where log q(z | x_k) = sum_j log N(z_j; mu_{k,j}, exp(logVar_{k,j})). The estimator is biased for small M, as in
 * the paper; it is what the paper trains with.
 */
final class TotalCorrelation {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private TotalCorrelation() {
    }

    /** The MWS estimate as a scalar SameDiff expression. */
    static SDVariable minibatchWeighted(SameDiff sd, SDVariable mu, SDVariable logVar, SDVariable z, SDVariable datasetSize) {
        // [M, 1, d] against [1, M, d]: log N(z_{i,j}; mu_{k,j}, var_{k,j}) for every (i, k, j).
        SDVariable zi = sd.expandDims(z, 1);
        SDVariable muk = sd.expandDims(mu, 0);
        SDVariable lvk = sd.expandDims(logVar, 0);
        SDVariable diff = zi.sub(muk);
        SDVariable logDensity = diff.mul(diff).mul(sd.math().exp(lvk.neg())).add(lvk).add(LOG_2PI).mul(-0.5);
        SDVariable batch = sd.sizeAt(z, 0).castTo(z.dataType());
        SDVariable logNm = sd.math().log(datasetSize.castTo(z.dataType()).mul(batch));
        SDVariable logQz = logSumExp(sd, logDensity.sum(true, 2), 1).sub(logNm);
        SDVariable logQzj = logSumExp(sd, logDensity, 1).sub(logNm).sum(true, 2);
        return logQz.sub(logQzj).mean();
    }

    /**
     * log sum exp over {@code axis}, keeping it (size 1): SameDiff M2.1's own logSumExp has no working backward pass
     * for 3-d inputs (reduce_sum_bp fails to reshape), so it is written out, shifted by the maximum for stability.
     */
    private static SDVariable logSumExp(SameDiff sd, SDVariable a, int axis) {
        SDVariable m = sd.max(a, true, axis);
        return sd.math().log(sd.math().exp(a.sub(m)).sum(true, axis)).add(m);
    }
}

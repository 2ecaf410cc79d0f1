package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/**
 * Objectives that compare q(z|x+e) with a fixed reference posterior per example: the symmetric KL
 * to q(z|x) (untargeted) or minus the KL to q(z|x_target) (targeted).
 */
final class LatentObjective implements Objective {

    enum Kind { SYMMETRIC_KL, NEGATIVE_KL_TO_REFERENCE }

    private final DifferentiableEncoder model;
    private final Kind kind;
    private final double[] muRef;
    private final double[] logVarRef;
    private final int n;
    private final int d;
    private final double[] gMu;
    private final double[] gLogVar;
    private final double[] mu;
    private final double[] logVar;
    private final HostIo io = new HostIo();
    private INDArray gMuArray;
    private INDArray gLogVarArray;

    /** {@code muRef}, {@code logVarRef}: the reference posterior, row-major {@code [n, d]}. */
    LatentObjective(DifferentiableEncoder model, Kind kind, double[] muRef, double[] logVarRef, int n, int d) {
        this.model = model;
        this.kind = kind;
        this.muRef = muRef;
        this.logVarRef = logVarRef;
        this.n = n;
        this.d = d;
        this.gMu = new double[n * d];
        this.gLogVar = new double[n * d];
        this.mu = new double[n * d];
        this.logVar = new double[n * d];
    }

    @Override
    public void value(INDArray xAdv, double[] out) {
        read(model.encode(xAdv));
        evaluate(out, false);
    }

    @Override
    public INDArray valueAndGradient(INDArray xAdv, double[] out) {
        Posterior p = model.encode(xAdv);
        read(p);
        evaluate(out, true);
        if (gMuArray == null || gMuArray.dataType() != p.mu().dataType()
                || gLogVarArray.dataType() != p.logVar().dataType()) {
            gMuArray = HostIo.plain(p.mu().dataType(), n, d);
            gLogVarArray = HostIo.plain(p.logVar().dataType(), n, d);
        }
        io.write(gMu, gMuArray);
        io.write(gLogVar, gLogVarArray);
        return model.inputGradient(xAdv, gMuArray, gLogVarArray);
    }

    private void read(Posterior p) {
        if (p.batchSize() != n || p.latentDim() != d) {
            throw new IllegalStateException("the encoder returned a posterior of shape [" + p.batchSize() + ", "
                    + p.latentDim() + "] for a batch of " + n + " with latentDim() " + d);
        }
        io.read(p.mu(), mu);
        io.read(p.logVar(), logVar);
    }

    private void evaluate(double[] out, boolean grad) {
        if (kind == Kind.SYMMETRIC_KL) {
            GaussianDivergence.symmetricKl(mu, logVar, muRef, logVarRef, d, out,
                    grad ? gMu : null, grad ? gLogVar : null);
            return;
        }
        GaussianDivergence.kl(mu, logVar, muRef, logVarRef, d, out, grad ? gMu : null, grad ? gLogVar : null);
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
        if (grad) {
            for (int j = 0; j < gMu.length; j++) {
                gMu[j] = -gMu[j];
                gLogVar[j] = -gLogVar[j];
            }
        }
    }
}

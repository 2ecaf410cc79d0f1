package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.raven.api.model.DifferentiableEncoder;
import org.raven.api.model.Posterior;

/** A {@link LatentLoss} as an objective on inputs: encode, evaluate in double precision, one VJP. */
final class LatentObjective implements Objective {

    private final DifferentiableEncoder model;
    private final LatentLoss loss;
    private final int n;
    private final int d;
    private final Latents current;
    private final double[] gMu;
    private final double[] gLogVar;
    private final HostIo io = new HostIo();
    private INDArray gMuArray;
    private INDArray gLogVarArray;

    LatentObjective(DifferentiableEncoder model, int n, LatentLoss loss) {
        this.model = model;
        this.loss = loss;
        this.n = n;
        this.d = model.latentDim();
        this.current = new Latents(new double[n * d], new double[n * d], n, d);
        this.gMu = new double[n * d];
        this.gLogVar = new double[n * d];
    }

    @Override
    public void value(INDArray xAdv, double[] out) {
        read(model.encode(xAdv));
        loss.evaluate(current, out, null, null);
    }

    @Override
    public INDArray valueAndGradient(INDArray xAdv, double[] out) {
        Posterior p = model.encode(xAdv);
        read(p);
        loss.evaluate(current, out, gMu, gLogVar);
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
        io.read(p.mu(), current.mu());
        io.read(p.logVar(), current.logVar());
    }
}

package org.raven.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.model.AutoEncoder;
import org.raven.api.model.Posterior;

/**
 * ||dec(mu(x+e)) - dec(mu(x))||^2 per example. Its gradient goes through the decoder's
 * {@code latentGradient} into mu only (the decoder sees mu, not a sample), so the encoder VJP gets a
 * zero logVar gradient.
 */
final class OutputObjective implements Objective {

    private final AutoEncoder model;
    private final INDArray cleanReconstruction;
    private INDArray diff;
    private INDArray zeroLogVarGrad;

    OutputObjective(AutoEncoder model, INDArray x) {
        this.model = model;
        this.cleanReconstruction = model.decoder().decode(model.encode(x).mu()).dup('c');
    }

    @Override
    public void value(INDArray xAdv, double[] out) {
        difference(model.encode(xAdv), out);
    }

    @Override
    public INDArray valueAndGradient(INDArray xAdv, double[] out) {
        Posterior p = model.encode(xAdv);
        difference(p, out);
        diff.muli(2.0); // d/dr ||r - r0||^2 = 2 (r - r0)
        INDArray gMu = model.decoder().latentGradient(p.mu(), diff);
        if (zeroLogVarGrad == null || zeroLogVarGrad.dataType() != p.logVar().dataType()) {
            zeroLogVarGrad = Nd4j.zeros(p.logVar().dataType(), p.logVar().shape());
        }
        return model.inputGradient(xAdv, gMu, zeroLogVarGrad);
    }

    private void difference(Posterior p, double[] out) {
        INDArray r = model.decoder().decode(p.mu());
        if (diff == null || diff.dataType() != r.dataType()) {
            diff = Nd4j.createUninitialized(r.dataType(), r.shape());
        }
        diff.assign(r);
        diff.subi(cleanReconstruction.dataType() == r.dataType() ? cleanReconstruction
                : cleanReconstruction.castTo(r.dataType()));
        double[] norms = diff.norm2(1).toDoubleVector();
        for (int i = 0; i < out.length; i++) {
            out[i] = norms[i] * norms[i];
        }
    }
}

package org.raven.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.raven.api.arch.Network;
import org.raven.api.defence.ObjectiveTerm;
import org.raven.api.prior.Prior;

/**
 * Builds a {@link Vae}'s three SameDiff graphs, each once, sharing one set of weight arrays by reference:
 * the training graph (which also evaluates and encodes), an encoder graph for input gradients, and a
 * decoder graph for latent gradients.
 *
 * <p>Names in the training graph: placeholders {@code x}, {@code xNoisy}, {@code eps}, {@code epsNoisy};
 * outputs of the clean branch {@code mu}, {@code logVar}, {@code recon}, {@code kl}, {@code reconstruction};
 * of the pair branch (x and x' as one batch) {@code pairRecon}, {@code reconNoisy}, {@code pairKl}; and
 * {@code loss}. The encoder graph takes {@code x}, {@code gMu}, {@code gLogVar}; the decoder graph {@code z},
 * {@code gOut} and outputs {@code mean}.
 */
final class VaeGraphs {

    private static final String ONE = "vjp.one";
    /** Scalar placeholder fed with the training set's size when the defence adds an objective term. */
    static final String DATASET_SIZE = "datasetSize";

    final SameDiff train;
    final SameDiff encoder;
    final SameDiff decoder;
    /** The trainable arrays by name, in graph order; every graph uses these very arrays. */
    final Map<String, INDArray> weights;

    private final VaeConfig config;
    private final DataType dataType;
    private final int inputSize;
    private final int latentDim;

    VaeGraphs(VaeConfig config, long seed, DataType dataType) {
        this.config = config;
        this.dataType = dataType;
        this.inputSize = config.shape().size();
        this.latentDim = config.architecture().latentDim();
        this.train = newGraph();
        this.weights = buildTrainingGraph(seed);
        this.encoder = buildEncoderGraph(seed);
        this.decoder = buildDecoderGraph(seed);
    }

    private Map<String, INDArray> buildTrainingGraph(long seed) {
        SameDiff sd = train;
        SDVariable x = sd.placeHolder("x", dataType, -1, inputSize);
        SDVariable xNoisy = sd.placeHolder("xNoisy", dataType, -1, inputSize);
        SDVariable eps = sd.placeHolder("eps", dataType, -1, latentDim);
        SDVariable epsNoisy = sd.placeHolder("epsNoisy", dataType, -1, latentDim);
        Network net = config.architecture().build(sd, config.shape(), seed);
        Likelihood likelihood = Likelihood.create(config.likelihood(), sd, DataType.FLOAT);
        convert(sd);
        Prior prior = config.prior();

        Network.Encoded q = net.encode(x);
        SDVariable mu = q.mu().rename("mu");
        SDVariable logVar = q.logVar().rename("logVar");
        SDVariable z = mu.add(sd.math().exp(logVar.mul(0.5)).mul(eps));
        SDVariable recon = likelihood.logLikelihood(sd, x, net.decode(z), inputSize).rename("recon");
        SDVariable kl = prior.kl(sd, mu, logVar).rename("kl");

        // The pair: x and x' go through the network as one batch of 2b rows (half the ops of two
        // passes, and larger matrix products), then split back into halves.
        SDVariable both = sd.concat(0, x, xNoisy);
        Network.Encoded qb = net.encode(both);
        SDVariable zBoth = qb.mu().add(sd.math().exp(qb.logVar().mul(0.5)).mul(sd.concat(0, eps, epsNoisy)));
        SDVariable reconBoth = likelihood.logLikelihood(sd, both, net.decode(zBoth), inputSize).reshape(2, -1);
        SDVariable pairRecon = sd.slice(reconBoth, new int[] {0, 0}, 1, -1).reshape(-1).rename("pairRecon");
        SDVariable reconNoisy = sd.slice(reconBoth, new int[] {1, 0}, 1, -1).reshape(-1).rename("reconNoisy");
        SDVariable muBoth = qb.mu().reshape(2, -1, latentDim);
        SDVariable logVarBoth = qb.logVar().reshape(2, -1, latentDim);
        SDVariable pairKl = prior.pairKl(sd, half(sd, muBoth, 0), half(sd, logVarBoth, 0), half(sd, muBoth, 1),
                half(sd, logVarBoth, 1))
                .rename("pairKl");

        sd.nn().sigmoid("reconstruction", net.decode(mu));

        double beta = config.beta();
        SDVariable objective = config.mode().pairs()
                ? pairRecon.add(reconNoisy).sub(pairKl.mul(beta))
                : recon.sub(kl.mul(beta));
        SDVariable loss = objective.mean().neg();
        if (config.defence() instanceof ObjectiveTerm term) {
            // On the clean inputs' posterior; in the paired modes the clean half of the pair batch (no second pass).
            SDVariable n = sd.placeHolder(DATASET_SIZE, dataType);
            SDVariable extra = config.mode().pairs()
                    ? term.term(sd, half(sd, muBoth, 0), half(sd, logVarBoth, 0),
                            half(sd, zBoth.reshape(2, -1, latentDim), 0), n)
                    : term.term(sd, mu, logVar, z, n);
            loss = loss.add(extra.rename("defenceTerm"));
        }
        loss = loss.rename("loss");
        sd.setLossVariables(loss);

        Map<String, INDArray> w = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                w.put(v.name(), v.getArr());
            }
        }
        return Collections.unmodifiableMap(w);
    }

    /** Row block {@code which} of a {@code [2, b, d]} stack, as {@code [b, d]}. */
    private SDVariable half(SameDiff sd, SDVariable stacked, int which) {
        return sd.slice(stacked, new int[] {which, 0, 0}, 1, -1, -1).reshape(-1, latentDim);
    }

    private SameDiff buildEncoderGraph(long seed) {
        SameDiff sd = newGraph();
        SDVariable x = sd.placeHolder("x", dataType, -1, inputSize);
        SDVariable gMu = sd.placeHolder("gMu", dataType, -1, latentDim);
        SDVariable gLogVar = sd.placeHolder("gLogVar", dataType, -1, latentDim);
        Network net = config.architecture().build(sd, config.shape(), seed);
        share(sd);
        Network.Encoded q = net.encode(differentiable(sd, x));
        // d/dx of sum(mu * gMu + logVar * gLogVar) is exactly the vector-Jacobian product.
        SDVariable loss = q.mu().mul(gMu).sum().add(q.logVar().mul(gLogVar).sum()).rename("vjp");
        sd.setLossVariables(loss);
        return sd;
    }

    private SameDiff buildDecoderGraph(long seed) {
        SameDiff sd = newGraph();
        SDVariable z = sd.placeHolder("z", dataType, -1, latentDim);
        SDVariable gOut = sd.placeHolder("gOut", dataType, -1, inputSize);
        Network net = config.architecture().build(sd, config.shape(), seed);
        share(sd);
        SDVariable mean = sd.nn().sigmoid("mean", net.decode(differentiable(sd, z)));
        SDVariable loss = mean.mul(gOut).sum().rename("vjp");
        sd.setLossVariables(loss);
        return sd;
    }

    /**
     * A graph whose arrays live in a plain map: the default thread-safe holder keeps a copy per
     * thread, which would break sharing weights between graphs and updating them in place.
     */
    private static SameDiff newGraph() {
        SameDiff sd = SameDiff.create();
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
        return sd;
    }

    /**
     * {@code input * 1} with the 1 a (never trained) variable. SameDiff M2.1 only back-propagates to
     * a placeholder through ops that also touch a variable, so without this a network that starts
     * with a reshape (the conv encoder) gets no input gradient at all.
     */
    private SDVariable differentiable(SameDiff sd, SDVariable input) {
        return input.mul(sd.var(ONE, Nd4j.scalar(dataType, 1.0)));
    }

    /** Converts the architecture's float variables to this model's data type, before any op is built. */
    private void convert(SameDiff sd) {
        if (dataType == DataType.FLOAT) {
            return;
        }
        Map<String, DataType> types = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if ((v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT)
                    && v.dataType().isFPType() && v.dataType() != dataType) {
                types.put(v.name(), dataType);
            }
        }
        if (!types.isEmpty()) {
            sd.convertDataTypes(types);
        }
    }

    /** Points a helper graph's variables at the training graph's arrays, so updates are seen everywhere. */
    private void share(SameDiff sd) {
        convert(sd);
        for (SDVariable v : new ArrayList<>(sd.variables())) {
            if (v.getVariableType() != VariableType.VARIABLE || v.name().equals(ONE)) {
                continue;
            }
            INDArray shared = weights.get(v.name());
            if (shared == null) {
                throw new IllegalStateException("architecture " + config.architecture() + " made variable '" + v.name()
                        + "' in a second graph that the first graph does not have; weight names must not depend on build order");
            }
            sd.associateArrayWithVariable(shared, v.name());
            if (sd.getArrForVarName(v.name()) != shared) {
                throw new IllegalStateException("SameDiff copied the array of '" + v.name() + "' instead of sharing it");
            }
        }
    }
}

package org.raven.eval.run;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.raven.api.RandomStreams;

/**
 * The paper's latent classifier: an MLP on z (one hidden ReLU layer, softmax output, Adam), trained on
 * clean encodings mu(x) of a frozen VAE. Accuracy on mu of attacked inputs measures robustness.
 */
public final class LatentClassifier {

    private final MultiLayerNetwork net;

    private LatentClassifier(MultiLayerNetwork net) {
        this.net = net;
    }

    /**
     * Trains a classifier.
     *
     * @param z         {@code [n, latentDim]} encodings
     * @param labels    class of each row, in {@code [0, classes)}
     * @param seed      weight initialisation and shuffling
     */
    public static LatentClassifier train(INDArray z, int[] labels, int classes, int hidden, int epochs,
            double learningRate, int batchSize, long seed) {
        int n = labels.length;
        int dim = (int) z.size(1);
        if (z.size(0) != n) {
            throw new IllegalArgumentException(z.size(0) + " encodings for " + n + " labels");
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .list()
                .layer(new DenseLayer.Builder().nIn(dim).nOut(hidden).activation(Activation.RELU)
                        .weightInit(WeightInit.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray features = z.castTo(DataType.FLOAT);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            RandomStreams.shuffle(order, random); // with the classifier's own stream
            for (int start = 0; start < n; start += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                net.fit(Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(oneHot, 1, rows));
            }
        }
        return new LatentClassifier(net);
    }

    /** Predicted class of each row of {@code z}. */
    public int[] predict(INDArray z) {
        INDArray classes = net.output(z.castTo(DataType.FLOAT), false).argMax(1);
        int[] out = new int[(int) z.size(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes.getInt(i);
        }
        return out;
    }

    /** Fraction of rows of {@code z} classified as {@code labels}. */
    public double accuracy(INDArray z, int[] labels) {
        int[] predicted = predict(z);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }
}

package org.raven.core.arch;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.raven.api.arch.Architecture;
import org.raven.api.arch.Network;
import org.raven.api.data.InputShape;

/**
 * Convolutional encoder/decoder in the style of Kuzina et al. (2022): {@code layers} convolutions of
 * kernel 4, stride 2, padding 1 with {@code channels, 2 channels, 4 channels, ...} and ReLU, then two
 * dense heads for mu and logVar; the decoder maps z densely to the last feature map and mirrors the
 * encoder with transposed convolutions (kernel 4, stride 2), each cropped to the exact size the
 * matching encoder layer saw, so any input of at least 2x2 per layer works (1x28x28: 28, 14, 7, 3).
 *
 * <p>Weight names (NCHW; conv weights {@code [4, 4, in, out]}, deconv weights {@code [4, 4, out, in]}):
 * {@code enc.conv{l}.w/b} for l in [0, layers), {@code enc.mu.w/b}, {@code enc.logvar.w/b} ({@code [features, latent]}),
 * {@code dec.fc.w/b} ({@code [latent, features]}), {@code dec.deconv{l}.w/b} where {@code dec.deconv{l}}
 * inverts {@code enc.conv{l}} (so {@code dec.deconv0} produces the image logits).
 *
 * <p>Initialisation ({@link Init.Scheme}): {@code he}, He normal for layers followed by ReLU, Xavier normal for
 * the heads and the logits layer, zero biases; or {@code torch}, PyTorch's defaults: weights and biases
 * U(+-1/sqrt(fanIn)) with fanIn = in channels x 16 for a convolution and the input width for a dense layer, and
 * for a transposed convolution the fan-in PyTorch computes for {@code nn.ConvTranspose2d}, whose weight is
 * {@code [in, out, k, k]}: out channels x 16.
 */
public final class ConvArchitecture implements Architecture {

    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    private final int channels;
    private final int layers;
    private final int latentDim;
    private final Init.Scheme init;

    public ConvArchitecture(int channels, int layers, int latentDim, Init.Scheme init) {
        this.channels = channels;
        this.layers = layers;
        this.latentDim = latentDim;
        this.init = java.util.Objects.requireNonNull(init, "init");
    }

    /** He initialisation (the default). */
    public ConvArchitecture(int channels, int layers, int latentDim) {
        this(channels, layers, latentDim, Init.Scheme.HE);
    }

    public ConvArchitecture(ConvSpec spec) {
        this(spec.channels(), spec.layers(), spec.latentDim(), spec.scheme());
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    /**
     * Spatial sizes {@code [layers + 1][2]} (height, width) seen by each encoder layer, the last entry
     * being the final feature map.
     *
     * @throws IllegalArgumentException naming the shape when a layer would get less than 2x2
     */
    public int[][] spatialSizes(InputShape shape) {
        int[][] sizes = new int[layers + 1][];
        sizes[0] = new int[] {shape.height(), shape.width()};
        for (int l = 0; l < layers; l++) {
            int h = sizes[l][0];
            int w = sizes[l][1];
            if (h + 2 * PADDING < KERNEL || w + 2 * PADDING < KERNEL) {
                throw new IllegalArgumentException("conv architecture cannot encode input " + shape + ": layer " + (l + 1)
                        + " of " + layers + " (kernel " + KERNEL + ", stride " + STRIDE + ", padding " + PADDING
                        + ") gets " + h + "x" + w + " but needs at least 2x2; use fewer layers or a larger input");
            }
            sizes[l + 1] = new int[] {(h + 2 * PADDING - KERNEL) / STRIDE + 1, (w + 2 * PADDING - KERNEL) / STRIDE + 1};
        }
        return sizes;
    }

    @Override
    public Network build(SameDiff sd, InputShape shape, long seed) {
        int[][] sizes = spatialSizes(shape);
        int[] ch = new int[layers + 1];
        ch[0] = shape.channels();
        for (int l = 0; l < layers; l++) {
            ch[l + 1] = channels << l;
        }
        int[] last = sizes[layers];
        long features = (long) ch[layers] * last[0] * last[1];
        long k2 = (long) KERNEL * KERNEL;
        List<SDVariable[]> conv = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String n = "enc.conv" + l;
            conv.add(vars(sd, n, Init.layer(init, seed, n + ".w", n + ".b", ch[l] * k2, ch[l + 1] * k2, true,
                    new long[] {KERNEL, KERNEL, ch[l], ch[l + 1]}, ch[l + 1])));
        }
        SDVariable[] mu = vars(sd, "enc.mu", Init.layer(init, seed, "enc.mu.w", "enc.mu.b", features, latentDim, false,
                new long[] {features, latentDim}, latentDim));
        SDVariable[] lv = vars(sd, "enc.logvar", Init.layer(init, seed, "enc.logvar.w", "enc.logvar.b", features, latentDim,
                false, new long[] {features, latentDim}, latentDim));
        SDVariable[] fc = vars(sd, "dec.fc", Init.layer(init, seed, "dec.fc.w", "dec.fc.b", latentDim, features, true,
                new long[] {latentDim, features}, features));
        SDVariable muW = mu[0];
        SDVariable muB = mu[1];
        SDVariable lvW = lv[0];
        SDVariable lvB = lv[1];
        SDVariable fcW = fc[0];
        SDVariable fcB = fc[1];
        SDVariable[] deconv = new SDVariable[layers * 2];
        for (int l = 0; l < layers; l++) {
            String n = "dec.deconv" + l;
            // He/Xavier use the true fan-in (ch[l + 1] x 16); torch the one nn.ConvTranspose2d computes (ch[l] x 16).
            long fanIn = init == Init.Scheme.TORCH ? ch[l] * k2 : ch[l + 1] * k2;
            // The output layer gives logits (no ReLU after it): Xavier there, He elsewhere.
            SDVariable[] wb = vars(sd, n, Init.layer(init, seed, n + ".w", n + ".b", fanIn, ch[l] * k2, l > 0,
                    new long[] {KERNEL, KERNEL, ch[l], ch[l + 1]}, ch[l]));
            deconv[2 * l] = wb[0];
            deconv[2 * l + 1] = wb[1];
        }
        Conv2DConfig convConfig = Conv2DConfig.builder().kH(KERNEL).kW(KERNEL).sH(STRIDE).sW(STRIDE).pH(PADDING).pW(PADDING)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        DeConv2DConfig deconvConfig = DeConv2DConfig.builder().kH(KERNEL).kW(KERNEL).sH(STRIDE).sW(STRIDE).pH(0).pW(0)
                .isSameMode(false).dataFormat("NCHW").build();
        int inputSize = shape.size();
        return new Network() {
            @Override
            public Encoded encode(SDVariable x) {
                SDVariable h = x.reshape(-1, shape.channels(), shape.height(), shape.width());
                for (int l = 0; l < layers; l++) {
                    SDVariable[] layer = conv.get(l);
                    h = relu(sd, channelBias(sd, sd.cnn().conv2d(h, layer[0], convConfig), layer[1], ch[l + 1],
                            sizes[l + 1]));
                }
                h = h.reshape(-1, features);
                return new Encoded(h.mmul(muW).add(muB), h.mmul(lvW).add(lvB));
            }

            @Override
            public SDVariable decode(SDVariable z) {
                SDVariable h = relu(sd, z.mmul(fcW).add(fcB)).reshape(-1, ch[layers], last[0], last[1]);
                for (int l = layers - 1; l >= 0; l--) {
                    // Unpadded transposed conv gives 2n + 2; cropping one row/column at the start
                    // restores exactly the size the matching encoder layer saw (2n or 2n + 1).
                    // The bias is added after the crop: deconv2d's own bias gradient is wrong in M2.1.
                    h = sd.cnn().deconv2d(h, deconv[2 * l], null, deconvConfig);
                    h = channelBias(sd, sd.slice(h, new int[] {0, 0, 1, 1}, -1, ch[l], sizes[l][0], sizes[l][1]),
                            deconv[2 * l + 1], ch[l], sizes[l]);
                    if (l > 0) {
                        h = relu(sd, h);
                    }
                }
                return h.reshape(-1, inputSize);
            }
        };
    }

    private static SDVariable[] vars(SameDiff sd, String name, INDArray[] weightAndBias) {
        return new SDVariable[] {sd.var(name + ".w", weightAndBias[0]), sd.var(name + ".b", weightAndBias[1])};
    }

    /**
     * max(x, 0) as (x + |x|) / 2: SameDiff M2.1's relu gradient came out wrong inside these conv
     * graphs (checked against finite differences), while abs is exact.
     */
    private static SDVariable relu(SameDiff sd, SDVariable x) {
        return x.add(sd.math().abs(x)).mul(0.5);
    }

    /**
     * Adds a per-channel bias to an NCHW activation through a flat [batch, C*H*W] add: in M2.1 the
     * gradient of a broadcast add onto [1, C, 1, 1] was wrong inside these graphs (off by a constant),
     * while the 2-D row-vector add is exact (checked against finite differences in the tests).
     */
    private static SDVariable channelBias(SameDiff sd, SDVariable h, SDVariable bias, int channels, int[] hw) {
        int area = hw[0] * hw[1];
        SDVariable ones = sd.constant(Nd4j.ones(bias.dataType(), 1, area));
        SDVariable expanded = bias.reshape(channels, 1).mmul(ones).reshape(1, (long) channels * area);
        return h.reshape(-1, (long) channels * area).add(expanded).reshape(-1, channels, hw[0], hw[1]);
    }

    @Override
    public String toString() {
        return "conv(channels=" + channels + ", layers=" + layers + ", latentDim=" + latentDim + ", init=" + init.id() + ")";
    }
}

/**
 * The hand-fused fast path for the {@code mlp} architecture: a whole training step, and an
 * encoder with its input gradient for attacks, written as BLAS calls into buffers allocated once.
 *
 * <pre>{@code
 * MlpLayout layout = new MlpLayout(784, List.of(512, 512), 16);
 * FusedMlpVae vae = FusedMlpVae.initialised(new FusedMlpVae.Config(layout, LikelihoodSpec.bernoulli(),
 *         new AdditivePrior(0.5), 1.0, AdamSettings.of(1e-3), DataType.FLOAT), seed);
 * double loss = vae.trainStep(x, eps, xNoisy, epsNoisy);   // raven / noisy-vae; vae.trainStep(x, eps) for vae
 * DifferentiableEncoder encoder = vae.encoder();            // live weights, for attacks
 * }</pre>
 *
 * <h2>Why</h2>
 * On small CPU machines the SameDiff step runs far below what the matrix products allow
 * (raven-bench/README.md has the figures): every op that allocates its result lands on fresh memory (0.2-2 ms for a
 * 64k-256k float array, more than the gemm that fills it), and the generic executor adds per-op
 * overhead. {@link org.raven.core.fast.FusedMlpVae} computes forward, loss, backward and Adam by
 * hand: each matrix product is an {@code Nd4j.gemm} into a preallocated array, biases enter as a
 * rank-1 gemm followed by the layer gemm with beta = 1, ReLU and its derivative are ND4J in-place
 * ops created once per buffer, the likelihood (value, gradient and output-bias gradient in one
 * pass, with float polynomial exp/log) and Adam (textbook Algorithm 1) are plain Java loops over
 * the arrays' direct buffers. No INDArray is allocated per step; what remains is ND4J's own
 * bookkeeping per gemm call (about 150 kB of short-lived Java objects and 1.4 kB of off-heap
 * shape data per step, as raven-bench's {@code FastBench} measures).
 *
 * <h2>What it computes</h2>
 * The same model and objective as the SameDiff {@code Vae} with an architecture declaring raven-api's
 * {@code DenseReluMlp} (such as {@code MlpArchitecture}):
 * parameter names and layouts are identical ({@code enc.w0}, {@code enc.b0}, ...,
 * {@code enc.mu.w}, {@code enc.logvar.w}, {@code dec.w0}, ...), so {@code parameters()} and
 * {@code setParameters(...)} copy weights both ways, and {@code initialised(config, seed)} gives
 * exactly the SameDiff model's initial weights. Tests check loss and every gradient against the
 * SameDiff model (float 1e-5, double 1e-10 relative), against a naive double-precision reference
 * and against central finite differences. Supported: Bernoulli and fixed-variance Gaussian
 * likelihoods, beta, and every prior declaring raven-api's {@code ClosedFormPrior} (standard-normal,
 * paired-gaussian, additive, or a plugin's) through its closed-form KLs and gradients: the pair KL in the
 * pair step, the prior's marginal KL in the clean step. A non-finite loss or gradient throws
 * {@code NonFiniteException} before anything changes. The clean step is {@code vae}; the pair step
 * runs x and x' as one 2B-row batch through the shared weights ({@code noisy-vae} with the
 * standard-normal prior, {@code raven} with a paired prior). The caller passes eps and x', so all
 * randomness stays in its seeded streams. Adam's moments and step count export and import with
 * {@code adamState()} / {@code setAdamState(...)} for checkpoints.
 *
 * <h2>Threads</h2>
 * Use either {@code OMP_NUM_THREADS=1}, or {@code OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE}
 * together with {@code vae.setThreads(2)} (a helper thread for Adam and the likelihood pass, while
 * the OpenMP threads sleep). Spinning OpenMP threads (the default policy) fight the JVM on 2 cores.
 * {@code FusedMlpVae} is not thread-safe; {@code close()} stops its helper thread.
 *
 * <h2>Attacks</h2>
 * {@link org.raven.core.fast.FastMlpEncoder} implements {@code DifferentiableEncoder}: {@code encode}
 * and the VJP {@code inputGradient(x, gMu, gLogVar)}, reusing the activations of the last
 * {@code encode} when x and the weights are unchanged (an attack step is one forward and one
 * backward pass). The returned input gradient is the encoder's own buffer, overwritten by the next
 * call with the same batch size.
 *
 * <h2>Benchmark</h2>
 * The raven-bench module ({@code ./raven bench}) measures this path against the plain-gemm roofline and the
 * SameDiff step; its README holds the measured figures. Its per-phase CPU-time profile
 * is a {@link org.raven.core.fast.StepProfile} installed through the {@link org.raven.core.fast.StepTimer} seam.
 */
package org.raven.core.fast;

package org.raven.core.fast;

/**
 * Where {@link FusedMlpVae} reports the phases of a step, for benchmarks. The model calls it at phase
 * boundaries; the default {@link #OFF} does nothing, and since it is the only implementation a normal
 * run ever loads, the JIT inlines its empty methods away. {@link StepProfile} sums CPU time per phase.
 */
public interface StepTimer {

    /** The parts of a step, as the CPU-time breakdown reports them. */
    enum Phase { COPY_IN, GEMM, BIAS_RELU, RELU_BACKWARD, LIKELIHOOD, LATENT_KL, ADAM }

    /** Times nothing. */
    StepTimer OFF = new StepTimer() {
        @Override
        public void start() {
        }

        @Override
        public void lap(Phase phase) {
        }

        @Override
        public void endStep() {
        }
    };

    /** A step begins (after its inputs were checked). */
    void start();

    /** The time since the previous call belongs to {@code phase}. */
    void lap(Phase phase);

    /** A step (with its Adam update) is complete. */
    void endStep();
}

package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    /** "cpu" by default; the build's -Pcuda profile sets "cuda" (surefire system property). */
    private static final String EXPECTED = System.getProperty("raven.test.backend", "cpu");

    @Test
    void namesTheBackendInUseAndOnCudaItsGpus() {
        RavenCliTest.Outcome o = RavenCliTest.raven("doctor");
        assertThat(o.status()).as(o.err()).isZero();
        if (EXPECTED.equals("cuda")) {
            assertThat(o.out()).containsPattern("nd4j backend: org\\.nd4j\\.linalg\\.jcublas\\.JCublasBackend.* \\(CUDA\\)")
                    .containsPattern("gpus: \\d+ visible")
                    .containsPattern("gpu 0: .+, \\d+\\.\\d GiB \\(\\d+\\.\\d free\\), compute capability \\d+\\.\\d+")
                    .contains(", in use")
                    .doesNotContain("cuda.devicesInformation");
        } else {
            assertThat(o.out()).containsPattern("nd4j backend: org\\.nd4j\\.linalg\\.cpu\\.nativecpu\\.CpuBackend.* \\(CPU, no GPU\\)")
                    .doesNotContain("gpus:");
        }
    }
}

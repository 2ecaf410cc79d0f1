package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BackendInfoTest {

    /** "cpu" by default; the build's -Pcuda profile sets "cuda" (surefire system property), so this tests that backend. */
    private static final String EXPECTED = System.getProperty("raven.test.backend", "cpu");

    @Test
    void describesTheBackendTheBuildSelected() {
        BackendInfo info = BackendInfo.current();
        assertThat(info.ompThreads()).isEqualTo("1"); // surefire sets OMP_NUM_THREADS=1
        assertThat(info.environment()).containsKey("blas.vendor").doesNotContainKey(BackendInfo.DEVICES_KEY);
        if (EXPECTED.equals("cuda")) {
            assertThat(info.backend()).isEqualTo("JCublasBackend");
            assertThat(info.cuda()).isTrue();
            assertThat(info.gpus()).as("GPUs the CUDA backend sees").isNotEmpty();
            assertThat(info.gpus()).filteredOn(BackendInfo.Gpu::inUse).hasSize(1);
            for (BackendInfo.Gpu gpu : info.gpus()) {
                assertThat(gpu.name()).isNotBlank().isNotEqualTo("null");
                assertThat(gpu.totalMemoryBytes()).isPositive();
                assertThat(gpu.computeCapability()).matches("\\d+\\.\\d+");
            }
        } else {
            assertThat(EXPECTED).isEqualTo("cpu");
            assertThat(info.backend()).isEqualTo("CpuBackend");
            assertThat(info.cuda()).isFalse();
            assertThat(info.gpus()).isEmpty();
        }
    }

    @Test
    void readsTheDeviceListOfTheCudaBackendsReport() {
        // The shape of CudaExecutioner.getEnvironmentInformation() in ND4J 1.0.0-M2.1 (values made up).
        Properties p = new Properties();
        p.put("backend", "CUDA");
        p.put("blas.vendor", "CUBLAS");
        p.put("cuda.availableDevices", 2);
        p.put(BackendInfo.DEVICES_KEY, List.of(
                Map.of("cuda.deviceName", "NVIDIA H200", "cuda.totalMemory", 150_000_000_000L, "cuda.freeMemory", 149_000_000_000L,
                        "cuda.deviceMajor", 9L, "cuda.deviceMinor", 0L),
                Map.of("cuda.deviceName", "NVIDIA A100-SXM4-40GB", "cuda.totalMemory", 42_949_672_960L,
                        "cuda.freeMemory", 40_000_000_000L, "cuda.deviceMajor", 8L, "cuda.deviceMinor", 0L)));
        BackendInfo info = BackendInfo.of("JCublasBackend", "FLOAT", "1", p, 1);

        assertThat(info.cuda()).isTrue();
        assertThat(info.gpus()).containsExactly(
                new BackendInfo.Gpu(0, "NVIDIA H200", 150_000_000_000L, 149_000_000_000L, "9.0", false),
                new BackendInfo.Gpu(1, "NVIDIA A100-SXM4-40GB", 42_949_672_960L, 40_000_000_000L, "8.0", true));
        assertThat(info.gpus().get(0).computeMajor()).isEqualTo(9);
        assertThat(info.gpus().get(1).describe())
                .isEqualTo("gpu 1: NVIDIA A100-SXM4-40GB, 40.0 GiB (37.3 free), compute capability 8.0, in use");
        assertThat(info.environment()).containsEntry("cuda.availableDevices", "2").doesNotContainKey(BackendInfo.DEVICES_KEY);
    }

    @Test
    void theCpuBackendsReportHasNoGpus() {
        Properties p = new Properties();
        p.put("backend", "CPU");
        p.put("blas.vendor", "OPENBLAS");
        p.put("cores", 2);
        BackendInfo info = BackendInfo.of("CpuBackend", "FLOAT", "1", p, 0);
        assertThat(info.cuda()).isFalse();
        assertThat(info.gpus()).isEmpty();
        assertThat(info.environment()).containsOnlyKeys("backend", "blas.vendor", "cores");
    }
}

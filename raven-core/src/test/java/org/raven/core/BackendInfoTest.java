package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackendInfoTest {
    @Test
    void describesTheCpuBackendUnderTests() {
        BackendInfo info = BackendInfo.current();
        assertThat(info.backend()).isEqualTo("CpuBackend");
        assertThat(info.ompThreads()).isEqualTo("1"); // surefire sets OMP_NUM_THREADS=1
        assertThat(info.environment()).isNotEmpty();
    }
}

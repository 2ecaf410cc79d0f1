package org.raven.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this process runs on, for logs, provenance and {@code raven doctor}.
 *
 * @param backend     backend class, for example {@code CpuBackend} or {@code JCublasBackend}
 * @param dataType    ND4J's default floating-point type
 * @param ompThreads  {@code OMP_NUM_THREADS}, or {@code (unset)}
 * @param environment ND4J's own environment report (BLAS vendor, cores, memory, devices)
 */
public record BackendInfo(String backend, String dataType, String ompThreads, Map<String, String> environment) {

    /** Describes the backend ND4J loaded (loading it if needed). */
    public static BackendInfo current() {
        Map<String, String> env = new LinkedHashMap<>();
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        p.stringPropertyNames().stream().sorted().forEach(k -> env.put(k, String.valueOf(p.get(k))));
        return new BackendInfo(Nd4j.getBackend().getClass().getSimpleName(), Nd4j.defaultFloatingPointType().toString(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"), Map.copyOf(env));
    }
}

package org.raven.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend this process runs on, and on a CUDA backend which GPUs, for logs, provenance and
 * {@code raven doctor}.
 *
 * @param backend     backend class, for example {@code CpuBackend} or {@code JCublasBackend}
 * @param dataType    ND4J's default floating-point type
 * @param ompThreads  {@code OMP_NUM_THREADS}, or {@code (unset)}
 * @param gpus        the GPUs the CUDA backend sees (empty on the CPU backend), one marked as this thread's
 * @param environment ND4J's own environment report (BLAS vendor, cores, memory), flat: the per-GPU list is in
 *                    {@code gpus}
 */
public record BackendInfo(String backend, String dataType, String ompThreads, List<Gpu> gpus, Map<String, String> environment) {

    /** ND4J's environment key for the per-device list of the CUDA backend (one map per device). */
    static final String DEVICES_KEY = "cuda.devicesInformation";

    /**
     * One GPU as the CUDA backend reports it.
     *
     * @param index             CUDA device index (after {@code CUDA_VISIBLE_DEVICES})
     * @param name              device name, for example {@code NVIDIA H100 80GB HBM3}
     * @param totalMemoryBytes  device memory
     * @param freeMemoryBytes   free device memory when the backend first reported it
     * @param computeCapability {@code major.minor}, for example {@code 9.0}
     * @param inUse             whether ND4J runs the calling thread's work on it
     */
    public record Gpu(int index, String name, long totalMemoryBytes, long freeMemoryBytes, String computeCapability,
                      boolean inUse) {

        /** The compute capability's major version, or -1 when ND4J did not report it. */
        public int computeMajor() {
            int dot = computeCapability.indexOf('.');
            try {
                return Integer.parseInt(dot < 0 ? computeCapability : computeCapability.substring(0, dot));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** "gpu 0: NVIDIA H100 80GB HBM3, 79.1 GiB (78.6 free), compute capability 9.0, in use". */
        public String describe() {
            return String.format(Locale.ROOT, "gpu %d: %s, %.1f GiB (%.1f free), compute capability %s%s", index, name,
                    totalMemoryBytes / GIB, freeMemoryBytes / GIB, computeCapability, inUse ? ", in use" : "");
        }

        private static final double GIB = 1024.0 * 1024 * 1024;
    }

    public BackendInfo {
        gpus = List.copyOf(gpus);
        environment = Collections.unmodifiableMap(new TreeMap<>(environment)); // sorted, for reading
    }

    /** Whether this is ND4J's CUDA backend. */
    public boolean cuda() {
        return backend.startsWith("JCublas") || "CUDA".equals(environment.get("backend"));
    }

    /** Describes the backend ND4J loaded (loading it if needed). */
    public static BackendInfo current() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        return of(Nd4j.getBackend().getClass().getSimpleName(), Nd4j.defaultFloatingPointType().toString(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"), p,
                Nd4j.getAffinityManager().getDeviceForCurrentThread());
    }

    /**
     * From ND4J's environment report: on the CUDA backend, {@code cuda.devicesInformation} is a list with one map
     * per device ({@code cuda.deviceName}, {@code cuda.totalMemory}, {@code cuda.freeMemory}, {@code cuda.deviceMajor},
     * {@code cuda.deviceMinor}); the CPU backend has no such key.
     */
    static BackendInfo of(String backend, String dataType, String ompThreads, Properties p, Integer deviceInUse) {
        Map<String, String> env = new LinkedHashMap<>();
        p.keySet().stream().map(String::valueOf).filter(k -> !k.equals(DEVICES_KEY)).sorted()
                .forEach(k -> env.put(k, String.valueOf(p.get(k))));
        List<Gpu> gpus = new ArrayList<>();
        if (p.get(DEVICES_KEY) instanceof List<?> devices) {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i) instanceof Map<?, ?> d) {
                    gpus.add(new Gpu(i, String.valueOf(d.get("cuda.deviceName")), number(d.get("cuda.totalMemory")),
                            number(d.get("cuda.freeMemory")), d.get("cuda.deviceMajor") + "." + d.get("cuda.deviceMinor"),
                            deviceInUse != null && deviceInUse == i));
                }
            }
        }
        return new BackendInfo(backend, dataType, ompThreads, gpus, env);
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : -1;
    }
}

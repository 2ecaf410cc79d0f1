package org.raven.eval.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a result came from: versions, backend and BLAS settings, JVM, OS, git commit and run times.
 *
 * <p>Captured when a run starts, so that the commit is the one the run's code was built from even if the
 * checkout moves on while the run goes.
 *
 * @param gitCommit null when {@code git rev-parse HEAD} does not work in the working folder
 * @param gitDirty  whether tracked files differed from {@code gitCommit} at the start; null when unknown
 */
public record Provenance(String projectVersion, String dl4jVersion, String backend, String blasVendor,
                         String blasThreads, String ompNumThreads, String jvm, String os, int processors,
                         String gitCommit, Boolean gitDirty, String start, String end) {

    /** Captures the environment of this process; {@code end} is filled in later with {@link #withEnd}. */
    public static Provenance capture(String start) {
        Map<String, String> env = backendInfo();
        GitState git = GitState.current();
        return new Provenance(currentProjectVersion(), nd4jVersion(), env.getOrDefault("backend", "unknown"),
                env.getOrDefault("blas.vendor", "unknown"), env.getOrDefault("blas.threads", "unknown"),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), git.commit(), git.dirty(), start, null);
    }

    public Provenance withEnd(String end) {
        return new Provenance(projectVersion, dl4jVersion, backend, blasVendor, blasThreads, ompNumThreads, jvm, os,
                processors, gitCommit, gitDirty, start, end);
    }

    /** The ND4J backend class, BLAS vendor and threads, as ND4J reports them. */
    public static Map<String, String> backendInfo() {
        Map<String, String> info = new TreeMap<>();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        for (Map.Entry<Object, Object> e : env.entrySet()) {
            info.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        info.put("backend", Nd4j.getBackend().getClass().getName());
        Object vendor = env.get("blas.vendor");
        if (vendor != null) {
            info.put("blas.vendor", String.valueOf(vendor));
        }
        Object threads = env.get("omp.threads");
        if (threads != null) {
            info.put("blas.threads", String.valueOf(threads));
        }
        return info;
    }

    public static String currentProjectVersion() {
        return readProperty("/raven-version.properties", "version");
    }

    public static String nd4jVersion() {
        return readProperty("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version");
    }

    private static String readProperty(String resource, String key) {
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The checkout's commit and whether tracked files differ from it. */
    record GitState(String commit, Boolean dirty) {

        /**
         * The state of the working folder, else of the checkout the launcher ran from ({@code -Draven.home});
         * nulls when git is missing or neither is a repository.
         */
        static GitState current() {
            GitState here = in(null);
            String home = System.getProperty("raven.home");
            return here.commit() != null || home == null ? here : in(java.nio.file.Path.of(home).toFile());
        }

        static GitState in(java.io.File dir) {
            String head = git(dir, "rev-parse", "HEAD");
            if (head == null || !head.trim().matches("[0-9a-f]{40}")) {
                return new GitState(null, null);
            }
            String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
            return new GitState(head.trim(), changes == null ? null : !changes.isBlank());
        }

        /** The output of {@code git args...} in {@code dir}, or null when it fails. */
        private static String git(java.io.File dir, String... args) {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            try {
                Process git = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
                byte[] out = git.getInputStream().readAllBytes();
                if (!git.waitFor(5, TimeUnit.SECONDS) || git.exitValue() != 0) {
                    return null;
                }
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}

package org.raven.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceGitTest {

    @TempDir
    Path dir;

    @Test
    void recordsTheCommitAndWhetherTrackedFilesChanged() throws Exception {
        assumeTrue(run(dir, "git", "--version") == 0, "git is not installed");
        assertThat(Provenance.GitState.in(dir.toFile())).isEqualTo(new Provenance.GitState(null, null));

        assertThat(run(dir, "git", "init", "-q")).isZero();
        Files.writeString(dir.resolve("a.txt"), "one\n");
        assertThat(run(dir, "git", "add", "a.txt")).isZero();
        assertThat(run(dir, "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "a")).isZero();
        String head = output(dir, "git", "rev-parse", "HEAD");
        assertThat(Provenance.GitState.in(dir.toFile())).isEqualTo(new Provenance.GitState(head, false));

        Files.writeString(dir.resolve("untracked.txt"), "not part of the build\n");
        assertThat(Provenance.GitState.in(dir.toFile()).dirty()).as("untracked files do not count").isFalse();
        Files.writeString(dir.resolve("a.txt"), "two\n");
        assertThat(Provenance.GitState.in(dir.toFile())).isEqualTo(new Provenance.GitState(head, true));
    }

    private static int run(Path dir, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1; // no such program
        }
    }

    private static String output(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}

package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {

    @Test
    void aWrittenFileHasTheUmasksModeLikeAnyNewFileNot0600(@TempDir Path dir) throws Exception {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path file = dir.resolve("weights.bin");
        ChecksummedFile.write(file, "RAVENTST".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 1, out -> out.writeInt(7));
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(plain));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(expected);
        assertThat(expected).as("a umask that lets the owner read and write").startsWith("rw-");
    }

    @Test
    void cleanDeletesOnlyTempFilesDownToTheDepth(@TempDir Path dir) throws Exception {
        Path top = TempFiles.create(dir, "results.json");
        Path sub = Files.createDirectories(dir.resolve("checkpoints"));
        Path nested = TempFiles.create(sub, "epoch-3.ckpt");
        Path kept = Files.writeString(dir.resolve("results.json"), "{}");
        Path hidden = Files.writeString(dir.resolve(".raven.lock"), "");
        assertThat(top.getFileName().toString()).startsWith(".results.json.").endsWith(".tmp");
        assertThat(TempFiles.clean(dir, 1)).containsExactly(top);
        assertThat(TempFiles.clean(dir, 2)).containsExactly(nested);
        assertThat(kept).exists();
        assertThat(hidden).exists();
        assertThat(TempFiles.clean(dir.resolve("absent"), 3)).isEmpty();
    }
}

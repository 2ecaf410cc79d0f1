package org.raven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.core.prior.StandardNormalPrior;

/** Weight files ({@link Vae#save}) carry a checksum; a damaged or old one is refused with its name and offset. */
class WeightFileTest {

    private static final VaeConfig CONFIG = TestModels.mlp(new StandardNormalPrior(), null, null, 1.0);

    @Test
    void aSavedModelLoadsBackAndAnyDamageIsRefused(@TempDir Path dir) throws Exception {
        Vae vae = Vae.create(CONFIG, 3);
        Path file = dir.resolve("model.bin");
        vae.save(file);
        byte[] good = Files.readAllBytes(file);
        assertThat(Vae.load(file, CONFIG).weights()).isEqualTo(vae.weights());
        int body = good.length - ChecksummedFile.TRAILER;

        for (int at : new int[] {20, 40, body / 2, body - 1, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x40;
            Files.write(file, bad);
            assertThatThrownBy(() -> Vae.load(file, CONFIG)).as("offset " + at).isInstanceOf(CorruptFileException.class)
                    .hasMessageStartingWith(file + ": damaged RAVEN weight file: the SHA-256 of bytes 0-" + body + " is ");
        }
        byte[] old = good.clone();
        old[11] = 1;
        Files.write(file, old);
        assertThatThrownBy(() -> Vae.load(file, CONFIG)).hasMessage(file + ": RAVEN weight file format 1 (offset 8) was"
                + " written by an older RAVEN, without a checksum, and is not supported; this RAVEN reads format 2");
        Files.write(file, Arrays.copyOf(good, 100));
        assertThatThrownBy(() -> Vae.load(file, CONFIG))
                .hasMessage(file + ": truncated RAVEN weight file: 100 bytes of the " + good.length + " declared at offset 12");
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> Vae.load(file, CONFIG)).hasMessage(file + ": empty file (0 bytes), not a RAVEN weight file");

        // A huge count under a valid checksum (a buggy writer): bounded by the bytes left, not allocated.
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(20, Integer.MAX_VALUE);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(huge, 0, body);
        System.arraycopy(sha.digest(), 0, huge, body, ChecksummedFile.TRAILER);
        Files.write(file, huge);
        assertThatThrownBy(() -> Vae.load(file, CONFIG)).isInstanceOf(CorruptFileException.class)
                .hasMessage(file + ": corrupt array count 2147483647 at offset 20 (" + (body - 24) + " bytes left, 7 per item)");

        Files.write(file, good);
        assertThat(Vae.load(file, CONFIG).weights()).isEqualTo(vae.weights());
    }
}

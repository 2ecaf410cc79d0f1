package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.raven.api.data.InputShape;
import org.raven.api.data.LabeledData;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void readsValuesScaledToUnitIntervalWithShapes(boolean gzip) {
        byte[] images = TinyIdx.images(5, 4, 3);
        byte[] labels = TinyIdx.labels(5, 10);
        Path imageFile = TinyIdx.write(dir.resolve("images" + (gzip ? ".gz" : "")), gzip ? TinyIdx.gzip(images) : images);
        Path labelFile = TinyIdx.write(dir.resolve("labels" + (gzip ? ".gz" : "")), gzip ? TinyIdx.gzip(labels) : labels);

        LabeledData data = IdxReader.load(imageFile, labelFile, 10);

        assertThat(data.features().shape()).containsExactly(5L, 12L);
        assertThat(data.shape()).isEqualTo(new InputShape(1, 4, 3));
        assertThat(data.numClasses()).isEqualTo(10);
        assertThat(data.labels()).containsExactly(0, 1, 2, 3, 4);
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < 12; j++) {
                assertThat(data.features().getFloat(k, j)).as("pixel %d of image %d", j, k)
                        .isEqualTo(TinyIdx.pixel(k, j) / 255f);
            }
        }
    }

    @Test
    void fullByteRangeMapsToZeroAndOne() {
        ByteBuffer images = ByteBuffer.allocate(16 + 256).putInt(0x803).putInt(1).putInt(16).putInt(16);
        for (int v = 0; v < 256; v++) {
            images.put((byte) v);
        }
        Path imageFile = TinyIdx.write(dir.resolve("i"), images.array());
        Path labelFile = TinyIdx.write(dir.resolve("l"), TinyIdx.labels(1, 10));
        LabeledData data = IdxReader.load(imageFile, labelFile, 10);
        assertThat(data.features().getFloat(0, 0)).isEqualTo(0f);
        assertThat(data.features().getFloat(0, 255)).isEqualTo(1f);
        assertThat(data.features().getFloat(0, 128)).isEqualTo(128 / 255f);
    }

    @Test
    void gzipIsDetectedByContentNotName() {
        byte[] images = TinyIdx.images(3, 2, 2);
        IdxFile gzipWithoutSuffix = IdxReader.read(TinyIdx.write(dir.resolve("plain-name"), TinyIdx.gzip(images)), IdxKind.IMAGES, false);
        IdxFile rawWithGzSuffix = IdxReader.read(TinyIdx.write(dir.resolve("raw.gz"), images), IdxKind.IMAGES, false);
        assertThat(gzipWithoutSuffix.gzip()).isTrue();
        assertThat(rawWithGzSuffix.gzip()).isFalse();
        assertThat(gzipWithoutSuffix.payload()).isEqualTo(rawWithGzSuffix.payload())
                .isEqualTo(Arrays.copyOfRange(images, 16, images.length));
        assertThat(gzipWithoutSuffix.dims()).containsExactly(3, 2, 2);
    }

    @Test
    void sha256IsOfTheDecompressedBytesAndOptional() {
        byte[] labels = TinyIdx.labels(7, 10);
        IdxFile raw = IdxReader.read(TinyIdx.write(dir.resolve("l"), labels), IdxKind.LABELS, true);
        IdxFile gz = IdxReader.read(TinyIdx.write(dir.resolve("l.gz"), TinyIdx.gzip(labels)), IdxKind.LABELS, true);
        assertThat(raw.sha256()).isEqualTo(gz.sha256()).isEqualTo(TinyIdx.sha256(labels)).hasSize(64);
        assertThat(IdxReader.read(dir.resolve("l"), IdxKind.LABELS, false).sha256()).isNull();
    }

    @Test
    void selectionPicksExamplesInTheGivenOrder() {
        IdxFile images = IdxReader.read(TinyIdx.write(dir.resolve("i"), TinyIdx.images(6, 2, 3)), IdxKind.IMAGES, false);
        IdxFile labels = IdxReader.read(TinyIdx.write(dir.resolve("l"), TinyIdx.labels(6, 10)), IdxKind.LABELS, false);
        LabeledData data = IdxReader.toLabeledData(images, labels, 10, new int[] {4, 1});
        assertThat(data.labels()).containsExactly(4, 1);
        assertThat(data.features().getFloat(0, 5)).isEqualTo(TinyIdx.pixel(4, 5) / 255f);
        assertThat(data.features().getFloat(1, 2)).isEqualTo(TinyIdx.pixel(1, 2) / 255f);
    }

    @Test
    void truncatedImageHeader() {
        Path file = TinyIdx.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(TinyIdx.images(5, 4, 3), 10));
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-images-idx3-ubyte: truncated at byte offset 10: expected a header of 16 bytes"
                        + " (magic number and 3 dimension sizes), found 10");
    }

    @Test
    void truncatedLabelHeaderInsideTheMagicNumber() {
        Path file = TinyIdx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TinyIdx.gzip(Arrays.copyOf(TinyIdx.labels(5, 10), 3)));
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.LABELS, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-labels-idx1-ubyte.gz: truncated at byte offset 3: expected a header of 8 bytes"
                        + " (magic number and 1 dimension size), found 3");
    }

    @Test
    void emptyFile() {
        Path file = TinyIdx.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.LABELS, false))
                .hasMessage("empty: truncated at byte offset 0: expected a header of 8 bytes (magic number and 1 dimension size), found 0");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedPayload(boolean gzip) {
        byte[] cut = Arrays.copyOf(TinyIdx.images(5, 4, 3), 50);
        String name = "t10k-images-idx3-ubyte" + (gzip ? ".gz" : "");
        Path file = TinyIdx.write(dir.resolve(name), gzip ? TinyIdx.gzip(cut) : cut);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, true))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(name + ": truncated at byte offset 50: expected 76 bytes (header says 5 x 4 x 3), found 50");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesAfterThePayload(boolean gzip) {
        byte[] longer = Arrays.copyOf(TinyIdx.images(5, 4, 3), 79);
        Path file = TinyIdx.write(dir.resolve("x"), gzip ? TinyIdx.gzip(longer) : longer);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("x: unexpected data after the payload at byte offset 76: expected 76 bytes (header says 5 x 4 x 3), found 79");
    }

    @Test
    void badMagicNumberImagesWhereLabelsBelong() {
        Path file = TinyIdx.write(dir.resolve("train-labels-idx1-ubyte"), TinyIdx.images(2, 2, 2));
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.LABELS, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-labels-idx1-ubyte: bad magic number at byte offset 0: expected 0x00000801 (labels), found 0x00000803");
    }

    @Test
    void badMagicNumberOtherTypeOrNotIdx() {
        byte[] floats = TinyIdx.images(2, 2, 2);
        floats[2] = 0x0d;
        Path floatFile = TinyIdx.write(dir.resolve("f"), floats);
        assertThatThrownBy(() -> IdxReader.read(floatFile, IdxKind.IMAGES, false))
                .hasMessage("f: bad magic number at byte offset 0: expected 0x00000803 (images), found 0x00000d03 (float, 3 dimensions)");
        Path png = TinyIdx.write(dir.resolve("p.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.read(png, IdxKind.LABELS, false))
                .hasMessage("p.png: bad magic number at byte offset 0: expected 0x00000801 (labels), found 0x89504e47 (not an IDX file)");
    }

    @Test
    void zeroDimension() {
        byte[] bytes = ByteBuffer.allocate(16).putInt(0x803).putInt(3).putInt(0).putInt(28).array();
        Path file = TinyIdx.write(dir.resolve("z"), bytes);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("z: bad dimension at byte offset 8: expected rows in 1..2147483647, found 0");
    }

    @Test
    void absurdDimensionsAreRejectedBeforeAllocating() {
        byte[] bytes = ByteBuffer.allocate(16).putInt(0x803).putInt(100_000).putInt(1000).putInt(1000).array();
        Path file = TinyIdx.write(dir.resolve("huge.gz"), TinyIdx.gzip(bytes));
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("huge.gz: payload too large at byte offset 12: expected at most 2147483583 bytes,"
                        + " header dimensions multiply to more");
    }

    @Test
    void countMismatchBetweenImagesAndLabels() {
        IdxFile images = IdxReader.read(TinyIdx.write(dir.resolve("train-images-idx3-ubyte"), TinyIdx.images(5, 2, 2)), IdxKind.IMAGES, false);
        IdxFile labels = IdxReader.read(TinyIdx.write(dir.resolve("train-labels-idx1-ubyte"), TinyIdx.labels(4, 10)), IdxKind.LABELS, false);
        assertThatThrownBy(() -> IdxReader.toLabeledData(images, labels, 10, null))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-labels-idx1-ubyte: label count mismatch at byte offset 4: expected 5"
                        + " (the image count in train-images-idx3-ubyte), found 4");
    }

    @Test
    void labelOutOfRange() {
        byte[] labels = TinyIdx.labels(5, 10);
        labels[8 + 3] = 10;
        Path imageFile = TinyIdx.write(dir.resolve("i"), TinyIdx.images(5, 2, 2));
        Path labelFile = TinyIdx.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        assertThatThrownBy(() -> IdxReader.load(imageFile, labelFile, 10))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-labels-idx1-ubyte: label out of range at byte offset 11: expected 0..9, found 10");
    }

    @Test
    void corruptGzipTrailer() {
        byte[] gz = TinyIdx.gzip(TinyIdx.images(5, 4, 3));
        gz[gz.length - 8] ^= 0x55; // CRC-32 of the data
        Path file = TinyIdx.write(dir.resolve("train-images-idx3-ubyte.gz"), gz);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, true))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("train-images-idx3-ubyte.gz: corrupt gzip stream at compressed byte offset " + (gz.length - 8)
                        + " (after 76 decompressed bytes): Corrupt GZIP trailer"); // where the trailer starts
    }

    @Test
    void corruptDeflateData() {
        byte[] gz = TinyIdx.gzip(TinyIdx.images(50, 8, 8));
        for (int i = 10; i < 20; i++) {
            gz[i] = (byte) 0xff;
        }
        Path file = TinyIdx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gz);
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageMatching("t10k-images-idx3-ubyte\\.gz: corrupt gzip stream at compressed byte offset (1\\d)"
                        + " \\(after 0 decompressed bytes\\): .*"); // within the damaged bytes 10..19
    }

    @Test
    void gzipFileCutShort() {
        byte[] gz = TinyIdx.gzip(TinyIdx.images(50, 8, 8));
        Path file = TinyIdx.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageMatching("cut\\.gz: corrupt gzip stream at compressed byte offset " + gz.length / 2
                        + " \\(after \\d+ decompressed bytes\\): compressed data ends early"
                        + " \\(Unexpected end of ZLIB input stream\\)");
    }

    @Test
    void missingFileIsAnIoErrorNamingIt() {
        Path file = dir.resolve("nope");
        assertThatThrownBy(() -> IdxReader.read(file, IdxKind.IMAGES, false))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith(file + ": cannot read: ");
    }
}

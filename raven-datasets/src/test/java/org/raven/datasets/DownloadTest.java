package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raven.api.PluginContext;
import org.raven.api.data.Dataset;

/** Verified downloads from a mirror: a local file: URL and a loopback-only HTTP server, never the real network. */
class DownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private final Map<IdxSplitFile, byte[]> gz = gzipped();

    private static Map<IdxSplitFile, byte[]> gzipped() {
        Map<IdxSplitFile, byte[]> files = new EnumMap<>(IdxSplitFile.class);
        TinyIdx.dataset(7, 3).forEach((role, raw) -> files.put(role, TinyIdx.gzip(raw)));
        return files;
    }

    private Map<IdxSplitFile, String> md5s() {
        Map<IdxSplitFile, String> md5 = new EnumMap<>(IdxSplitFile.class);
        gz.forEach((role, bytes) -> md5.put(role, TinyIdx.md5(bytes)));
        return md5;
    }

    private URI fileMirror() {
        Path mirror = dir.resolve("mirror");
        gz.forEach((role, bytes) -> TinyIdx.write(mirror.resolve(role.baseName() + ".gz"), bytes));
        return mirror.toUri();
    }

    private FashionMnistProvider provider(URI mirror, Map<IdxSplitFile, String> md5) {
        return new FashionMnistProvider(IdxDatasetDefinition.fashionMnist().withSystemCopies(List.of())
                .withMirror(mirror, md5).withReleases(List.of(TinyIdx.release("tiny", "", 7, 3))));
    }

    private static List<String> listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsIntoTheDataHomeWithMd5CheckThenLoads() throws IOException {
        Path home = dir.resolve("home");
        Dataset dataset = provider(fileMirror(), md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false));

        Path target = home.resolve("fashion-mnist");
        assertThat(dataset.description()).isEqualTo("fashion-mnist (" + target + ")");
        assertThat(dataset.train().size()).isEqualTo(7);
        assertThat(listing(target)).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        assertThat(Files.readAllBytes(target.resolve("train-images-idx3-ubyte.gz"))).isEqualTo(gz.get(IdxSplitFile.TRAIN_IMAGES));
    }

    @Test
    void downloadsOnlyTheMissingFiles() throws IOException {
        Path home = dir.resolve("home");
        Path target = home.resolve("fashion-mnist");
        TinyIdx.write(target.resolve("train-images-idx3-ubyte"), TinyIdx.dataset(7, 3).get(IdxSplitFile.TRAIN_IMAGES));
        provider(fileMirror(), md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false));
        assertThat(listing(target)).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz");
    }

    @Test
    void partialNpmLayoutIsNotMixedWithDownloads() throws IOException {
        Path home = dir.resolve("home");
        Path target = home.resolve("fashion-mnist");
        Path npm = target.resolve("package").resolve("data");
        TinyIdx.write(npm.resolve("train-images-idx3-ubyte"), TinyIdx.dataset(7, 3).get(IdxSplitFile.TRAIN_IMAGES));
        TinyIdx.write(npm.resolve("train-labels-idx1-ubyte"), TinyIdx.dataset(7, 3).get(IdxSplitFile.TRAIN_LABELS));
        Dataset dataset = provider(fileMirror(), md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false));
        assertThat(dataset.description()).isEqualTo("fashion-mnist (" + target + ")");
        assertThat(listing(target)).containsExactly("package", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
    }

    @Test
    void md5MismatchFailsWithTheUrlAndLeavesNoPartialFile() throws IOException {
        Path home = dir.resolve("home");
        Map<IdxSplitFile, String> md5 = md5s();
        md5.put(IdxSplitFile.TRAIN_LABELS, "0123456789abcdef0123456789abcdef");
        URI mirror = fileMirror();
        URI url = mirror.resolve("train-labels-idx1-ubyte.gz");

        assertThatThrownBy(() -> provider(mirror, md5).create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("fashion-mnist: no complete copy of Fashion-MNIST found. Searched:\n")
                .hasMessageContaining("\ndownload failed: " + url + ": MD5 mismatch: expected 0123456789abcdef0123456789abcdef, found "
                        + TinyIdx.md5(gz.get(IdxSplitFile.TRAIN_LABELS)) + " (" + gz.get(IdxSplitFile.TRAIN_LABELS).length
                        + " bytes); nothing was saved.\nTo get the data:\n");
        // the file before it was verified and kept; the failed one left nothing, not even a temp file
        assertThat(listing(home.resolve("fashion-mnist"))).containsExactly("train-images-idx3-ubyte.gz");
    }

    @Test
    void officialMd5TableRejectsOtherFiles() throws IOException {
        Path home = dir.resolve("home");
        URI mirror = fileMirror();
        FashionMnistProvider official = new FashionMnistProvider(IdxDatasetDefinition.fashionMnist().withSystemCopies(List.of())
                .withMirror(mirror, IdxDatasetDefinition.fashionMnist().gzMd5()));
        assertThatThrownBy(() -> official.create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                .hasMessageContaining("download failed: " + mirror.resolve("train-images-idx3-ubyte.gz")
                        + ": MD5 mismatch: expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d, found ");
        assertThat(listing(home.resolve("fashion-mnist"))).isEmpty();
    }

    @Test
    void missingFileOnAFileMirror() throws IOException {
        Path home = dir.resolve("home");
        URI mirror = fileMirror();
        Files.delete(Path.of(mirror).resolve("t10k-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> provider(mirror, md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                .hasMessageContaining("\ndownload failed: " + mirror.resolve("t10k-images-idx3-ubyte.gz") + ": FileNotFoundException: ");
        assertThat(listing(home.resolve("fashion-mnist"))).containsExactly("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
    }

    private URI serve(boolean withTestLabels) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
            byte[] body = null;
            for (IdxSplitFile role : IdxSplitFile.values()) {
                if ((role.baseName() + ".gz").equals(name) && (withTestLabels || role != IdxSplitFile.TEST_LABELS)) {
                    body = gz.get(role);
                }
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/mnist/");
    }

    @Test
    void httpDownloadFromALoopbackServer() throws IOException {
        Path home = dir.resolve("home");
        Dataset dataset = provider(serve(true), md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false));
        assertThat(dataset.test().size()).isEqualTo(3);
        assertThat(listing(home.resolve("fashion-mnist"))).hasSize(4).allMatch(name -> name.endsWith("-ubyte.gz"));
        // Downloaded files get the umask's mode like any new file (not a temp file's 0600), so others can read them.
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(home.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void httpErrorNamesTheUrlAndStatus() throws IOException {
        Path home = dir.resolve("home");
        URI mirror = serve(false);
        assertThatThrownBy(() -> provider(mirror, md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("\ndownload failed: " + mirror.resolve("t10k-labels-idx1-ubyte.gz") + ": HTTP 404 Not Found.\n");
        assertThat(listing(home.resolve("fashion-mnist"))).doesNotContain("t10k-labels-idx1-ubyte.gz").hasSize(3)
                .noneMatch(name -> name.endsWith(".part"));
    }

    @Test
    void connectionDroppedMidTransferLeavesNoPartialFile() throws Exception {
        // A raw socket server: promises the whole file in Content-Length, sends half, then hangs up.
        byte[] body = gz.get(IdxSplitFile.TRAIN_IMAGES);
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (java.net.Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                } catch (IOException ignored) {
                    // the test only looks at the client side
                }
            });
            serverThread.start();
            URI mirror = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/mnist/");
            Path home = dir.resolve("home");
            assertThatThrownBy(() -> provider(mirror, md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                    .isInstanceOf(DatasetException.class)
                    .hasMessageContaining("\ndownload failed: " + mirror.resolve("train-images-idx3-ubyte.gz") + ": connection closed after "
                            + body.length / 2 + " of " + body.length + " bytes; nothing was saved.\n");
            serverThread.join(10_000);
            assertThat(listing(home.resolve("fashion-mnist"))).isEmpty();
        }
    }

    @Test
    void unreachableServerIsReportedWithItsUrl() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } // closed: nothing listens on the port now, so connecting is refused at once
        URI mirror = URI.create("http://127.0.0.1:" + port + "/mnist/");
        Path home = dir.resolve("home");
        assertThatThrownBy(() -> provider(mirror, md5s()).create(FashionMnistSpec.defaults(), new PluginContext(home, false)))
                .hasMessageContaining("\ndownload failed: " + mirror.resolve("train-images-idx3-ubyte.gz") + ": ConnectException");
        assertThat(listing(home.resolve("fashion-mnist"))).isEmpty();
    }
}

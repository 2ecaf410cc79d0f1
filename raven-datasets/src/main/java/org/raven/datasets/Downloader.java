package org.raven.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file to a temporary file beside the target, checks its MD5, then renames it into
 * place atomically, so a failed or interrupted download never leaves a partial file under the real name.
 * Works for {@code http:}, {@code https:} and {@code file:} URLs (tests use the latter two).
 */
final class Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    private static final int CONNECT_TIMEOUT_MS = 30_000;
    private static final int READ_TIMEOUT_MS = 120_000;

    private Downloader() {
    }

    /**
     * @throws DatasetException naming the URL when the transfer fails or the MD5 does not match
     */
    static void download(URI url, Path target, String expectedMd5) {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = null;
        long started = System.nanoTime();
        try {
            Files.createDirectories(folder);
            // Not Files.createTempFile: its mode 0600 would survive the rename; a plain new file gets the umask's mode.
            temp = folder.resolve(target.getFileName() + "." + Long.toUnsignedString(System.nanoTime(), 36) + ".part");
            Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            LOG.info("downloading {} -> {}", url, target);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long bytes;
            URLConnection connection = url.toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            if (connection instanceof HttpURLConnection http) {
                int status = http.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    http.disconnect();
                    throw new DatasetException("download failed: " + url + ": HTTP " + status
                            + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage()));
                }
            }
            try (InputStream in = connection.getInputStream();
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md5)) {
                bytes = in.transferTo(out);
            }
            long promised = connection.getContentLengthLong();
            if (promised >= 0 && bytes != promised) { // HttpURLConnection may end a cut body without an error
                throw new DatasetException("download failed: " + url + ": connection closed after " + bytes + " of "
                        + promised + " bytes; nothing was saved");
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(actual)) {
                throw new DatasetException("download failed: " + url + ": MD5 mismatch: expected " + expectedMd5
                        + ", found " + actual + " (" + bytes + " bytes); nothing was saved");
            }
            move(temp, target);
            temp = null;
            LOG.info("downloaded {} ({} bytes, MD5 ok) in {} ms", target.getFileName(), bytes,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new DatasetException("download failed: " + url + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("could not delete the partial download {}: {}", temp, e.toString());
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

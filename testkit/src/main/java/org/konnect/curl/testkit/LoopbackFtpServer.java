package org.konnect.curl.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal in-process FTP server (RFC 959, passive mode only) on {@code 127.0.0.1} and an ephemeral
 * port, serving a fresh temporary directory. Any user name and password is accepted. It supports
 * what libcurl and the JDK's {@code ftp:} URL handler send for downloads, uploads, directory
 * listings and directory creation. One daemon thread serves each control connection.
 */
public final class LoopbackFtpServer implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final ServerSocket listener;
    private final FtpFileSystem fs;
    private final InetAddress loopback;
    private final ResourceTracker tracker = new ResourceTracker();
    private final AtomicInteger accepted = new AtomicInteger();

    private LoopbackFtpServer(ServerSocket listener, FtpFileSystem fs, InetAddress loopback) {
        this.listener = listener;
        this.fs = fs;
        this.loopback = loopback;
    }

    /** Starts a server with an empty temporary root directory. */
    public static LoopbackFtpServer start() {
        Path root = null;
        try {
            root = Files.createTempDirectory("loopback-ftp-");
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
            FtpFileSystem fs = new FtpFileSystem(root);
            ServerSocket listener = new ServerSocket(0, 128, loopback);
            LoopbackFtpServer server = new LoopbackFtpServer(listener, fs, loopback);
            server.tracker.track(listener);
            server.tracker.startThread("loopback-ftp-accept-" + listener.getLocalPort(), server::acceptLoop);
            return server;
        } catch (IOException e) {
            if (root != null) {
                deleteTree(root);
            }
            throw new UncheckedIOException("cannot start the loopback FTP server", e);
        }
    }

    private void acceptLoop() {
        while (!tracker.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed; any other accept failure also ends the server rather than spinning
            }
            int n = accepted.incrementAndGet();
            if (tracker.track(s)) {
                FtpSession session = new FtpSession(s, fs, tracker, loopback);
                if (!tracker.startThread("loopback-ftp-session-" + port() + "-" + n, session)) {
                    tracker.release(s);
                }
            }
        }
    }

    /** The control port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code "ftp://127.0.0.1:PORT/" + path}; {@code path} is relative to the root, without a leading slash. */
    public String url(String path) {
        return "ftp://127.0.0.1:" + port() + "/" + path;
    }

    /** The directory served as {@code /}; deleted by {@link #close()}. */
    public Path root() {
        return fs.root();
    }

    /** Number of control connections accepted since start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Closes the listener and every control and data connection, ends the threads and deletes {@link #root()}. */
    @Override
    public void close() {
        tracker.closeAll(JOIN_TIMEOUT);
        deleteTree(fs.root());
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is not worth failing a test run for
        }
    }
}

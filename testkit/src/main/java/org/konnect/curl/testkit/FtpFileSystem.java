package org.konnect.curl.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Maps FTP path names onto a root directory. Virtual paths are absolute, {@code /}-separated and
 * normalised ({@code .} and {@code ..} resolved, never above {@code /}), so nothing outside the
 * root can be reached.
 */
final class FtpFileSystem {

    private static final DateTimeFormatter MDTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LIST_RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LIST_OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Path root;

    FtpFileSystem(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The normalised absolute virtual path of {@code arg} seen from directory {@code cwd}. */
    static String normalize(String cwd, String arg) {
        Deque<String> parts = new ArrayDeque<>();
        String full = arg == null || arg.isEmpty() ? cwd : arg.startsWith("/") ? arg : cwd + "/" + arg;
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The parent of a normalised virtual path ({@code /} for {@code /}). */
    static String parent(String virtualPath) {
        int slash = virtualPath.lastIndexOf('/');
        return slash <= 0 ? "/" : virtualPath.substring(0, slash);
    }

    /**
     * The real file for a normalised virtual path, or null if it would lie outside the root
     * (for instance through a symbolic link).
     */
    Path toReal(String virtualPath) {
        Path p = root;
        for (String part : virtualPath.split("/")) {
            if (!part.isEmpty()) {
                p = p.resolve(part);
            }
        }
        p = p.normalize();
        if (!p.startsWith(root)) {
            return null;
        }
        // The deepest existing ancestor must really be inside the root (no symlink escapes).
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(root)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return p;
    }

    /** The MDTM timestamp ({@code YYYYMMDDHHMMSS}, UTC) of a file. */
    static String mdtm(Path file) throws IOException {
        return MDTM.format(Files.getLastModifiedTime(file).toInstant());
    }

    /** One {@code ls -l} style line (without line end) describing {@code file}. */
    static String listLine(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Instant modified = a.lastModifiedTime().toInstant();
        boolean recent = modified.isAfter(Instant.now().minusSeconds(180L * 24 * 3600));
        String date = (recent ? LIST_RECENT : LIST_OLD).format(modified);
        String mode = a.isDirectory() ? "drwxr-xr-x" : "-rw-r--r--";
        return String.format(Locale.ROOT, "%s 1 ftp ftp %12d %s %s",
                mode, a.isDirectory() ? 4096L : a.size(), date, file.getFileName());
    }
}

package org.konnect.curl.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One FTP control connection of {@link LoopbackFtpServer}: reads commands, answers with RFC 959
 * reply codes and runs passive-mode transfers on the same thread. Data are always sent as stored
 * (TYPE A is accepted but, like vsftpd by default, does not rewrite line ends).
 */
final class FtpSession implements Runnable {

    private static final int DATA_ACCEPT_TIMEOUT_MS = 10_000;
    private static final int DATA_READ_TIMEOUT_MS = 60_000;
    private static final Set<String> ALLOWED_BEFORE_LOGIN =
            Set.of("USER", "PASS", "QUIT", "SYST", "FEAT", "OPTS", "NOOP");

    private final Socket control;
    private final FtpFileSystem fs;
    private final ResourceTracker tracker;
    private final InetAddress loopback;

    private Writer out;
    private String user;
    private boolean loggedIn;
    private boolean binary = true;
    private String cwd = "/";
    private ServerSocket passive;
    private long pendingRest;
    private String pendingRenameFrom;

    FtpSession(Socket control, FtpFileSystem fs, ResourceTracker tracker, InetAddress loopback) {
        this.control = control;
        this.fs = fs;
        this.tracker = tracker;
        this.loopback = loopback;
    }

    @Override
    public void run() {
        try {
            control.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
            out = new BufferedWriter(new OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8));
            reply(220, "konnect testkit FTP server ready");
            String line;
            while ((line = in.readLine()) != null) {
                if (!handle(line)) {
                    break;
                }
            }
        } catch (IOException e) {
            // client went away or the server is closing
        } finally {
            closePassive();
            tracker.release(control);
        }
    }

    /** Handles one command line; returns false when the session is over. */
    private boolean handle(String line) throws IOException {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).trim().toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1);
        long rest = pendingRest;
        pendingRest = 0;
        String renameFrom = pendingRenameFrom;
        pendingRenameFrom = null;

        if (!loggedIn && !ALLOWED_BEFORE_LOGIN.contains(verb)) {
            reply(530, "Please login with USER and PASS");
            return true;
        }
        switch (verb) {
            case "USER":
                user = arg;
                loggedIn = false;
                reply(331, "Password required for " + arg);
                break;
            case "PASS":
                if (user == null) {
                    reply(503, "Login with USER first");
                } else {
                    loggedIn = true;
                    reply(230, "User " + user + " logged in");
                }
                break;
            case "SYST":
                reply(215, "UNIX Type: L8");
                break;
            case "FEAT":
                out.write("211-Features:\r\n EPSV\r\n PASV\r\n MDTM\r\n REST STREAM\r\n SIZE\r\n UTF8\r\n");
                reply(211, "End");
                break;
            case "OPTS":
                if (arg.toUpperCase(Locale.ROOT).startsWith("UTF8")) {
                    reply(200, "Always in UTF8 mode");
                } else {
                    reply(501, "Option not understood");
                }
                break;
            case "NOOP":
                reply(200, "NOOP ok");
                break;
            case "PWD":
            case "XPWD":
                reply(257, quote(cwd) + " is the current directory");
                break;
            case "CWD":
            case "XCWD":
                changeDirectory(FtpFileSystem.normalize(cwd, arg));
                break;
            case "CDUP":
            case "XCUP":
                cwd = FtpFileSystem.parent(cwd);
                reply(200, "Directory changed to " + cwd);
                break;
            case "TYPE":
                type(arg.trim().toUpperCase(Locale.ROOT));
                break;
            case "MODE":
                reply(arg.trim().equalsIgnoreCase("S") ? 200 : 504, "Mode " + arg.trim());
                break;
            case "STRU":
                reply(arg.trim().equalsIgnoreCase("F") ? 200 : 504, "Structure " + arg.trim());
                break;
            case "EPSV":
                extendedPassive(arg.trim());
                break;
            case "PASV":
                int port = openPassive();
                byte[] a = loopback.getAddress();
                reply(227, String.format(Locale.ROOT, "Entering Passive Mode (%d,%d,%d,%d,%d,%d)",
                        a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff, port >> 8, port & 0xff));
                break;
            case "SIZE":
                size(arg);
                break;
            case "MDTM":
                modificationTime(arg);
                break;
            case "REST":
                restart(arg.trim());
                break;
            case "RETR":
                retrieve(arg, rest);
                break;
            case "STOR":
                store(arg, rest, false);
                break;
            case "APPE":
                store(arg, 0, true);
                break;
            case "LIST":
                list(arg, true);
                break;
            case "NLST":
                list(arg, false);
                break;
            case "DELE":
                delete(arg);
                break;
            case "MKD":
            case "XMKD":
                makeDirectory(arg);
                break;
            case "RMD":
            case "XRMD":
                removeDirectory(arg);
                break;
            case "RNFR":
                renameFrom(arg);
                break;
            case "RNTO":
                renameTo(renameFrom, arg);
                break;
            case "ALLO":
                reply(202, "ALLO not needed");
                break;
            case "ABOR":
                reply(225, "No transfer to abort");
                break;
            case "QUIT":
                reply(221, "Goodbye");
                return false;
            default:
                // includes PORT and EPRT: only passive mode is supported
                reply(502, "Command not implemented: " + verb);
                break;
        }
        return true;
    }

    private void changeDirectory(String target) throws IOException {
        Path dir = fs.toReal(target);
        if (dir != null && Files.isDirectory(dir)) {
            cwd = target;
            reply(250, "Directory changed to " + cwd);
        } else {
            reply(550, "No such directory");
        }
    }

    private void type(String t) throws IOException {
        if (t.equals("I") || t.equals("L 8")) {
            binary = true;
            reply(200, "Switching to Binary mode");
        } else if (t.equals("A") || t.equals("A N")) {
            binary = false;
            reply(200, "Switching to ASCII mode");
        } else {
            reply(504, "Type not supported: " + t);
        }
    }

    private void extendedPassive(String arg) throws IOException {
        if (arg.equalsIgnoreCase("ALL")) {
            reply(200, "EPSV ALL ok");
        } else if (arg.isEmpty() || arg.equals("1")) {
            int port = openPassive();
            reply(229, "Entering Extended Passive Mode (|||" + port + "|)");
        } else {
            reply(522, "Network protocol not supported, use (1)");
        }
    }

    private void size(String arg) throws IOException {
        Path file = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (file != null && Files.isRegularFile(file)) {
            reply(213, String.valueOf(Files.size(file)));
        } else {
            reply(550, "No such file");
        }
    }

    private void modificationTime(String arg) throws IOException {
        Path file = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (file != null && Files.isRegularFile(file)) {
            reply(213, FtpFileSystem.mdtm(file));
        } else {
            reply(550, "No such file");
        }
    }

    private void restart(String arg) throws IOException {
        try {
            long offset = Long.parseLong(arg);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            pendingRest = offset;
            reply(350, "Restarting at " + offset + ". Send STOR or RETR");
        } catch (NumberFormatException e) {
            reply(501, "Bad restart offset");
        }
    }

    private void retrieve(String arg, long rest) throws IOException {
        Path file = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (file == null || !Files.isRegularFile(file)) {
            closePassive();
            reply(550, "No such file");
            return;
        }
        if (passive == null) {
            reply(425, "Use PASV or EPSV first");
            return;
        }
        long start = Math.min(rest, Files.size(file));
        long count = Files.size(file) - start;
        reply(150, "Opening " + modeName() + " mode data connection for " + arg + " (" + count + " bytes)");
        Socket data = acceptData();
        if (data == null) {
            reply(425, "Cannot open data connection");
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            OutputStream o = data.getOutputStream();
            in.transferTo(o);
            o.flush();
        } catch (IOException e) {
            tracker.release(data);
            reply(426, "Connection closed; transfer aborted");
            return;
        }
        tracker.release(data);
        reply(226, "Transfer complete");
    }

    private void store(String arg, long rest, boolean append) throws IOException {
        Path file = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (file == null || Files.isDirectory(file) || file.getParent() == null
                || !Files.isDirectory(file.getParent())) {
            closePassive();
            reply(553, "Cannot create file");
            return;
        }
        if (passive == null) {
            reply(425, "Use PASV or EPSV first");
            return;
        }
        reply(150, "Ok to send data");
        Socket data = acceptData();
        if (data == null) {
            reply(425, "Cannot open data connection");
            return;
        }
        OpenOption[] options = append
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND}
                : rest > 0
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING};
        try (FileChannel channel = FileChannel.open(file, options)) {
            if (rest > 0) {
                channel.position(rest);
            }
            data.setSoTimeout(DATA_READ_TIMEOUT_MS);
            InputStream in = data.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    channel.write(bb);
                }
            }
        } catch (IOException e) {
            tracker.release(data);
            reply(426, "Connection closed; transfer aborted");
            return;
        }
        tracker.release(data);
        reply(226, "Transfer complete");
    }

    private void list(String arg, boolean longFormat) throws IOException {
        // Skip ls-style options such as "-a" or "-la" that clients like to send.
        String target = arg.trim();
        while (target.startsWith("-")) {
            int space = target.indexOf(' ');
            target = space < 0 ? "" : target.substring(space + 1).trim();
        }
        Path path = fs.toReal(FtpFileSystem.normalize(cwd, target));
        if (path == null || !Files.exists(path)) {
            closePassive();
            reply(550, "No such file or directory");
            return;
        }
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                    lines.add(longFormat ? FtpFileSystem.listLine(p) : p.getFileName().toString());
                }
            }
        } else {
            lines.add(longFormat ? FtpFileSystem.listLine(path) : target);
        }
        if (passive == null) {
            reply(425, "Use PASV or EPSV first");
            return;
        }
        reply(150, "Here comes the directory listing");
        Socket data = acceptData();
        if (data == null) {
            reply(425, "Cannot open data connection");
            return;
        }
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(data.getOutputStream(), StandardCharsets.UTF_8));
            for (String l : lines) {
                w.write(l);
                w.write("\r\n");
            }
            w.flush();
        } catch (IOException e) {
            tracker.release(data);
            reply(426, "Connection closed; transfer aborted");
            return;
        }
        tracker.release(data);
        reply(226, "Directory send OK");
    }

    private void delete(String arg) throws IOException {
        Path file = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (file != null && Files.isRegularFile(file)) {
            Files.delete(file);
            reply(250, "File deleted");
        } else {
            reply(550, "No such file");
        }
    }

    private void makeDirectory(String arg) throws IOException {
        String target = FtpFileSystem.normalize(cwd, arg);
        Path dir = fs.toReal(target);
        if (dir == null || target.equals("/") || Files.exists(dir) || !Files.isDirectory(dir.getParent())) {
            reply(550, "Cannot create directory");
            return;
        }
        Files.createDirectory(dir);
        reply(257, quote(target) + " created");
    }

    private void removeDirectory(String arg) throws IOException {
        String target = FtpFileSystem.normalize(cwd, arg);
        Path dir = fs.toReal(target);
        if (dir == null || target.equals("/") || !Files.isDirectory(dir)) {
            reply(550, "No such directory");
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                reply(550, "Directory not empty");
                return;
            }
        }
        Files.delete(dir);
        reply(250, "Directory removed");
    }

    private void renameFrom(String arg) throws IOException {
        String source = FtpFileSystem.normalize(cwd, arg);
        Path p = fs.toReal(source);
        if (p == null || source.equals("/") || !Files.exists(p)) {
            reply(550, "No such file or directory");
            return;
        }
        pendingRenameFrom = source;
        reply(350, "Ready for RNTO");
    }

    private void renameTo(String source, String arg) throws IOException {
        if (source == null) {
            reply(503, "RNFR required first");
            return;
        }
        Path from = fs.toReal(source);
        Path to = fs.toReal(FtpFileSystem.normalize(cwd, arg));
        if (from == null || to == null || to.equals(fs.root()) || !Files.isDirectory(to.getParent())) {
            reply(553, "Cannot rename");
            return;
        }
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        reply(250, "Rename successful");
    }

    private String modeName() {
        return binary ? "BINARY" : "ASCII";
    }

    private int openPassive() throws IOException {
        closePassive();
        ServerSocket ss = new ServerSocket(0, 1, loopback);
        ss.setSoTimeout(DATA_ACCEPT_TIMEOUT_MS);
        if (!tracker.track(ss)) {
            throw new IOException("server closed");
        }
        passive = ss;
        return ss.getLocalPort();
    }

    /** Accepts the one data connection of the pending passive listener; null if that fails. */
    private Socket acceptData() {
        ServerSocket ss = passive;
        try {
            Socket s = ss.accept();
            if (!tracker.track(s)) {
                return null;
            }
            return s;
        } catch (IOException e) {
            return null;
        } finally {
            closePassive();
        }
    }

    private void closePassive() {
        ServerSocket ss = passive;
        passive = null;
        tracker.release(ss);
    }

    private static String quote(String path) {
        return '"' + path.replace("\"", "\"\"") + '"';
    }

    private void reply(int code, String text) throws IOException {
        out.write(code + " " + text + "\r\n");
        out.flush();
    }
}

package org.konnect.curl.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client's cookies, kept across its exchanges, over libcurl's cookie engine. libcurl parses
 * {@code Set-Cookie}, matches domains, paths, expiry and {@code Secure}, and sends {@code Cookie}:
 * each exchange enables its engine ({@code CURLOPT_COOKIEFILE ""}), gets this store's cookies
 * ({@code CURLOPT_COOKIELIST}, one Netscape line each) and, when it ends, gives back what its
 * engine then holds ({@code CURLINFO_COOKIELIST}). Without a share handle each easy handle has an
 * engine of its own, so the union across exchanges running at once is kept here: a cookie is
 * added or replaced as an exchange reports it, and removed when an exchange that had it reports it
 * gone (expired, or deleted by the server). A failed exchange changes nothing.
 *
 * <p>A persistent store reads its file (libcurl's Netscape format, what {@code CURLOPT_COOKIEJAR}
 * writes) when created and writes it, whole and atomically, after every change. Thread-safe.
 */
public final class CookieStore {
    private static final String HTTP_ONLY = "#HttpOnly_";
    private final Path file;
    /** Netscape lines by (domain, path, name), in the order first seen. */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private CookieStore(Path file) {
        this.file = file;
    }

    /**
     * A store in memory only.
     *
     * @return an empty store
     */
    public static CookieStore inMemory() {
        return new CookieStore(null);
    }

    /**
     * A store saved in {@code file}, with the cookies it holds if it exists.
     *
     * @param file a Netscape-format cookie file (the curl tool's {@code -c}, libcurl's cookie jar)
     * @return the store
     * @throws UncheckedIOException if the file exists and cannot be read
     */
    public static CookieStore persistent(Path file) {
        CookieStore store = new CookieStore(Objects.requireNonNull(file, "file"));
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String key = keyOf(line);
                    if (key != null) store.cookies.put(key, line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cookie file " + file, e);
            }
        }
        return store;
    }

    /**
     * The cookies, one Netscape line each ({@code domain, tailmatch, path, secure, expires, name, value},
     * tab-separated; {@code #HttpOnly_} before the domain of an HttpOnly cookie).
     *
     * @return a copy
     */
    public synchronized List<String> cookies() {
        return List.copyOf(cookies.values());
    }

    /** Forgets every cookie (and empties the file of a persistent store). */
    public synchronized void clear() {
        cookies.clear();
        save();
    }

    /** What an exchange starts with. */
    synchronized List<String> snapshot() {
        return List.copyOf(cookies.values());
    }

    /** What an exchange that started with {@code loaded} ended with. */
    synchronized void update(List<String> loaded, List<String> after) {
        Map<String, String> now = new LinkedHashMap<>();
        for (String line : after) {
            String key = keyOf(line);
            if (key != null) now.put(key, line);
        }
        boolean changed = false;
        for (String line : loaded) {
            String key = keyOf(line);
            if (key != null && !now.containsKey(key) && line.equals(cookies.get(key))) {
                cookies.remove(key);
                changed = true;
            }
        }
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(cookies.put(e.getKey(), e.getValue()))) changed = true;
        }
        if (changed) save();
    }

    /** The cookie's identity, or null for a line that is not a cookie (a comment, a blank). */
    private static String keyOf(String line) {
        String l = line.startsWith(HTTP_ONLY) ? line.substring(HTTP_ONLY.length()) : line;
        if (l.isBlank() || l.startsWith("#")) return null;
        String[] f = l.split("\t", -1);
        if (f.length < 7) return null;
        return f[0] + "\t" + f[2] + "\t" + f[5];
    }

    private void save() {
        if (file == null) return;
        List<String> lines = new ArrayList<>();
        lines.add("# Netscape HTTP Cookie File");
        lines.add("# Written by konnect-curl's HttpClient.");
        lines.add("");
        lines.addAll(cookies.values());
        try {
            Path parent = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cookie file " + file, e);
        }
    }
}

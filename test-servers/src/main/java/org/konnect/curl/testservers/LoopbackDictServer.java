package org.konnect.curl.testservers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DICT server (RFC 2229) on {@code 127.0.0.1} and an ephemeral port, knowing a fixed set of
 * words in one database. It speaks just what libcurl sends: {@code CLIENT}, {@code DEFINE} and
 * {@code QUIT}; any other command gets {@code 500}. A connection starts with the {@link #BANNER}.
 * It records every command line received, in order.
 */
public final class LoopbackDictServer implements AutoCloseable {
    /** The greeting sent on every connection. */
    public static final String BANNER = "220 loopback dictd <auth.mime> <1@loopback>\r\n";
    /** The name of the one database, which DEFINE finds under any database name. */
    public static final String DATABASE = "loopback";

    private final Map<String, String> definitions;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final LoopbackRawServer tcp;

    private LoopbackDictServer(Map<String, String> definitions) {
        this.definitions = Map.copyOf(definitions);
        this.tcp = LoopbackRawServer.start(this::converse);
    }

    /**
     * Starts a server.
     *
     * @param definitions each word's definition (lines separated by CR LF, without the final one)
     * @return the started server
     */
    public static LoopbackDictServer start(Map<String, String> definitions) {
        return new LoopbackDictServer(definitions);
    }

    private void converse(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        TextLines.write(out, BANNER);
        for (String line = TextLines.read(in); line != null; line = TextLines.read(in)) {
            commands.add(line);
            String[] words = line.split(" ");
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "CLIENT" -> TextLines.write(out, "250 ok\r\n");
                case "DEFINE" -> TextLines.write(out, words.length == 3 ? define(words[2]) : "501 syntax error\r\n");
                case "QUIT" -> {
                    TextLines.write(out, "221 bye\r\n");
                    return;
                }
                default -> TextLines.write(out, "500 unknown command\r\n");
            }
        }
    }

    /**
     * The reply to {@code DEFINE <database> <word>}, as this server sends it.
     *
     * @param word the word
     * @return the 150/151 text/250 reply if the word is known, else {@code 552}
     */
    public String define(String word) {
        String definition = definitions.get(word);
        if (definition == null) return "552 no match\r\n";
        return "150 1 definitions retrieved\r\n"
                + "151 \"" + word + "\" " + DATABASE + " \"Loopback dictionary\"\r\n"
                + definition.replace("\r\n.", "\r\n..") + "\r\n.\r\n"
                + "250 ok\r\n";
    }

    /**
     * The command lines received so far, over all connections, without their CR LF.
     *
     * @return a snapshot
     */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * {@code "dict://127.0.0.1:PORT" + path}, e.g. path {@code "/d:word"}.
     *
     * @param path the DICT URL's path
     * @return the URL
     */
    public String url(String path) {
        return "dict://127.0.0.1:" + tcp.port() + path;
    }

    /** Closes the port and every connection. */
    @Override
    public void close() {
        tcp.close();
    }
}

package org.konnect.curl.testservers;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Gopher server (RFC 1436) on {@code 127.0.0.1} and an ephemeral port: reads a selector line,
 * sends the document of that selector (or an error menu, item type {@code 3}) and closes the
 * connection. It records the selectors received, in order.
 */
public final class LoopbackGopherServer implements AutoCloseable {
    private final Map<String, byte[]> documents;
    private final List<String> selectors = new CopyOnWriteArrayList<>();
    private final LoopbackRawServer tcp;

    private LoopbackGopherServer(Map<String, byte[]> documents) {
        this.documents = Map.copyOf(documents);
        this.tcp = LoopbackRawServer.start(this::serve);
    }

    /**
     * Starts a server.
     *
     * @param documents the content of each selector
     * @return the started server
     */
    public static LoopbackGopherServer start(Map<String, byte[]> documents) {
        return new LoopbackGopherServer(documents);
    }

    private void serve(Socket s) throws Exception {
        String selector = TextLines.read(s.getInputStream());
        if (selector == null) return;
        selectors.add(selector);
        byte[] document = documents.get(selector);
        if (document == null) document = notFound(selector).getBytes(StandardCharsets.ISO_8859_1);
        s.getOutputStream().write(document);
        s.getOutputStream().flush();
    }

    /**
     * The menu sent for an unknown selector.
     *
     * @param selector the selector asked for
     * @return an error item and the menu's end
     */
    public static String notFound(String selector) {
        return "3'" + selector + "' does not exist\t\terror.host\t1\r\n.\r\n";
    }

    /**
     * The selectors received so far, without their CR LF.
     *
     * @return a snapshot
     */
    public List<String> selectors() {
        return List.copyOf(selectors);
    }

    /**
     * {@code "gopher://127.0.0.1:PORT/" + typeAndSelector}: libcurl sends the part after the item type.
     *
     * @param typeAndSelector the item type character followed by the selector, e.g. {@code "0/about.txt"}
     * @return the URL
     */
    public String url(String typeAndSelector) {
        return "gopher://127.0.0.1:" + tcp.port() + "/" + typeAndSelector;
    }

    /** Closes the port and every connection. */
    @Override
    public void close() {
        tcp.close();
    }
}

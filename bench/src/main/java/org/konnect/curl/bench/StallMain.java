package org.konnect.curl.bench;

/** A {@link StallServer} in a process of its own: prints {@code URL <url>}, then waits to be killed. */
public final class StallMain {
    private StallMain() {}

    public static void main(String[] args) throws Exception {
        try (StallServer server = new StallServer()) {
            System.out.println("URL " + server.url());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}

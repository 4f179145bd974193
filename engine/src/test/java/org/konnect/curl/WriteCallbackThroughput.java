package org.konnect.curl;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.konnect.curl.testservers.LoopbackRawServer;

/**
 * A microbenchmark run by hand, not a test: GiB bodies from a loopback server through the write
 * callback of one transfer at a time, the callback only counting, so that what is measured is
 * libcurl, the upcall and the copy of each chunk into the callback's window. Prints, per round
 * and as medians, MB/s and the owner thread's CPU time per GiB, for libcurl's default
 * {@code BUFFERSIZE} (16 KiB chunks) and for 512 KiB. Arguments: GiB per transfer (1), rounds (5).
 * How to run it is in the README (Performance).
 */
public final class WriteCallbackThroughput {
    private static final int PIECE = 1 << 20;
    private static final long[] BUFFER_SIZES = {0, 512 << 10};

    private WriteCallbackThroughput() {}

    public static void main(String[] args) {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 1) << 30;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] piece = new byte[PIECE];
        Arrays.fill(piece, (byte) 'k');
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("libcurl " + Curl.version() + ", " + (bytes >> 30) + " GiB per transfer, " + rounds + " rounds");
        try (LoopbackRawServer server = LoopbackRawServer.start(s -> serve(s, bytes, piece));
             Multi multi = Multi.open()) {
            run(multi, server, bytes, threads);   // warm-up: JIT, the window's growth, the connection
            for (long bufferSize : BUFFER_SIZES) {
                double[] mbs = new double[rounds];
                double[] cpuMsPerGiB = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long[] m = run(multi, server, bytes, threads, bufferSize);
                    mbs[i] = bytes / 1e6 / (m[0] / 1e9);
                    cpuMsPerGiB[i] = m[1] / 1e6 / (bytes / (double) (1 << 30));
                    System.out.printf("  BUFFERSIZE %s, round %d: %.0f MB/s, %.0f ms CPU per GiB%n", name(bufferSize), i + 1,
                            mbs[i], cpuMsPerGiB[i]);
                }
                System.out.printf("BUFFERSIZE %s: median %.0f MB/s, %.0f ms CPU per GiB on the owner thread%n", name(bufferSize),
                        median(mbs), median(cpuMsPerGiB));
            }
        }
    }

    private static String name(long bufferSize) {
        return bufferSize == 0 ? "default" : (bufferSize >> 10) + " KiB";
    }

    private static long[] run(Multi multi, LoopbackRawServer server, long bytes, ThreadMXBean threads) {
        return run(multi, server, bytes, threads, 0);
    }

    /** One transfer: {wall ns, owner-thread CPU ns}. */
    private static long[] run(Multi multi, LoopbackRawServer server, long bytes, ThreadMXBean threads, long bufferSize) {
        long[] received = {0};
        Exchange counting = new Exchange(server.url("/"), h -> {
            if (bufferSize > 0) h.setopt(CurlOpt.BUFFERSIZE, bufferSize);
            h.setopt(CurlOpt.WRITEFUNCTION, (WriteCallback) data -> {
                received[0] += data.remaining();
                return data.remaining();
            });
        });
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Drive.until(multi, multi.process(counting), java.time.Duration.ofMinutes(5));
        long wall = System.nanoTime() - start;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        if (received[0] != bytes) throw new IllegalStateException("received " + received[0] + " of " + bytes + " bytes");
        return new long[] {wall, cpu};
    }

    /** Each request, on each connection, gets {@code bytes} bytes. */
    private static void serve(Socket s, long bytes, byte[] piece) throws Exception {
        OutputStream out = s.getOutputStream();
        while (true) {
            try {
                LoopbackRawServer.readRequestHead(s);
            } catch (java.io.EOFException closed) {
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (long left = bytes; left > 0; left -= piece.length) out.write(piece, 0, (int) Math.min(piece.length, left));
            out.flush();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

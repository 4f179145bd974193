package org.konnect.curl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.Fresh;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * A few seconds of the soak against the test servers' server, every workload at a fifth of its
 * rate (h2 by prior knowledge, on a server of its own: libcurl 7.88 puts some HTTP/1.1
 * transfers on a prior-knowledge connection to the same host and port, which then fail with
 * {@code CURLE_UNSUPPORTED_PROTOCOL}): its checks pass and it writes its CSV, chart and notes.
 * Whether a few seconds look flat is not asserted; {@code bench/run --soak} is the real run.
 * And the trend arithmetic on known lines.
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class SoakTest {
    private final LoopbackHttpServer server;

    SoakTest(LoopbackHttpServer server) {
        this.server = server;
    }

    @Test
    @Timeout(120)
    void aShortSoakPassesItsChecksAndWritesItsFiles(@TempDir Path dir, @Fresh LoopbackHttpServer h2) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int status = Soak.run(new String[] {"--seconds", "4", "--interval", "1", "--out", dir.toString(), "--rate-scale", "0.2",
            "--small-url", server.url("/bytes/100"), "--medium-url", server.url("/bytes/16384"),
            "--bulk-url", server.url("/bytes/1048576"), "--slow-url", server.url("/bytes/3072?chunk=1024&delayMs=400"),
            "--h2-url", h2.url("/bytes/100"), "--h2-prior"});
        String notes = Files.readString(dir.resolve("soak.md"));
        assertNotEquals(3, status, notes);
        assertTrue(notes.contains("every check passed"), notes);
        for (String lane : List.of("| small |", "| medium |", "| bulk |", "| slow |", "| cancelled |", "| stalled |", "| stopped |",
                "| h2 |")) {
            assertTrue(notes.contains(lane), lane + " in " + notes);
        }
        List<String> csv = Files.readAllLines(dir.resolve("soak.csv"));
        assertEquals(SoakSample.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size() - 1, "a sample at 0, 1, 2, 3 and 4 s: " + csv);
        for (String row : csv.subList(1, csv.size())) assertEquals(8, row.split(",").length, row);
        BufferedImage png = ImageIO.read(dir.resolve("soak.png").toFile());
        assertNotNull(png);
        assertEquals(1400, png.getWidth());
    }

    @Test
    void aTrendIsTheLeastSquaresLineOfItsWindow() {
        List<SoakSample> rising = new ArrayList<>();
        List<SoakSample> level = new ArrayList<>();
        for (int minute = 0; minute <= 60; minute++) {
            // RSS rising by 120 MiB an hour; fds alternating 100/104 around a level line.
            rising.add(new SoakSample(minute * 60, 500_000 + minute * 2048, 100, 20, 64, 0, 0, 0));
            level.add(new SoakSample(minute * 60, 500_000, minute % 2 == 0 ? 100 : 104, 20, 64, 0, 0, 0));
        }
        SoakTrend up = SoakTrend.of("rss_kb", rising);
        assertEquals(120 * 1024, up.slopePerHour(), 1e-6);
        assertEquals(120 * 1024, up.change(), 1e-6);
        assertFalse(up.flat(), "120 MiB an hour is not flat");
        SoakTrend fds = SoakTrend.of("fds", level);
        assertEquals(102, fds.mean(), 0.1);
        assertTrue(Math.abs(fds.slopePerHour()) < 0.2, "slope " + fds.slopePerHour());
        assertTrue(fds.flat());
        assertTrue(SoakTrend.of("native_objects", level).flat());
    }

    @Test
    void sampleIntervalsAndAxisSteps() {
        assertEquals(10, Soak.defaultInterval(300));
        assertEquals(60, Soak.defaultInterval(3600));
        assertEquals(1, SoakChart.niceCeiling(0.7));
        assertEquals(250, SoakChart.niceCeiling(201));
        assertEquals(1000, SoakChart.niceCeiling(501));
    }
}

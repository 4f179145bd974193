package org.konnect.curl.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClusterCrawlTest {
    private static final Pattern CRAWLED =
            Pattern.compile("crawled (\\d+) pages from (\\d) nodes: (\\d+) ran on the requesting node, (\\d+) on another");

    @Test
    void crawlsFromThreeNodesThenFromTwoAfterOneLeft() {
        Captured c = new Captured();
        assertEquals(0, ClusterCrawl.run(new String[] {"--pages", "3"}, c.out), c.text());
        String out = c.text();
        List<Matcher> crawls = c.lines().stream().map(CRAWLED::matcher).filter(Matcher::matches).toList();
        assertEquals(2, crawls.size(), out);
        assertEquals("54", crawls.get(0).group(1), out);   // 3 nodes x 6 origins x 3 pages
        assertEquals("36", crawls.get(1).group(1), out);   // 2 nodes after the leave
        assertTrue(Integer.parseInt(crawls.get(0).group(4)) > 0, "some pages ran on another node: " + out);
        // After the leave, no origin is owned by the node that left.
        String leaver = out.lines().filter(l -> l.endsWith(" leaves: its origins drain, then move to the others")).findFirst()
                .orElseThrow().split(" ")[1];
        String afterLeave = out.substring(out.indexOf(" leaves: "));
        assertTrue(!afterLeave.contains(leaver + "\n"), out);
        assertEquals(12, c.count("  \\S+://\\S+ +pekko://crawl@.*"), out);   // six origins in each table
        assertTrue(out.contains("done: every page fetched"), out);
        assertEquals(1, c.count("streamed 33554432 bytes \\(32 MiB, past the 192 KiB message cap\\) of http://\\S+ from pekko://crawl@\\S+ to "
                + "pekko://crawl@\\S+"), out);
    }
}

package org.konnect.curl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of interleaved rounds and the rounds' stdin commands, on known values. */
class RoundsTest {
    private static final double NAN = Double.NaN;

    @Test
    void eachRoundStartsOneContenderLater() {
        List<String> c = List.of("a", "b", "c");
        assertEquals(List.of("a", "b", "c"), Rounds.rotation(c, 0));
        assertEquals(List.of("b", "c", "a"), Rounds.rotation(c, 1));
        assertEquals(List.of("c", "a", "b"), Rounds.rotation(c, 2));
        assertEquals(List.of("a", "b", "c"), Rounds.rotation(c, 3));
    }

    @Test
    void theCeilingIsTheFasterCDesignOfEachRound() {
        List<Double> epoll = List.of(100.0, 90.0, NAN, 80.0);
        List<Double> poll = List.of(95.0, 110.0, 70.0, NAN);
        assertEquals(List.of(100.0, 110.0, 70.0, 80.0), Rounds.ceiling(List.of(epoll, poll), 4));
        assertTrue(Rounds.ceiling(List.of(List.of(NAN), List.of(NAN)), 1).get(0).isNaN());
        assertTrue(Rounds.isC("c-epoll") && Rounds.isC("c-poll") && !Rounds.isC("multi"));
    }

    @Test
    void ratiosAreTakenWithinEachRound() {
        // A machine that slows down in round 2: the contender's per-round ratio stays 0.9.
        List<Double> ceiling = List.of(100.0, 50.0, 100.0);
        List<Double> contender = List.of(90.0, 45.0, 90.0);
        List<Double> r = Rounds.ratios(contender, ceiling);
        for (double v : r) assertEquals(0.9, v, 1e-12);
        assertTrue(Rounds.ratios(List.of(NAN, 1.0), List.of(1.0, 0.0)).stream().allMatch(d -> d.isNaN()));
    }

    @Test
    void summaryIsTheMedianWithItsSpread() {
        Rounds.Summary s = Rounds.Summary.of(List.of(0.97, 0.88, NAN, 0.93));
        assertEquals(0.93, s.median(), 1e-12);
        assertEquals(0.88, s.min(), 1e-12);
        assertEquals(0.97, s.max(), 1e-12);
        assertEquals(3, s.n());
        assertEquals(2.5, Rounds.Summary.of(List.of(4.0, 1.0, 3.0, 2.0)).median(), 1e-12);
        assertTrue(Double.isNaN(Rounds.Summary.of(List.of(NAN)).median()));
        Harness.Row row = new Harness.Row("small", "multi");
        row.ratio = s.median();
        row.ratioMin = s.min();
        row.ratioMax = s.max();
        assertEquals("0.93 (0.88-0.97)", Harness.ratioText(row));
        assertTrue(row.csv().contains(",0.930,0.880,0.970,"), row.csv());
    }

    @Test
    void roundCommandsAreRunUntilQuitOrTheEndOfInput() throws Exception {
        BufferedReader in = new BufferedReader(new StringReader("run\n\nrun\nquit\nrun\n"));
        assertTrue(RoundCommands.next(in));
        assertTrue(RoundCommands.next(in));
        assertFalse(RoundCommands.next(in));
        BufferedReader ended = new BufferedReader(new StringReader("run\n"));
        assertTrue(RoundCommands.next(ended));
        assertFalse(RoundCommands.next(ended));
    }
}

package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.testservers.NoNativeLeaks;

/**
 * {@link Multi#wakeup()} skips its syscall while a wake-up is already pending. A wake-up that
 * lands while the loop drains the eventfd must not leave the flag set with the eventfd empty:
 * from then on every wake-up would be skipped and a blocked perform would wait out its whole
 * timeout (a stream stalled this way for the MultiActor's 60 s max-block).
 */
@ExtendWith(NoNativeLeaks.class)
class WakeupRaceTest {
    @Test
    void wakeupsFromAnotherThreadNeverLeaveABlockedPerformWaiting() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Multi multi = Multi.open()) {
                AtomicBoolean running = new AtomicBoolean(true);
                Thread waker = new Thread(() -> {
                    while (running.get()) multi.wakeup();
                }, "waker");
                waker.start();
                try {
                    // Each perform may block for 60 s; only wake-ups end it. A lost one hangs the test.
                    for (int i = 0; i < 200_000; i++) multi.perform(60_000);
                } finally {
                    running.set(false);
                    waker.join();
                }
                assertEquals(0, multi.transferCount());
            }
        });
    }
}

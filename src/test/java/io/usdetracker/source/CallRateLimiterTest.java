package io.usdetracker.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRateLimiterTest {

    @Test
    void neverStartsMoreThanTheLimitInAnySecond() throws InterruptedException {
        CallRateLimiter limiter = new CallRateLimiter(5);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            limiter.acquire();
            starts.add(System.nanoTime());
        }
        for (int i = 5; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 5)).as("six calls within one second").isGreaterThanOrEqualTo(1_000_000_000L);
        }
    }

    @Test
    void spacesCallsEvenlyRatherThanInBursts() throws InterruptedException {
        // five calls sent at once arrive late in turn, and the next second's first call then meets the fifth
        // of this one inside the server's one-second window; evenly spaced calls do not crowd each other
        CallRateLimiter limiter = new CallRateLimiter(5);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            limiter.acquire();
            starts.add(System.nanoTime());
        }
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("gap before call " + i).isGreaterThanOrEqualTo(200_000_000L);
        }
    }

    @Test
    void fractionalRatesSpaceSingleCalls() throws InterruptedException {
        CallRateLimiter limiter = new CallRateLimiter(4.0 / 3);
        limiter.acquire();
        long first = System.nanoTime();
        limiter.acquire();
        assertThat(System.nanoTime() - first).isGreaterThanOrEqualTo(750_000_000L);
    }
}

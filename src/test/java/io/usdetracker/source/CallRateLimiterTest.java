package io.usdetracker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRateLimiterTest {

    @Test
    void neverStartsMoreThanTheLimitInAnySecond() throws InterruptedException {
        CallRateLimiter limiter = new CallRateLimiter(5);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            limiter.acquire().answered();
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
            limiter.acquire().answered();
            starts.add(System.nanoTime());
        }
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).as("gap before call " + i).isGreaterThanOrEqualTo(200_000_000L);
        }
    }

    @Test
    void aCallAfterAnIdleSpellCountsFromItsAnswer() throws InterruptedException {
        // the first call of a process, or the first after a pause, may open a connection: it can reach the server
        // tens of milliseconds after it was let go, and the call five later must not meet it inside one second
        CallRateLimiter limiter = new CallRateLimiter(5);
        CallRateLimiter.Started cold = limiter.acquire();
        Thread.sleep(150);
        long answered = System.nanoTime();
        cold.answered();
        for (int i = 1; i < 5; i++) {
            limiter.acquire().answered();
        }
        limiter.acquire();
        assertThat(System.nanoTime() - answered).as("the sixth call after the cold call's answer")
                .isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void callsWhileBusyCountFromWhenTheyWereLetGoHoweverLongTheirAnswersTake() throws InterruptedException {
        CallRateLimiter limiter = new CallRateLimiter(5);
        limiter.acquire().answered();
        List<CallRateLimiter.Started> inFlight = new ArrayList<>();
        long second = 0;
        for (int i = 1; i < 6; i++) {
            inFlight.add(limiter.acquire());
            if (i == 1) {
                second = System.nanoTime();
            }
        }
        limiter.acquire();
        assertThat(System.nanoTime() - second).as("the call five after the second, none answered yet")
                .isBetween(1_000_000_000L, 1_200_000_000L);
        inFlight.forEach(CallRateLimiter.Started::answered);
    }

    @Test
    void aRateTooSmallToPaceIsRefused() {
        assertThatThrownBy(() -> new CallRateLimiter(1e-12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallRateLimiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionalRatesSpaceSingleCalls() throws InterruptedException {
        CallRateLimiter limiter = new CallRateLimiter(4.0 / 3);
        limiter.acquire().answered();
        long first = System.nanoTime();
        limiter.acquire();
        assertThat(System.nanoTime() - first).isGreaterThanOrEqualTo(750_000_000L);
    }
}

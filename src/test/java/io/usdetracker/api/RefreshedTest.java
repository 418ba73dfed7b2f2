package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshedTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aKnownValueIsServedWithoutAskingAgainUntilItIsOld() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Refreshed<Integer> value = new Refreshed<>("test", () -> {
            int call = calls.incrementAndGet();
            if (call > 1) {
                sleep(300);
            }
            return call;
        }, Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2), executor);
        assertThat(value.get()).contains(1);
        assertThat(value.get()).contains(1);
        assertThat(calls).hasValue(1);
        Thread.sleep(350);
        assertThat(value.get()).as("the old value, while the new one is fetched").contains(1);
        Thread.sleep(600);
        assertThat(value.get()).contains(2);
    }

    @Test
    void aSlowSourceDoesNotHoldTheCallerPastTheFirstWait() {
        Refreshed<Integer> value = new Refreshed<>("test", () -> {
            sleep(2000);
            return 7;
        }, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(100), executor);
        long start = System.nanoTime();
        assertThat(value.get()).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void aFailureIsRetriedOnlyAfterTheRetryDelay() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Refreshed<Integer> value = new Refreshed<>("test", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("source down");
            }
            return 5;
        }, Duration.ofMinutes(1), Duration.ofMillis(300), Duration.ofSeconds(2), executor);
        assertThat(value.get()).isEmpty();
        assertThat(value.get()).isEmpty();
        assertThat(calls).hasValue(1);
        Thread.sleep(350);
        assertThat(value.get()).contains(5);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

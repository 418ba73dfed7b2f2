package io.usdetracker.source;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The wait before a retry: doubling from {@code first} up to 16 s, spent in short steps so that a stopping
 * service is not held up by a long backoff.
 */
public final class Backoff {

    private static final long CAP_MILLIS = 16_000;

    private final Duration first;
    private final BooleanSupplier stopping;
    private final Logger log;

    public Backoff(Duration first, BooleanSupplier stopping, Logger log) {
        this.first = first;
        this.stopping = stopping;
        this.log = log;
    }

    /** Waits before attempt number {@code attempt} (2 or more), saying why. */
    public void before(int attempt, String what, String problem) {
        long delay = Math.min(first.toMillis() << Math.min(attempt - 2, 5), CAP_MILLIS);
        log.warn("{}: {}; retrying in {} ms", what, problem, delay);
        long until = System.nanoTime() + delay * 1_000_000;
        try {
            while (System.nanoTime() < until) {
                if (stopping.getAsBoolean()) {
                    throw new SourceUnavailableException("stopping; " + what + " not retried");
                }
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while waiting to retry " + what);
        }
    }
}

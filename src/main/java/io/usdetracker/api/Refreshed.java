package io.usdetracker.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value asked of the source (the token's decimals, the chain head) for the API, which must not wait on a slow
 * or failing source: the last value is served while a fresh one is fetched in the background, at most one
 * fetch at a time; a failure is retried after {@code retryAfter}. Only the very first answer may wait, up to
 * {@code firstWait}.
 */
public final class Refreshed<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Refreshed.class);

    private final String what;
    private final Supplier<T> fetch;
    private final long maxAgeNanos;
    private final long retryAfterNanos;
    private final Duration firstWait;
    private final Executor executor;
    private volatile T value;
    private volatile long fetchedNanos;
    private volatile long failedNanos;
    private CompletableFuture<Void> inFlight;

    public Refreshed(String what, Supplier<T> fetch, Duration maxAge, Duration retryAfter, Duration firstWait,
                     Executor executor) {
        this.what = what;
        this.fetch = fetch;
        this.maxAgeNanos = maxAge.toNanos();
        this.retryAfterNanos = retryAfter.toNanos();
        this.firstWait = firstWait;
        this.executor = executor;
    }

    public Optional<T> get() {
        long now = System.nanoTime();
        T current = value;
        if (current != null && now - fetchedNanos < maxAgeNanos) {
            return Optional.of(current);
        }
        CompletableFuture<Void> pending = refresh(now);
        if (current == null && pending != null) {
            try {
                pending.get(firstWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // still unknown: the caller answers without it, and a later call tries again
            }
        }
        return Optional.ofNullable(value);
    }

    private synchronized CompletableFuture<Void> refresh(long now) {
        if (inFlight != null) {
            return inFlight;
        }
        if (failedNanos != 0 && now - failedNanos < retryAfterNanos) {
            return null;
        }
        inFlight = CompletableFuture.runAsync(this::fetchOnce, executor);
        return inFlight;
    }

    private void fetchOnce() {
        try {
            T fetched = fetch.get();
            value = fetched;
            fetchedNanos = System.nanoTime();
            failedNanos = 0;
        } catch (RuntimeException e) {
            failedNanos = System.nanoTime();
            LOG.warn("{} unknown for now: {}", what, e.getMessage());
        } finally {
            synchronized (this) {
                inFlight = null;
            }
        }
    }
}

package io.usdetracker.source;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps calls within a provider's "N calls per second" by never starting more than N calls in any window of
 * N / rate seconds (plus a small margin for the time a request takes to reach the server). Calls may then
 * come in bursts of N, which is what a per-second counter allows, and the plan is used to about 97%.
 */
public final class CallRateLimiter {

    private static final long MARGIN_NANOS = 25_000_000L;

    private final int burst;
    private final long windowNanos;
    private final Deque<Long> starts = new ArrayDeque<>();

    public CallRateLimiter(double callsPerSecond) {
        this.burst = Math.max(1, (int) Math.floor(callsPerSecond));
        this.windowNanos = (long) (burst / callsPerSecond * 1_000_000_000L) + MARGIN_NANOS;
    }

    /** Blocks until a call may start, and counts it as started. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
                starts.removeFirst();
            }
            if (starts.size() < burst) {
                starts.addLast(now);
                return;
            }
            long waitNanos = windowNanos - (now - starts.peekFirst());
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}

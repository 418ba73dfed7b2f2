package io.usdetracker.source;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps calls within a provider's "N calls per second" by never starting more than N calls in any window of
 * N / rate seconds (plus a small margin for the time a request takes to reach the server), and by spacing them
 * evenly, one every window / N: calls sent in a burst reach the server late in turn, so the last of one burst
 * and the first of the next can fall inside the server's one-second window although they left a window apart.
 * The plan is used to about 97%.
 */
public final class CallRateLimiter {

    private static final long MARGIN_NANOS = 25_000_000L;

    private final int burst;
    private final long windowNanos;
    private final long gapNanos;
    private final Deque<Long> starts = new ArrayDeque<>();

    public CallRateLimiter(double callsPerSecond) {
        this.burst = Math.max(1, (int) Math.floor(callsPerSecond));
        this.windowNanos = (long) (burst / callsPerSecond * 1_000_000_000L) + MARGIN_NANOS;
        this.gapNanos = windowNanos / burst;
    }

    /** Blocks until a call may start, and counts it as started. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
                starts.removeFirst();
            }
            long waitNanos = 0;
            if (starts.size() >= burst) {
                waitNanos = windowNanos - (now - starts.peekFirst());
            }
            if (!starts.isEmpty()) {
                waitNanos = Math.max(waitNanos, gapNanos - (now - starts.peekLast()));
            }
            if (waitNanos <= 0) {
                starts.addLast(now);
                return;
            }
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}

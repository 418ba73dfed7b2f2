package io.usdetracker.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps calls within a provider's "N calls per second" by never starting more than N calls in any window of
 * N / rate seconds (plus a small margin for the time a request takes to reach the server), and by spacing them
 * evenly, one every window / N: calls sent in a burst reach the server late in turn, so the last of one burst
 * and the first of the next can fall inside the server's one-second window although they left a window apart.
 * The plan is used to about 97%.
 *
 * <p>A call let go while its connection is warm reaches the server a steady time later, the same for the call five
 * after it, so counting both from when they were let go keeps them a window apart at the server. A call let go after
 * an idle spell (the first of a process, the first after a pause) may first have to open a connection, and reach the
 * server tens of milliseconds later than the calls after it: it counts from its answer, before which it surely
 * arrived, and until then from the present moment (for at most a window: no request takes that long to arrive).
 */
public final class CallRateLimiter {

    private static final long MARGIN_NANOS = 25_000_000L;
    /** One call in 100 s: the slowest pace kept (a window's length in nanoseconds must stay far from overflowing). */
    public static final double SLOWEST_CALLS_PER_SECOND = 0.01;

    private final int burst;
    private final long windowNanos;
    private final long gapNanos;
    private final List<Started> starts = new ArrayList<>();
    private long lastLetGo = Long.MIN_VALUE;

    public CallRateLimiter(double callsPerSecond) {
        if (!(callsPerSecond >= SLOWEST_CALLS_PER_SECOND) || Double.isInfinite(callsPerSecond)) {
            throw new IllegalArgumentException("calls per second must be a number from " + SLOWEST_CALLS_PER_SECOND
                    + " up, not " + callsPerSecond);
        }
        this.burst = Math.max(1, (int) Math.floor(callsPerSecond));
        this.windowNanos = (long) (burst / callsPerSecond * 1_000_000_000L) + MARGIN_NANOS;
        this.gapNanos = windowNanos / burst;
    }

    /** A call the limiter let go; the caller says when it answered (or failed), whichever way it ended. */
    public final class Started {
        private long countsFrom;
        private boolean pending;

        private Started(long letGo, boolean cold) {
            this.countsFrom = letGo;
            this.pending = cold;
        }

        public void answered() {
            synchronized (CallRateLimiter.this) {
                if (pending) {
                    countsFrom = countsFrom(System.nanoTime());
                    pending = false;
                    CallRateLimiter.this.notifyAll();
                }
            }
        }

        /** A call still waiting for its answer is taken to have arrived no later than now, nor than a window on. */
        private long countsFrom(long now) {
            return pending ? Math.min(now, countsFrom + windowNanos) : countsFrom;
        }
    }

    /** Blocks until a call may start, and counts it as started. */
    public synchronized Started acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            starts.removeIf(started -> now - started.countsFrom(now) >= windowNanos);
            long waitNanos = 0;
            if (starts.size() >= burst) {
                // the window has room once all but burst - 1 of the calls in it have left it, oldest first
                long[] from = starts.stream().mapToLong(started -> started.countsFrom(now)).sorted().toArray();
                waitNanos = windowNanos - (now - from[from.length - burst]);
            }
            boolean idle = lastLetGo == Long.MIN_VALUE || now - lastLetGo >= windowNanos;
            if (!idle) {
                waitNanos = Math.max(waitNanos, gapNanos - (now - lastLetGo));
            }
            if (waitNanos <= 0) {
                Started started = new Started(now, idle);
                starts.add(started);
                lastLetGo = now;
                return started;
            }
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}

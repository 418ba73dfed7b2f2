package io.usdetracker.source;

import java.util.concurrent.atomic.AtomicLong;

/** Calls to the source by outcome, for the progress line and the metrics. */
public final class SourceStats {

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong empty = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong logs = new AtomicLong();

    public void ok() {
        ok.incrementAndGet();
    }

    public void empty() {
        empty.incrementAndGet();
    }

    public void rateLimited() {
        rateLimited.incrementAndGet();
    }

    public void error() {
        errors.incrementAndGet();
    }

    public void logsFetched(int count) {
        logs.addAndGet(count);
    }

    public long okCalls() {
        return ok.get();
    }

    public long emptyCalls() {
        return empty.get();
    }

    public long rateLimitedCalls() {
        return rateLimited.get();
    }

    public long errorCalls() {
        return errors.get();
    }

    public long logsFetched() {
        return logs.get();
    }

    public long calls() {
        return ok.get() + empty.get() + rateLimited.get() + errors.get();
    }
}

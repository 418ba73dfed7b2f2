package io.usdetracker.sync;

import java.util.List;

/** Where one run of sync-transfers stands, kept on the exchange between its steps. */
public final class SyncTick {

    final long startedNanos = System.nanoTime();
    final long tip;
    long fetched;
    long cursor;
    long windowFrom;
    long windowTo;
    List<ChunkPlan.Chunk> pending = List.of();

    SyncTick(long cursor, long fetched, long tip) {
        this.cursor = cursor;
        this.fetched = fetched;
        this.tip = tip;
    }

    public long tip() {
        return tip;
    }

    public long fetched() {
        return fetched;
    }

    public long cursor() {
        return cursor;
    }
}

package io.usdetracker.sync;

import io.usdetracker.source.SourceStats;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress line while backfilling (block reached, blocks/s, transfers/s, blocks behind, ETA), at most one
 * every {@code interval}, and one line when the cursor reaches the tip.
 */
public class SyncProgress {

    private static final Logger LOG = LoggerFactory.getLogger(SyncProgress.class);

    private final SourceStats stats;
    private final long intervalNanos;
    private long lastNanos;
    private long lastCursor = -1;
    private long lastLogs;
    private boolean caughtUpSaid;
    private volatile long cursor = -1;
    private volatile long tip = -1;

    public SyncProgress(SourceStats stats, Duration interval) {
        this.stats = stats;
        this.intervalNanos = interval.toNanos();
    }

    /** Called with the row advance_cursor.sql returns. */
    public synchronized void cursorMoved(Exchange exchange) {
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        SyncTick tick = exchange.getProperty(TransferSync.TICK, SyncTick.class);
        if (row == null || tick == null) {
            return;
        }
        long now = System.nanoTime();
        cursor = ((Number) row.get("last_block")).longValue();
        tip = tick.tip;
        tick.cursor = cursor;
        long behind = Math.max(0, tip - cursor);
        if (lastCursor < 0) {
            lastCursor = cursor;
            lastNanos = now;
            lastLogs = stats.logsFetched();
        }
        if (behind == 0) {
            if (!caughtUpSaid) {
                caughtUpSaid = true;
                if (tip < cursor) {
                    LOG.warn("waiting: the source's tip, block {}, is below the cursor, block {} (a node still syncing, "
                            + "or START_BLOCK beyond the chain's head)", tip, cursor);
                } else {
                    LOG.info("caught up: every Transfer up to block {} is applied", cursor);
                }
            }
            return;
        }
        caughtUpSaid = false;
        if (now - lastNanos < intervalNanos) {
            return;
        }
        double seconds = (now - lastNanos) / 1e9;
        double blocksPerSecond = (cursor - lastCursor) / seconds;
        double transfersPerSecond = (stats.logsFetched() - lastLogs) / seconds;
        String eta = blocksPerSecond > 0 ? format(Duration.ofSeconds((long) (behind / blocksPerSecond))) : "unknown";
        LOG.info("backfill: block {} of {}, {} blocks/s, {} transfers/s, {} blocks behind, ETA {}",
                cursor, tip, Math.round(blocksPerSecond), Math.round(transfersPerSecond), behind, eta);
        lastCursor = cursor;
        lastNanos = now;
        lastLogs = stats.logsFetched();
    }

    public long cursor() {
        return cursor;
    }

    public long tip() {
        return tip;
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}

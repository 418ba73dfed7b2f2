package io.usdetracker.sync;

import io.usdetracker.observe.TrackerMetrics;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.transfer.Hex;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of detect-reorg. A block hash commits to its parent, so when the source still has the newest
 * recorded block under the hash we recorded, every earlier block is proven too: one call a run. On a mismatch the
 * recorded blocks are walked down, newest first, to the newest one the source still has (the fork point), and
 * everything above it is rolled back; none matching within {@code window} blocks stops the sync.
 */
public class ReorgCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReorgCheck.class);
    private static final String FOUND = "usdeReorg";

    private final LogSource source;
    private final int window;
    private final int bucketBlocks;
    private final TrackerMetrics metrics;
    private long behindSaidAt = -1;

    public ReorgCheck(LogSource source, int window, int bucketBlocks, TrackerMetrics metrics) {
        this.source = source;
        this.window = window;
        this.bucketBlocks = bucketBlocks;
        this.metrics = metrics;
    }

    /** A replaced block: the newest recorded one, its hash then and now, and the fork point found below it. */
    record Found(long newest, String oldHash, String newHash, long fork) {
    }

    /** The parameters of select_recent_blocks.sql: fetched blocks the source can already be asked about. */
    public Map<String, Object> recentBlocksQuery(Exchange exchange) {
        SyncTick tick = exchange.getProperty(TransferSync.TICK, SyncTick.class);
        return Map.of("upto", Math.min(tick.fetched, tick.tip), "window", window);
    }

    /** The parameters of rollback_blocks.sql when the source's chain no longer has our newest block, else null. */
    public Map<String, Object> forkPoint(Exchange exchange, List<Map<String, Object>> recorded) {
        if (recorded.isEmpty()) {
            return null;
        }
        long newest = number(recorded.get(0));
        String ours = (String) recorded.get(0).get("hash");
        String theirs = sourceHash(newest);
        if (ours.equals(theirs)) {
            sayIfBehind(exchange.getProperty(TransferSync.TICK, SyncTick.class), newest);
            return null;
        }
        behindSaidAt = -1;
        long fork = -1;
        for (Map<String, Object> row : recorded.subList(1, recorded.size())) {
            if (row.get("hash").equals(sourceHash(number(row)))) {
                fork = number(row);
                break;
            }
        }
        long startBlock = ((Number) recorded.get(0).get("start_block")).longValue();
        if (fork < 0 && startBlock - 1 >= newest - window) {
            fork = startBlock - 1;
        }
        if (fork < 0) {
            throw new ReorgTooDeepException("block " + newest + " was 0x" + ours + ", the source now has 0x" + theirs
                    + ", and no recorded block down to " + (newest - window) + " matches: a reorganisation deeper than "
                    + "REORG_WINDOW=" + window + " blocks. The cursor stays where it was; check the source, then "
                    + "reset-cursor --to a block below the fork and start again");
        }
        exchange.setProperty(FOUND, new Found(newest, ours, theirs, fork));
        return Map.of("fork", fork, "bucket_blocks", bucketBlocks);
    }

    /** After the rollback committed: says what happened, counts it, and lets the run fetch again from there. */
    public void rolledBack(Exchange exchange, Map<String, Object> row) {
        Found found = exchange.getProperty(FOUND, Found.class);
        SyncTick tick = exchange.getProperty(TransferSync.TICK, SyncTick.class);
        long fetchedBefore = tick.fetched;
        tick.cursor = ((Number) row.get("last_block")).longValue();
        tick.fetched = ((Number) row.get("fetched_block")).longValue();
        metrics.reorged();
        LOG.warn("reorg: block {} was 0x{}, now 0x{}; fork block {} (depth {} blocks: those rolled back); rolled back "
                        + "blocks {}..{}: {} deltas, {} balances moved back, {} chunks, {} quarantined logs; fetching again "
                        + "from block {}",
                found.newest(), found.oldHash(), found.newHash(), found.fork(), fetchedBefore - tick.fetched,
                tick.fetched + 1, fetchedBefore, row.get("deltas"), row.get("addresses"), row.get("chunks"),
                row.get("quarantined"), tick.fetched + 1);
    }

    /**
     * The source's tip is below blocks we recorded, yet the newest recorded block it has is still ours: a node
     * lagging behind, or a chain cut back to exactly there. Either way nothing is rolled back yet (the blocks
     * above are compared once the source has them again), but it is said, once for each tip.
     */
    private void sayIfBehind(SyncTick tick, long matched) {
        if (tick.fetched <= tick.tip) {
            behindSaidAt = -1;
            return;
        }
        if (behindSaidAt != tick.tip) {
            behindSaidAt = tick.tip;
            LOG.warn("source behind: its tip (head less CONFIRMATIONS) {} is below the newest recorded block {}; block {} "
                    + "still matches: waiting for the source to reach block {} (a lagging node, or a chain cut back to "
                    + "block {}: its new blocks are compared as soon as it has them)", tick.tip, tick.fetched, matched,
                    tick.fetched, matched);
        }
    }

    private String sourceHash(long block) {
        String hash = source.blockHash(block);
        if (hash == null) {
            throw new SourceUnavailableException("the source does not know block " + block
                    + " (recorded earlier); it may lag behind: the reorg check is tried again next run");
        }
        return Hex.fixedBytes(hash, 32);
    }

    private static long number(Map<String, Object> row) {
        return ((Number) row.get("number")).longValue();
    }
}

package io.usdetracker.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.usdetracker.queue.ChunkQueue;
import io.usdetracker.source.SourceStats;
import io.usdetracker.transfer.ChunkDecoder;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.camel.Exchange;

/**
 * The tracker's own meters, served by {@code /observe/metrics} beside Camel's. Counters of this JVM's work
 * (source calls, logs fetched, transfers applied, quarantined logs, apply latency) and gauges of the shared
 * state (blocks behind, queue depth), which any process reads from PostgreSQL and Redis when scraped.
 */
public class TrackerMetrics {

    private final Counter transfersApplied;
    private final Counter quarantined;
    private final Timer applyLatency;
    private final Counter reorgs;
    private final Counter balanceMismatches;
    private final StageTimers stages;

    public TrackerMetrics(MeterRegistry registry, SourceStats stats, ChunkQueue queue, SyncLag lag, StageTimers stages) {
        this.stages = stages;
        source(registry, stats, "ok", SourceStats::okCalls);
        source(registry, stats, "empty", SourceStats::emptyCalls);
        source(registry, stats, "rate_limited", SourceStats::rateLimitedCalls);
        source(registry, stats, "error", SourceStats::errorCalls);
        FunctionCounter.builder("usde.logs.fetched", stats, SourceStats::logsFetched)
                .description("Transfer logs received from the source").register(registry);
        Gauge.builder("usde.blocks.behind", lag, l -> l.blocksBehind().stream().mapToDouble(v -> v).findFirst().orElse(Double.NaN))
                .description("Blocks between the cursor and the tip the sync last read (NaN until it has)").register(registry);
        Gauge.builder("usde.queue.depth", queue, ChunkQueue::depth)
                .description("Chunks waiting in the parse_transfer queue").register(registry);
        transfersApplied = Counter.builder("usde.transfers.applied")
                .description("Transfers newly applied to balances (a redelivered chunk adds none)").register(registry);
        quarantined = Counter.builder("usde.quarantined.logs")
                .description("Logs that were not valid Transfers of the token, newly quarantined").register(registry);
        applyLatency = Timer.builder("usde.chunk.apply")
                .description("From taking a chunk off the queue to its commit").register(registry);
        reorgs = Counter.builder("usde.reorgs")
                .description("Reorganisations followed: blocks above a fork point rolled back and fetched again").register(registry);
        balanceMismatches = Counter.builder("usde.balance.mismatches")
                .description("Balances verify-balances found different from the chain (before repair)").register(registry);
    }

    /** verify-balances found a balance (or the supply) different from the token's answer. */
    public void balanceMismatch() {
        balanceMismatches.increment();
    }

    /** A rollback of replaced blocks committed. */
    public void reorged() {
        reorgs.increment();
    }

    private static void source(MeterRegistry registry, SourceStats stats, String outcome, ToDoubleFunction<SourceStats> count) {
        FunctionCounter.builder("usde.source.calls", stats, count).tag("outcome", outcome)
                .description("Calls to the source (Etherscan or JSON-RPC) by outcome").register(registry);
    }

    /** parse-transfer's last step, with the row apply_chunk.sql returned (none when the chunk was gone). */
    public void chunkApplied(Exchange exchange) {
        Long applyStarted = exchange.getProperty(ChunkDecoder.APPLY_STARTED, Long.class);
        if (applyStarted != null) {
            stages.applied(applyStarted);
        }
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        if (row == null) {
            return;
        }
        transfersApplied.increment(((Number) row.get("inserted_deltas")).longValue() / 2);
        quarantined.increment(((Number) row.get("quarantined_logs")).longValue());
        applyLatency.record(Duration.ofMillis(exchange.getClock().elapsed()));
    }
}

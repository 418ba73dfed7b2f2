package io.usdetracker.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.observe.StageTimers;
import io.usdetracker.queue.ChunkCodec;
import io.usdetracker.queue.ChunkMessage;
import io.usdetracker.queue.ChunkQueue;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.LogSource.Batch;
import io.usdetracker.transfer.Hex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of sync-transfers: the route orders them (cursor, head, window after window, ledger, queue,
 * cursor again), this class decides. A run keeps fetching while behind, so a backfill never waits for the
 * timer between pages; it pauses while the queue is full and stops at a time budget so that a reload or a stop
 * is never kept waiting long.
 */
public class TransferSync {

    private static final Logger LOG = LoggerFactory.getLogger(TransferSync.class);
    public static final String TICK = "usdeSyncTick";

    private final LogSource source;
    private final ChunkQueue queue;
    private final ObjectMapper json;
    private final int confirmations;
    private final int queueMaxChunks;
    private final int chunkMaxLogs;
    private final Duration runBudget;
    private final Duration chunkRetryAfter;
    private final StageTimers stages;

    public TransferSync(LogSource source, ChunkQueue queue, ObjectMapper json, int confirmations, int queueMaxChunks,
                        int chunkMaxLogs, Duration runBudget, Duration chunkRetryAfter, StageTimers stages) {
        this.source = source;
        this.queue = queue;
        this.json = json;
        this.confirmations = confirmations;
        this.queueMaxChunks = queueMaxChunks;
        this.chunkMaxLogs = chunkMaxLogs;
        this.runBudget = runBudget;
        this.chunkRetryAfter = chunkRetryAfter;
        this.stages = stages;
    }

    /** Starts a run from the sync state row: asks the source for its tip (also left in header "tip"). */
    public void begin(Exchange exchange) {
        Map<?, ?> state = exchange.getMessage().getBody(Map.class);
        long cursor = ((Number) state.get("last_block")).longValue();
        long fetched = ((Number) state.get("fetched_block")).longValue();
        long tip = source.tip(confirmations);
        exchange.setProperty(TICK, new SyncTick(cursor, fetched, tip));
        exchange.getMessage().setHeader("tip", tip);
    }

    /**
     * Whether the run goes on: more blocks to fetch, time left, and neither Camel nor this route stopping (a
     * reload of the route's file, or a stop from the console, waits only for the window in hand).
     */
    public boolean behind(Exchange exchange) {
        SyncTick tick = tick(exchange);
        boolean timeLeft = System.nanoTime() - tick.startedNanos < runBudget.toNanos();
        return tick.fetched < tick.tip && timeLeft && !exchange.getContext().isStopping() && routeRunning(exchange);
    }

    private static boolean routeRunning(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        return route == null || !(route.getConsumer() instanceof StatefulService consumer) || consumer.isStarted();
    }

    /**
     * Fetches the next batch and plans its chunks; the body becomes the parameters of record_window.sql.
     * While the queue is full it waits here, which is the back-pressure that bounds memory and Redis.
     */
    public Map<String, Object> fetch(Exchange exchange) throws InterruptedException, JsonProcessingException {
        SyncTick tick = tick(exchange);
        while (queue.depth() >= queueMaxChunks && behind(exchange)) {
            Thread.sleep(100);
        }
        long from = tick.fetched + 1;
        stages.fetching();
        long started = System.nanoTime();
        Batch batch = source.next(from, tick.tip);
        stages.fetched(started);
        tick.windowFrom = from;
        tick.windowTo = batch.to();
        tick.pending = ChunkPlan.of(batch, chunkMaxLogs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ChunkPlan.Chunk c : tick.pending) {
            rows.add(Map.of("s", c.seq(), "f", c.from(), "t", c.to(), "n", c.logs().size()));
        }
        Map<String, Object> params = new HashMap<>();
        params.put("from_block", from);
        params.put("to_block", batch.to());
        params.put("chunks", json.writeValueAsString(rows));
        params.put("to_hash", batch.toHash() == null ? null : Hex.fixedBytes(batch.toHash(), 32));
        return params;
    }

    /**
     * After the ledger rows are in: the queue messages, in chunk order, each with its ledger id, pushed onto the
     * queue in one round trip.
     */
    public void recorded(Exchange exchange, List<Map<String, Object>> rows) {
        long started = System.nanoTime();
        SyncTick tick = tick(exchange);
        if (rows.size() != tick.pending.size()) {
            throw new IllegalStateException("the sync state moved while block " + tick.windowFrom
                    + " was being fetched (another sync process, or a reset): this run stops");
        }
        List<Map<String, Object>> byId = new ArrayList<>(rows);
        byId.sort(Comparator.comparingLong(r -> ((Number) r.get("id")).longValue()));
        List<String> messages = new ArrayList<>(byId.size());
        for (int i = 0; i < byId.size(); i++) {
            ChunkPlan.Chunk c = tick.pending.get(i);
            long id = ((Number) byId.get(i).get("id")).longValue();
            messages.add(ChunkCodec.encode(new ChunkMessage(id, c.from(), c.to(), c.logs())));
        }
        queue.push(messages);
        tick.pending = List.of();
        tick.fetched = tick.windowTo;
        stages.queued(started);
    }

    /**
     * A chunk not applied in time, fetched again and pushed onto the queue: the same ledger id, every log of its
     * blocks.
     */
    public void refetch(Map<String, Object> chunk) {
        long id = ((Number) chunk.get("id")).longValue();
        long from = ((Number) chunk.get("from_block")).longValue();
        long to = ((Number) chunk.get("to_block")).longValue();
        LOG.info("chunk {} (blocks {}..{}) was not applied in time; fetching it again", id, from, to);
        queue.push(List.of(ChunkCodec.encode(new ChunkMessage(id, from, to, source.logsOf(from, to)))));
    }

    /** The parameters of select_stale_chunks.sql. */
    public Map<String, Object> staleChunksQuery() {
        return Map.of("retry_after_ms", chunkRetryAfter.toMillis(), "limit", 100);
    }

    /** Whether lost chunks may be looked for: only when nothing waits in the queue. */
    public boolean queueDrained() {
        return queue.depth() == 0;
    }

    private static SyncTick tick(Exchange exchange) {
        return exchange.getProperty(TICK, SyncTick.class);
    }
}

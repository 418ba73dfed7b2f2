package io.usdetracker.transfer;

import static io.usdetracker.support.SyntheticLogs.MAX_UINT256;
import static io.usdetracker.support.SyntheticLogs.ZERO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.usdetracker.db.SqlFiles;
import io.usdetracker.observe.StageTimers;
import io.usdetracker.queue.ChunkMessage;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** parse-transfer on a real PostgreSQL and Redis: chunks put on the queue, balances read back. */
class ApplyChunkIT extends TrackerOnEtherscanTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String A = "00000000000000000000000000000000000000a1";
    private static final String B = "00000000000000000000000000000000000000b2";

    ApplyChunkIT() {
        super(100);
    }

    @Test
    void chunkAppliedTwiceChangesNothing() throws Exception {
        app.start();
        SyntheticLogs chain = new SyntheticLogs(11, 20).transfers(100, 300, 3);
        long id = app.enqueue(100, 199, chain.logs());
        TrackerApp.await("chunk applied", WAIT, () -> app.applied(id));
        Map<String, BigInteger> once = app.balances();
        long deltas = app.queryLong("SELECT count(*) FROM deltas");

        app.push(new io.usdetracker.queue.ChunkMessage(id, 100, 199, chain.logs()));
        long again = app.enqueue(100, 199, chain.logs());
        TrackerApp.await("second delivery applied", WAIT, () -> app.applied(again));
        TrackerApp.await("queue drained", WAIT, () -> app.jedis().llen(app.chunkQueueKey()) == 0);
        Thread.sleep(300);

        assertThat(once).isEqualTo(chain.balances());
        assertThat(app.balances()).isEqualTo(once);
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(deltas).isEqualTo(600);
    }

    @Test
    void mintsBurnsSelfTransfersZeroValuesAndMaxUint256AreExact() throws Exception {
        app.start();
        SyntheticLogs chain = new SyntheticLogs(12, 2)
                .add(100, 0, ZERO, A, MAX_UINT256)
                .add(100, 1, A, B, MAX_UINT256)
                .add(101, 0, B, B, MAX_UINT256)
                .add(101, 1, A, B, BigInteger.ZERO)
                .add(102, 0, B, ZERO, MAX_UINT256)
                .add(103, 0, ZERO, A, BigInteger.valueOf(5))
                .add(103, 1, A, A, BigInteger.valueOf(5));
        List<RawLog> logs = chain.logs();
        long first = app.enqueue(100, 100, logs.subList(0, 1));
        TrackerApp.await("mint applied", WAIT, () -> app.applied(first));
        assertThat(app.balances()).containsEntry(A, MAX_UINT256).containsEntry(ZERO, MAX_UINT256.negate());

        long rest = app.enqueue(100, 103, logs);
        TrackerApp.await("history applied", WAIT, () -> app.applied(rest));
        assertThat(app.balances()).isEqualTo(Map.of(ZERO, BigInteger.valueOf(-5), A, BigInteger.valueOf(5), B, BigInteger.ZERO));
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).as("two rows per transfer, self-transfers too").isEqualTo(14);
        assertThat(app.queryLong("SELECT count(*) FROM deltas WHERE amount = 0")).isEqualTo(2);
    }

    @Test
    void twoProcessesApplyingOverlappingChunksConcurrentlyEndExact() throws Exception {
        app.with("WORKER_CONCURRENCY", "3").start();
        try (TrackerApp second = app.sibling().start()) {
            SyntheticLogs chain = new SyntheticLogs(13, 25).transfers(100, 6_000, 4);
            List<RawLog> logs = chain.logs();
            List<Long> ids = new ArrayList<>();
            for (int start = 0; start < logs.size(); start += 500) {
                List<RawLog> overlapping = logs.subList(Math.max(0, start - 250), Math.min(logs.size(), start + 500));
                ids.add(app.enqueue(100, 1_600, overlapping));
                ids.add(app.enqueue(100, 1_600, logs.subList(start, Math.min(logs.size(), start + 500))));
            }
            TrackerApp.await("every chunk applied", WAIT, () -> ids.stream().allMatch(id -> {
                try {
                    return app.applied(id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(app.balances()).isEqualTo(chain.balances());
            assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(12_000);
        }
    }

    @Test
    void aChunkMeetingTheSameLogsStillUncommittedWaitsThenAppliesOnlyWhatIsNew() throws Exception {
        // a re-fetch of the chunk comes only long after the test: the worker itself must get this chunk applied
        app.with("CHUNK_RETRY_AFTER", "120s").start();
        SyntheticLogs chain = new SyntheticLogs(14, 20).transfers(100, 400, 4);
        List<RawLog> logs = chain.logs();
        try (Connection inFlight = app.db()) {
            inFlight.setAutoCommit(false);
            long first = ledgerRow(inFlight, 100, 149);
            applyChunk(inFlight, new ChunkMessage(first, 100, 149, logs.subList(0, 200)));

            long second = app.enqueue(100, 199, logs);
            TrackerApp.await("the worker waiting for the uncommitted deltas", WAIT, () -> app.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO deltas%'") > 0);
            inFlight.commit();

            TrackerApp.await("the second chunk applied by the worker", Duration.ofSeconds(15), () -> app.applied(second));
        }
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(800);
    }

    private static long ledgerRow(Connection db, long from, long to) throws Exception {
        try (PreparedStatement s = db.prepareStatement(
                "INSERT INTO chunks (from_block, to_block, log_count, enqueued_at) VALUES (?, ?, 0, now()) RETURNING id")) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** apply_chunk.sql run as a worker runs it, on the caller's connection and transaction. */
    private static void applyChunk(Connection db, ChunkMessage chunk) throws Exception {
        Map<String, Object> params = new ChunkDecoder(new ObjectMapper(), SyntheticLogs.TOKEN,
                new StageTimers(new SimpleMeterRegistry())).decode(chunk);
        Matcher named = Pattern.compile(":#(\\w+)").matcher(SqlFiles.load("sql/apply_chunk.sql"));
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        while (named.find()) {
            values.add(params.get(named.group(1)));
            named.appendReplacement(sql, "?");
        }
        named.appendTail(sql);
        try (PreparedStatement s = db.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            s.execute();
        }
    }
}

package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.Jedis;

/** SIGTERM lets a worker JVM finish the chunk in hand, take no other, and exit 0. */
class GracefulStopIT {

    private static final long START = 15_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private EtherscanFake etherscan;
    private TrackerApp sync;

    @BeforeEach
    void setUp(TestInfo test) {
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").chain(List.of(), START - 1);
        sync = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan)
                .with("START_BLOCK", Long.toString(START)).with("ROLE", "sync").with("QUEUE_MAX_CHUNKS", "1000");
    }

    @AfterEach
    void tearDown() {
        sync.close();
        etherscan.close();
    }

    @Test
    void sigtermMidBackfillFinishesTheChunkInHandAndExitsZero() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(91, 30).transfers(START, 16_000, 8);
        long tip = START + 2_000;
        etherscan.chain(chain.logs(), tip);
        sync.start();
        TrackerApp.await("every chunk queued", WAIT, () -> sync.queryLong("SELECT fetched_block FROM sync_state") == tip);
        long chunks = sync.queryLong("SELECT count(*) FROM chunks");
        long first = sync.queryLong("SELECT min(id) FROM chunks");
        long firstLogs = sync.queryLong("SELECT log_count FROM chunks WHERE id = " + first);
        long firstTo = sync.queryLong("SELECT to_block FROM chunks WHERE id = " + first);
        assertThat(chunks).isGreaterThan(3);

        Map<String, String> env = sync.environment();
        env.put("ROLE", "worker");
        env.put("WORKER_CONCURRENCY", "1");
        env.put("MANAGEMENT_PORT", Integer.toString(TrackerApp.freePort()));
        try (Connection holder = sync.db(); Statement s = holder.createStatement()) {
            // the worker's first chunk waits for this row lock: SIGTERM lands while that chunk is in hand
            holder.setAutoCommit(false);
            s.execute("SELECT id FROM chunks WHERE id = " + first + " FOR UPDATE");
            try (TrackerProcess worker = TrackerProcess.start("worker-sigterm", env)) {
                TrackerApp.await("the worker took the first chunk", WAIT, () -> queued() == chunks - 1);
                Thread.sleep(500);
                assertThat(sync.queryLong("SELECT count(*) FROM deltas")).isZero();

                long[] exit = {-1};
                Thread stop = new Thread(() -> {
                    try {
                        exit[0] = worker.terminate(WAIT);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                stop.start();
                Thread.sleep(2_000);
                assertThat(worker.alive()).as("still finishing the chunk in hand").isTrue();
                holder.rollback();
                stop.join(WAIT.toMillis());

                assertThat(exit[0]).as(worker.output()).isZero();
                assertThat(sync.queryLong("SELECT count(*) FROM deltas"))
                        .as("the chunk in hand applied whole, nothing of another").isEqualTo(2 * firstLogs);
                assertThat(queued()).as("no other chunk taken after SIGTERM").isEqualTo(chunks - 1);
                assertThat(sync.queryLong("SELECT count(*) FROM chunks WHERE applied_at IS NULL")).isEqualTo(chunks - 1);
                TrackerApp.await("the cursor past the chunk applied", WAIT, () -> sync.cursor() == firstTo);
            }
        }

        env.put("WORKER_CONCURRENCY", "2");
        try (TrackerProcess again = TrackerProcess.start("worker-again", env)) {
            TrackerApp.await("cursor at the tip", WAIT, () -> sync.cursor() == tip);
        }
        assertThat(sync.balances()).isEqualTo(chain.balances());
        assertThat(sync.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2L * chain.logs().size());
    }

    private long queued() throws SQLException {
        try (Jedis jedis = sync.jedis()) {
            return jedis.llen(sync.chunkQueueKey());
        }
    }
}

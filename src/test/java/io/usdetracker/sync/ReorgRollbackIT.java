package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.queue.ChunkMessage;
import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** rollback_blocks on a real PostgreSQL, against what workers do at the same time. */
class ReorgRollbackIT {

    private static final long START = 7_000;
    private static final long HEAD = START + 99;
    private static final String NEWCOMER = "00000000000000000000000000000000000000d4";

    private EtherscanFake etherscan;
    private TrackerApp app;
    private SyntheticLogs chain;

    @BeforeEach
    void indexTheChain(TestInfo test) throws Exception {
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF");
        chain = new SyntheticLogs(71, 25).transfers(START, 500, 5);
        etherscan.chain(chain.logs(), HEAD);
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan).with("START_BLOCK", Long.toString(START)).start();
        TrackerApp.await("cursor at the head", Duration.ofSeconds(60), () -> app.cursor() == HEAD);
        app.stop();
    }

    @AfterEach
    void tearDown() {
        app.close();
        etherscan.close();
    }

    @Test
    void rollbackWaitsForAWorkerMidChunkAndRemovesWhatItCommitted() throws Exception {
        long chunk = fetchedChunk(HEAD + 1, HEAD + 1);
        try (Connection worker = app.db()) {
            worker.setAutoCommit(false);
            execute(worker, "SELECT id FROM chunks WHERE id = " + chunk + " FOR UPDATE");
            execute(worker, "INSERT INTO deltas VALUES (" + (HEAD + 1) + ", '\\xbeef', 0, 0, '\\x" + SyntheticLogs.ZERO + "', -5), ("
                    + (HEAD + 1) + ", '\\xbeef', 0, 1, '\\x" + NEWCOMER + "', 5)");
            execute(worker, "INSERT INTO balances VALUES ('\\x" + NEWCOMER + "', 5)");
            execute(worker, "UPDATE balances SET balance = balance - 5 WHERE address = '\\x" + SyntheticLogs.ZERO + "'");
            execute(worker, "UPDATE chunks SET applied_at = now() WHERE id = " + chunk);

            CompletableFuture<Map<String, Long>> rollback = CompletableFuture.supplyAsync(() -> rollback(HEAD - 2));
            Thread.sleep(700);
            assertThat(rollback).as("the rollback waits for the chunk the worker holds").isNotDone();
            worker.commit();
            Map<String, Long> outcome = rollback.get(20, TimeUnit.SECONDS);
            assertThat(outcome).containsEntry("rolled_back_to", HEAD - 2).containsEntry("last_block", HEAD - 2)
                    .containsEntry("fetched_block", HEAD - 2).containsEntry("deltas", 2L + 2 * 10);
        }
        assertThat(app.queryLong("SELECT count(*) FROM deltas WHERE block_number > " + (HEAD - 2))).isZero();
        assertThat(app.queryLong("SELECT balance FROM balances WHERE address = '\\x" + NEWCOMER + "'")).isZero();
        assertThat(app.queryLong("SELECT count(*) FROM chunks")).isZero();
        assertBalancesAreTheirDeltas();
    }

    @Test
    void chunkNotAppliedYetAcrossTheForkMovesTheRollbackBelowItAndItsQueuedMessageAppliesNothing() throws Exception {
        long chunk = fetchedChunk(HEAD - 4, HEAD + 1);
        execute("UPDATE sync_state SET last_block = " + (HEAD - 5));
        Map<String, Long> outcome = rollback(HEAD - 2);
        assertThat(outcome).containsEntry("rolled_back_to", HEAD - 5).containsEntry("last_block", HEAD - 5)
                .containsEntry("fetched_block", HEAD - 5).containsEntry("chunks", 1L);
        assertBalancesAreTheirDeltas();

        etherscan.chain(chain.logs(), HEAD - 5);
        app.start();
        app.push(new ChunkMessage(chunk, HEAD - 4, HEAD + 1,
                new SyntheticLogs(72, 5).transfers(HEAD - 4, 30, 5).logs()));
        TrackerApp.await("queue drained", Duration.ofSeconds(30), () -> app.jedis().llen(app.chunkQueueKey()) == 0);
        Thread.sleep(500);
        assertThat(app.queryLong("SELECT count(*) FROM deltas WHERE block_number > " + (HEAD - 5))).isZero();
        etherscan.chain(chain.logs(), HEAD);
        TrackerApp.await("cursor back at the head", Duration.ofSeconds(60), () -> app.cursor() == HEAD);
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertBalancesAreTheirDeltas();
    }

    @Test
    void supplyHistoryIsCutBackToTheForkBucketAndReplaysAsAFullReplayWould() throws Exception {
        java.net.URI db = java.net.URI.create(app.env("DATABASE_URL"));
        String[] user = db.getUserInfo().split(":", 2);
        var dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + db.getPath(), user[0], user.length > 1 ? user[1] : "");
        var history = new io.usdetracker.api.HistoryRecorder(
                new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(dataSource), 10, 1_000, Duration.ofSeconds(30));
        clearHistory();
        history.catchUp();
        assertThat(app.queryLong("SELECT last_block FROM history_cursor")).isEqualTo(HEAD);
        long keptBuckets = app.queryLong("SELECT count(*) FROM supply_history WHERE bucket < " + (HEAD - 33 + 1) / 10);

        rollback(HEAD - 33, 10);
        assertThat(app.queryLong("SELECT last_block FROM history_cursor")).as("the start of the fork's bucket less one")
                .isEqualTo((HEAD - 33 + 1) / 10 * 10 - 1);
        assertThat(app.queryLong("SELECT count(*) FROM supply_history")).as("the buckets below the fork's, kept").isEqualTo(keptBuckets);
        history.catchUp();
        String incremental = historyRows();

        clearHistory();
        history.catchUp();
        assertThat(incremental).isEqualTo(historyRows()).contains("|" + (HEAD - 33) + "|");
    }

    /** The history as before its first replay (the tracker's own record-history used buckets of another size). */
    private void clearHistory() throws Exception {
        execute("DELETE FROM supply_history; DELETE FROM history_balances; UPDATE history_cursor SET last_block = " + (START - 1));
    }

    private String historyRows() throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection c = app.db(); PreparedStatement s = c.prepareStatement(
                "SELECT bucket, last_block, supply, holders, transfers FROM supply_history ORDER BY bucket");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.append(rs.getLong(1)).append('|').append(rs.getLong(2)).append('|').append(rs.getString(3)).append('|')
                        .append(rs.getLong(4)).append('|').append(rs.getLong(5)).append('\n');
            }
        }
        return rows.toString();
    }

    /** A window the sync fetched: a ledger row not applied yet, fetched_block at its end. */
    private long fetchedChunk(long from, long to) throws Exception {
        execute("UPDATE sync_state SET fetched_block = " + to);
        return app.queryLong("INSERT INTO chunks (from_block, to_block, log_count, enqueued_at) VALUES (" + from + ", " + to
                + ", 1, now()) RETURNING id");
    }

    private Map<String, Long> rollback(long fork) {
        return rollback(fork, 300);
    }

    private Map<String, Long> rollback(long fork, int bucketBlocks) {
        try (Connection c = app.db(); PreparedStatement s = c.prepareStatement("SELECT * FROM rollback_blocks(?, ?)")) {
            s.setLong(1, fork);
            s.setInt(2, bucketBlocks);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return Map.of("rolled_back_to", rs.getLong("rolled_back_to"), "deltas", rs.getLong("deltas"),
                        "chunks", rs.getLong("chunks"), "last_block", rs.getLong("last_block"),
                        "fetched_block", rs.getLong("fetched_block"));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertBalancesAreTheirDeltas() throws Exception {
        assertThat(app.queryLong("SELECT count(*) FROM balances b WHERE balance <> "
                + "(SELECT COALESCE(sum(amount), 0) FROM deltas d WHERE d.address = b.address)")).isZero();
    }

    private void execute(String sql) throws Exception {
        try (Connection c = app.db()) {
            execute(c, sql);
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}

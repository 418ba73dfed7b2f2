package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Work lost by Redis is found again from the ledger in PostgreSQL, and applied once. */
class RecoveryIT extends TrackerOnEtherscanTest {

    private static final long START = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    RecoveryIT() {
        super(START);
    }

    @Test
    void chunkTakenByAWorkerThatDiedBeforeCommittingIsFetchedAgain() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(21, 30).transfers(START, 5_000, 5);
        long tip = START + 1_200;
        queueWithWorkersStopped(chain, tip);
        try (Jedis jedis = app.jedis()) {
            assertThat(jedis.rpop(app.chunkQueueKey())).as("the chunk the dead worker took").isNotNull();
        }
        app.context().getRouteController().startRoute("parse-transfer");

        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        assertExact(chain);
    }

    @Test
    void flushAllOfRedisMidRunLosesNothing() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(22, 30).transfers(START, 8_000, 7);
        long tip = START + 1_200;
        queueWithWorkersStopped(chain, tip);
        try (Jedis jedis = app.jedis()) {
            assertThat(jedis.llen(app.chunkQueueKey())).isGreaterThan(3);
            jedis.flushAll();
        }
        app.context().getRouteController().startRoute("parse-transfer");

        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        assertExact(chain);
    }

    @Test
    void restartAfterAStopMidBackfillResumesFromTheLedger() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(23, 30).transfers(START, 6_000, 3);
        long tip = START + 2_100;
        etherscan.chain(chain.logs(), tip);
        app.start();
        TrackerApp.await("some chunks applied", WAIT, () -> app.queryLong("SELECT count(*) FROM deltas") > 0);
        app.stop();
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        assertExact(chain);
    }

    /** Starts the tracker with its workers stopped and lets the sync queue the whole chain. */
    private void queueWithWorkersStopped(SyntheticLogs chain, long tip) throws Exception {
        app.start();
        app.context().getRouteController().stopRoute("parse-transfer");
        etherscan.chain(chain.logs(), tip);
        TrackerApp.await("chunks queued", WAIT, () -> app.queryLong("SELECT fetched_block FROM sync_state") == tip);
    }

    private void assertExact(SyntheticLogs chain) throws Exception {
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2L * chain.logs().size());
    }
}

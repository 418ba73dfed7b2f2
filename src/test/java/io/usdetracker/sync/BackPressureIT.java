package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The sync pauses while QUEUE_MAX_CHUNKS chunks wait in Redis, and resumes as workers take them. */
class BackPressureIT extends TrackerOnEtherscanTest {

    private static final long START = 11_000;
    private static final int BOUND = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    BackPressureIT() {
        super(START);
    }

    @Test
    void queueDepthNeverPassesTheBoundWhileWorkersAreStoppedAndTheBackfillResumesWhenTheyStart() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(91, 40).transfers(START, 15_000, 5);
        long tip = START + 3_000;
        app.with("QUEUE_MAX_CHUNKS", Integer.toString(BOUND)).start();
        app.context().getRouteController().stopRoute("parse-transfer");
        String queue = app.chunkQueueKey();
        AtomicLong deepest = new AtomicLong();
        Thread sampler = new Thread(() -> {
            try (Jedis jedis = app.jedis()) {
                while (!Thread.currentThread().isInterrupted()) {
                    deepest.accumulateAndGet(jedis.llen(queue), Math::max);
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "queue-depth-sampler");
        sampler.start();
        try {
            etherscan.chain(chain.logs(), tip);
            TrackerApp.await("the queue full", WAIT, () -> app.jedis().llen(queue) == BOUND);
            long fetched = app.queryLong("SELECT fetched_block FROM sync_state");
            long getLogs = etherscan.calls("getLogs");
            Thread.sleep(2_000);
            assertThat(app.queryLong("SELECT fetched_block FROM sync_state")).as("the sync paused").isEqualTo(fetched).isLessThan(tip);
            assertThat(etherscan.calls("getLogs")).as("no call while paused").isEqualTo(getLogs);
            assertThat(app.jedis().llen(queue)).isEqualTo(BOUND);

            app.context().getRouteController().startRoute("parse-transfer");
            TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        System.out.printf("back-pressure: deepest queue %d chunks (bound %d), %d getLogs calls%n", deepest.get(), BOUND,
                etherscan.calls("getLogs"));
        assertThat(deepest.get()).as("deepest queue seen").isEqualTo(BOUND);
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2L * chain.logs().size());
    }
}

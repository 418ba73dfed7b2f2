package io.usdetracker.transfer;

import static io.usdetracker.support.SyntheticLogs.MAX_UINT256;
import static io.usdetracker.support.SyntheticLogs.ZERO;
import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        TrackerApp.await("queue drained", WAIT, () -> app.jedis().llen("parse_transfer") == 0);
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
}

package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.RpcProviderFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * detect-reorg against fake sources whose chain is rewritten from some block up (new hashes, other transfers)
 * while the tracker follows the head with CONFIRMATIONS=0.
 */
class ReorgRouteIT {

    private static final long START = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LogCapture logLines = new LogCapture();
    private RpcProviderFake provider;
    private EtherscanFake etherscan;
    private TrackerApp app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (etherscan != null) {
            etherscan.close();
        }
        logLines.close();
    }

    /** The first chain: 500 transfers, 5 a block, over blocks START..START+99. */
    private static SyntheticLogs original() {
        return new SyntheticLogs(61, 30).transfers(START, 500, 5);
    }

    /** The same history up to block {@code fork}, then other transfers from fork + 1 to fork + 12. */
    private static SyntheticLogs rewrittenAbove(long fork) {
        return new SyntheticLogs(61, 30).transfers(START, (int) (fork - START + 1) * 5, 5)
                .add(fork + 1, 0, SyntheticLogs.ZERO, "00000000000000000000000000000000000000c3", BigInteger.valueOf(777))
                .transfers(fork + 2, 44, 4);
    }

    private TrackerApp rpcApp(String name) {
        provider = new RpcProviderFake();
        return new TrackerApp(name).with("RPC_URL", provider.url()).with("RPC_CALLS_PER_SEC", "1000")
                .with("RPC_BLOCK_RANGE", "10").with("START_BLOCK", Long.toString(START));
    }

    @Test
    void lastBlocksReplacedThroughJsonRpcAreRolledBackAndFetchedAgain() throws Exception {
        app = rpcApp("reorg_rpc").start();
        SyntheticLogs first = original();
        provider.chain(first.logs(), START + 99);
        awaitExact(first, START + 99);

        SyntheticLogs second = rewrittenAbove(START + 94);
        provider.reorg(START + 95, second.logs(), START + 106);
        awaitExact(second, START + 106);

        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().startsWith("reorg:")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("block " + (START + 99) + " was 0x" + String.format("%064x", START + 99))
                        .contains("fork block " + (START + 94)).contains("depth 5 blocks")
                        .contains("fetching again from block " + (START + 95)));
        assertThat(Http.get(app.managementUrl() + "/observe/metrics").body()).contains("usde_reorgs_total 1.0");
    }

    @Test
    void aChainThatGetsShorterIsRolledBackWithoutWaitingForItToGrowBack() throws Exception {
        app = rpcApp("reorg_shorter").start();
        SyntheticLogs first = original();
        provider.chain(first.logs(), START + 99);
        awaitExact(first, START + 99);

        // blocks 95.. replaced by a chain whose head is 97, two blocks below the cursor; it does not grow
        SyntheticLogs shorter = new SyntheticLogs(61, 30).transfers(START, 95 * 5, 5)
                .add(START + 95, 0, SyntheticLogs.ZERO, "00000000000000000000000000000000000000c3", BigInteger.valueOf(777))
                .transfers(START + 96, 8, 4);
        provider.reorg(START + 95, shorter.logs(), START + 97);
        awaitExact(shorter, START + 97);

        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().startsWith("reorg:")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("fork block " + (START + 94))
                        .contains("rolled back blocks " + (START + 95) + ".." + (START + 99))
                        .contains("depth 5 blocks"));
    }

    @Test
    void aSourceWhoseHeadFallsBelowTheCursorWithTheSameBlocksIsWaitedForAndSaidSo() throws Exception {
        app = rpcApp("reorg_lagging").start();
        SyntheticLogs first = original();
        provider.chain(first.logs(), START + 99);
        awaitExact(first, START + 99);

        // a lagging node: the same blocks, but it knows only up to 90
        provider.chain(first.logs(), START + 90);
        TrackerApp.await("the source's lag said", WAIT, () -> logLines.lines().stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("source behind:")));
        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().startsWith("source behind:")).first()
                .satisfies(e -> assertThat(e.getFormattedMessage())
                        .contains("tip (head less CONFIRMATIONS) " + (START + 90) + " is below the newest recorded block " + (START + 99))
                        .contains("block " + (START + 90) + " still matches"));
        assertThat(app.cursor()).isEqualTo(START + 99);
        assertThat(logLines.lines()).noneMatch(e -> e.getFormattedMessage().startsWith("reorg:"));

        provider.chain(first.logs(), START + 99);
        TrackerApp.await("the tip back at the cursor", WAIT,
                () -> app.queryLong("SELECT tip_block FROM sync_state") == START + 99);
        assertThat(app.cursor()).isEqualTo(START + 99);
        assertThat(app.balances()).isEqualTo(first.balances());
    }

    @Test
    void reorgDeeperThanOneFetchedWindowThroughEtherscanIsRolledBackToTheForkPoint() throws Exception {
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF");
        app = new TrackerApp("reorg_etherscan", etherscan).with("START_BLOCK", Long.toString(START)).start();
        SyntheticLogs first = original();
        etherscan.chain(first.logs(), START + 60);
        awaitExact(new SyntheticLogs(61, 30).transfers(START, 305, 5), START + 60);
        // following the head: windows of a few blocks each, every one recorded
        for (long head = START + 64; head <= START + 99; head += 5) {
            etherscan.chain(first.logs(), head);
            long reached = head;
            TrackerApp.await("cursor at " + head, WAIT, () -> app.cursor() == reached);
        }
        assertThat(app.balances()).isEqualTo(first.balances());

        SyntheticLogs second = rewrittenAbove(START + 70);
        etherscan.reorg(START + 71, second.logs(), START + 82);
        awaitExact(second, START + 82);
        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().startsWith("reorg:")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("fork block " + (START + 70)));
        assertThat(app.queryLong("SELECT count(*) FROM blocks WHERE number > " + (START + 82))).isZero();
    }

    @Test
    void reorgBeyondTheWindowStopsTheSyncWithTheCursorUnchanged() throws Exception {
        app = rpcApp("reorg_too_deep").with("REORG_WINDOW", "8").start();
        SyntheticLogs first = original();
        provider.chain(first.logs(), START + 99);
        awaitExact(first, START + 99);

        provider.reorg(START + 50, rewrittenAbove(START + 49).logs(), START + 99);
        TrackerApp.await("sync-transfers stopped", WAIT,
                () -> app.context().getRouteController().getRouteStatus("sync-transfers") == ServiceStatus.Stopped);
        assertThat(app.cursor()).isEqualTo(START + 99);
        assertThat(app.balances()).isEqualTo(first.balances());
        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().contains("sync stopped")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("REORG_WINDOW=8").contains("block " + (START + 99)));
        assertThat(Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full").body()).contains("REORG_WINDOW=8");
    }

    private void awaitExact(SyntheticLogs chain, long tip) throws Exception {
        TrackerApp.await("cursor at the tip " + tip + " with the chain's balances", WAIT,
                () -> app.cursor() == tip && app.balances().entrySet().stream().filter(e -> e.getValue().signum() != 0)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))
                        .equals(nonZero(chain.balances())));
        long transfers = chain.logs().size();
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2 * transfers);
        assertThat(app.queryLong("SELECT count(*) FROM (SELECT tx_hash, log_index FROM deltas GROUP BY 1, 2 HAVING count(*) <> 2) d"))
                .isZero();
        assertThat(app.queryLong("SELECT count(*) FROM balances b WHERE balance <> "
                + "(SELECT COALESCE(sum(amount), 0) FROM deltas d WHERE d.address = b.address)")).isZero();
    }

    private static Map<String, BigInteger> nonZero(Map<String, BigInteger> balances) {
        return balances.entrySet().stream().filter(e -> e.getValue().signum() != 0)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}

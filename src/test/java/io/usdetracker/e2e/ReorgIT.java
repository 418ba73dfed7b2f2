package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real reorganisation on anvil, followed with CONFIRMATIONS=0 through each source: the tracker applies some
 * blocks, the chain drops them (evm_revert) and grows other blocks with other transfers in their place, and
 * every balance ends equal to balanceOf on the new chain with the dropped transfers gone.
 */
class ReorgIT {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static AnvilChain chain;

    @BeforeAll
    static void writeHistory() {
        chain = AnvilChain.start(2_000);
    }

    @AfterAll
    static void stopNode() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void blocksReplacedUnderTheJsonRpcSourceAreRolledBackAndTheNewChainIsExact() throws Exception {
        try (TrackerApp app = tracker("e2e_reorg_rpc").with("RPC_URL", chain.rpcUrl()).start()) {
            rewriteTheLastBlocksUnder(app, "e2e reorg json-rpc");
        }
    }

    @Test
    void blocksReplacedUnderTheEtherscanSourceAreRolledBackAndTheNewChainIsExact() throws Exception {
        try (EtherscanStandin etherscan = EtherscanStandin.builder(chain.rpcUrl(), "STANDINKEY0123456789").chainId(31337)
                .callsPerSecond(20).start();
             TrackerApp app = tracker("e2e_reorg_etherscan")
                     .with("ETHERSCAN_API_URL", etherscan.baseUrl())
                     .with("ETHERSCAN_API_KEY", "STANDINKEY0123456789")
                     .with("ETHERSCAN_CALLS_PER_SEC", "20")
                     .with("SOURCE_TIMEOUT", "10s")
                     .start()) {
            rewriteTheLastBlocksUnder(app, "e2e reorg etherscan");
        }
    }

    private static void rewriteTheLastBlocksUnder(TrackerApp app, String label) throws Exception {
        try (LogCapture logLines = new LogCapture()) {
            long head = chain.blockNumber();
            TrackerApp.await("cursor at the head " + head, WAIT, () -> app.cursor() >= head);
            String fork = chain.snapshot();
            chain.appendTransfers(300);
            long oldHead = chain.blockNumber();
            List<AnvilChain.TransferLog> dropped = chain.transferLogs(head + 1, oldHead);
            TrackerApp.await("the blocks to be dropped applied", WAIT, () -> app.cursor() >= oldHead);
            assertThat(txCount(app, dropped)).as("deltas of the transfers about to be dropped").isEqualTo(2L * dropped.size());

            chain.revert(fork);
            chain.mine(1);
            AnvilChain.History rewritten = chain.appendTransfers(300);
            chain.mine(2);
            long newHead = chain.blockNumber();
            assertThat(chain.transferLogs(head + 1, newHead)).as("other transfers in the new blocks")
                    .noneMatch(l -> dropped.stream().anyMatch(d -> d.txHash().equals(l.txHash())));
            TrackerApp.await("cursor at the new head " + newHead + " after a rollback", WAIT,
                    () -> app.cursor() >= newHead && logLines.anyContains("reorg: "));
            ChainCheck.assertExact(label, app, chain, rewritten.oddLogs());
            assertThat(txCount(app, dropped)).as("deltas of the dropped transfers").isZero();
            String reorg = logLines.lines().stream().map(e -> e.getFormattedMessage()).filter(m -> m.startsWith("reorg: "))
                    .findFirst().orElseThrow();
            System.out.printf("%s: %d transfers dropped, %s%n", label, dropped.size(), reorg);
            assertThat(reorg).contains("fork block " + head);
            assertThat(Http.get(app.managementUrl() + "/observe/metrics").body()).contains("usde_reorgs_total 1.0");
        }
    }

    private static long txCount(TrackerApp app, List<AnvilChain.TransferLog> logs) throws Exception {
        if (logs.isEmpty()) {
            return 0;
        }
        StringBuilder in = new StringBuilder();
        for (AnvilChain.TransferLog l : logs) {
            in.append(in.length() == 0 ? "" : ", ").append("'\\x").append(l.txHash().substring(2)).append("'");
        }
        return app.queryLong("SELECT count(*) FROM deltas WHERE tx_hash IN (" + in + ")");
    }

    private static TrackerApp tracker(String name) {
        return new TrackerApp(name)
                .with("CHAIN_ID", "31337")
                .with("USDE_ADDRESS", chain.token())
                .with("START_BLOCK", Long.toString(chain.history().deployBlock()))
                .with("SYNC_PERIOD", "500ms")
                .with("RPC_CALLS_PER_SEC", "1000");
    }
}

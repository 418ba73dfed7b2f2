package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tracker against a real node: anvil with an OpenZeppelin ERC-20 and a history of 20,000 transfers (mints,
 * burns, self-transfers, zero values, 2^256-1, a block of 1,200 Transfer logs, empty stretches, 4-topic logs),
 * read once through JSON-RPC and once through an Etherscan stand-in that follows Etherscan's rules.
 */
class AnvilEndToEndIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static AnvilChain chain;

    @BeforeAll
    static void writeHistory() {
        chain = AnvilChain.start(20_000);
        assertThat(chain.history().transfers()).isGreaterThanOrEqualTo(20_000);
        assertThat(chain.history().maxLogsInOneBlock()).isGreaterThan(1_000);
    }

    @AfterAll
    static void stopNode() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void everyBalanceReadThroughJsonRpcEqualsBalanceOf() throws Exception {
        try (TrackerApp app = tracker("e2e_rpc").with("RPC_URL", chain.rpcUrl()).with("RPC_BLOCK_RANGE", "50").start()) {
            long last = chain.history().lastBlock();
            TrackerApp.await("cursor at block " + last, WAIT, () -> app.cursor() >= last);
            ChainCheck.assertExact("e2e json-rpc", app, chain, chain.history().oddLogs());
        }
    }

    @Test
    void everyBalanceReadThroughEtherscanEqualsBalanceOf() throws Exception {
        try (EtherscanStandin etherscan = EtherscanStandin.builder(chain.rpcUrl(), "STANDINKEY0123456789").chainId(31337)
                .callsPerSecond(5).start();
             TrackerApp app = tracker("e2e_etherscan")
                     .with("ETHERSCAN_API_URL", etherscan.baseUrl())
                     .with("ETHERSCAN_API_KEY", "STANDINKEY0123456789")
                     .with("ETHERSCAN_CALLS_PER_SEC", "5")
                     .with("SOURCE_TIMEOUT", "10s")
                     .start()) {
            long last = chain.history().lastBlock();
            TrackerApp.await("cursor at block " + last, WAIT, () -> app.cursor() >= last);
            ChainCheck.assertExact("e2e etherscan", app, chain, chain.history().oddLogs());
            System.out.printf("e2e etherscan: %d calls, %d rate-limited answers%n", etherscan.totalCalls(), etherscan.rateLimited());
            assertThat(etherscan.rateLimited()).as("calls the stand-in refused for exceeding 5/s").isZero();
        }
    }

    private static TrackerApp tracker(String name) {
        return new TrackerApp(name)
                .with("CHAIN_ID", "31337")
                .with("USDE_ADDRESS", chain.token())
                .with("START_BLOCK", Long.toString(chain.history().deployBlock()))
                .with("SYNC_PERIOD", "1s")
                .with("RPC_CALLS_PER_SEC", "1000");
    }
}

package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * verify --all (the packaged jar) and the verify-balances route against anvil, on a database the real pipeline
 * filled: a balance altered by hand is named, repaired by the next run, and one the repair cannot fix (its deltas
 * are wrong too) fails readiness.
 */
class VerifyBalancesIT {

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
    void verifyAllNamesABalanceAlteredByHandAndTheNextRunRepairsIt() throws Exception {
        try (TrackerApp app = indexed("e2e_verify"); LogCapture logLines = new LogCapture()) {
            app.stop();
            TrackerProcess.Result correct = TrackerProcess.run("verify-ok", app.environment(), WAIT, "verify", "--all");
            assertThat(correct.exit()).as(correct.output()).isZero();
            assertThat(correct.output()).contains(": 0 mismatches");
            try (EtherscanStandin etherscan = EtherscanStandin.builder(chain.rpcUrl(), "STANDINKEY0123456789").chainId(31337)
                    .callsPerSecond(200).start()) {
                java.util.Map<String, String> throughEtherscan = app.environment();
                throughEtherscan.remove("RPC_URL");
                throughEtherscan.put("ETHERSCAN_API_URL", etherscan.baseUrl());
                throughEtherscan.put("ETHERSCAN_API_KEY", "STANDINKEY0123456789");
                throughEtherscan.put("ETHERSCAN_CALLS_PER_SEC", "200");
                TrackerProcess.Result viaEtherscan = TrackerProcess.run("verify-etherscan", throughEtherscan, WAIT, "verify", "--all");
                assertThat(viaEtherscan.exit()).as(viaEtherscan.output()).isZero();
                assertThat(viaEtherscan.output()).contains(": 0 mismatches");
                assertThat(etherscan.calls("eth_call")).as("balanceOf and totalSupply() through the proxy module")
                        .isGreaterThan(100);
            }

            String top = topHolder(app);
            long cursor = app.cursor();
            app.queryLong("UPDATE balances SET balance = balance + 12345 WHERE address = '\\x" + top + "' RETURNING 1");
            TrackerProcess.Result altered = TrackerProcess.run("verify-altered", app.environment(), WAIT, "verify", "--all");
            System.out.println("e2e verify: " + altered.output().lines().filter(l -> l.contains("mismatch")).toList());
            assertThat(altered.exit()).isEqualTo(1);
            assertThat(altered.output()).contains("mismatch: 0x" + top + " at block " + cursor + ": tracked ")
                    .contains(": 1 mismatches");

            app.with("VERIFY_PERIOD", "1s").start();
            TrackerApp.await("verify-balances repairs 0x" + top, WAIT, () -> logLines.anyContains("balance repaired: 0x" + top));
            assertThat(logLines.anyContains("balance mismatch: 0x" + top + " at block " + cursor)).isTrue();
            assertThat(Http.get(app.managementUrl() + "/observe/metrics").body()).contains("usde_balance_mismatches_total 1.0");
            app.stop();
            TrackerProcess.Result repaired = TrackerProcess.run("verify-repaired", app.environment(), WAIT, "verify", "--all");
            assertThat(repaired.exit()).as(repaired.output()).isZero();
        }
    }

    @Test
    void aMismatchTheRepairDoesNotFixFailsReadiness() throws Exception {
        try (TrackerApp app = indexed("e2e_verify_unrepaired"); LogCapture logLines = new LogCapture()) {
            app.stop();
            String top = topHolder(app);
            // a wrong delta: calc-balance sums the deltas, so it cannot put this balance right
            app.queryLong("UPDATE deltas SET amount = amount + 7 WHERE (block_number, tx_hash, log_index, side) = "
                    + "(SELECT block_number, tx_hash, log_index, side FROM deltas WHERE address = '\\x" + top + "' LIMIT 1) RETURNING 1");
            app.queryLong("UPDATE balances SET balance = balance + 7 WHERE address = '\\x" + top + "' RETURNING 1");
            app.with("VERIFY_PERIOD", "1s").start();
            TrackerApp.await("readiness down", WAIT, () -> Http.get(app.managementUrl() + "/observe/health/ready").statusCode() == 503);
            assertThat(Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full").body())
                    .contains("balances-verified").contains("0x" + top);
            assertThat(logLines.anyContains("balance mismatch not repaired by calc-balance: 0x" + top)).isTrue();
        }
    }

    private static TrackerApp indexed(String name) throws Exception {
        TrackerApp app = new TrackerApp(name)
                .with("RPC_URL", chain.rpcUrl())
                .with("CHAIN_ID", "31337")
                .with("USDE_ADDRESS", chain.token())
                .with("START_BLOCK", Long.toString(chain.history().deployBlock()))
                .with("SYNC_PERIOD", "500ms")
                .with("RPC_CALLS_PER_SEC", "1000")
                .start();
        long head = chain.blockNumber();
        TrackerApp.await("cursor at the head " + head, WAIT, () -> app.cursor() >= head);
        return app;
    }

    private static String topHolder(TrackerApp app) throws Exception {
        try (var c = app.db(); var s = c.prepareStatement(
                "SELECT encode(address, 'hex') FROM balances WHERE balance > 0 ORDER BY balance DESC LIMIT 1");
             var rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package io.usdetracker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A database follows one token on one chain: a changed USDE_ADDRESS or CHAIN_ID is refused, nothing written. */
class SyncStateIT {

    @Test
    void aChangedChainOrTokenIsRefusedAndTheDataStaysAsItWas() throws Exception {
        try (EtherscanFake etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF")) {
            SyntheticLogs chain = new SyntheticLogs(51, 10).transfers(100, 200, 2);
            etherscan.chain(chain.logs(), 300);
            TrackerApp app = new TrackerApp("sync_state_guard", etherscan).with("START_BLOCK", "100");
            app.start();
            TrackerApp.await("cursor at 300", Duration.ofSeconds(60), () -> app.cursor() == 300);
            app.stop();

            assertThatThrownBy(() -> app.with("CHAIN_ID", "10").start()).hasRootCauseMessage(
                    "CHAIN_ID: this database follows chain 1, not chain 10; point DATABASE_URL (or DATA_DIR) at another database to follow another chain");
            app.stop();
            assertThatThrownBy(() -> app.with("CHAIN_ID", "1").with("USDE_ADDRESS", "0x" + "1".repeat(40)).start())
                    .rootCause().hasMessageStartingWith("USDE_ADDRESS: this database tracks 0x4c9edd5852cd905f086c759e8383e09bff1e68b3");
            app.stop();
            assertThat(app.cursor()).isEqualTo(300);
            assertThat(app.balances()).isEqualTo(chain.balances());
        }
    }

    @Test
    void aStartBlockBeyondTheHeadIsSaidToWaitNotToBeCaughtUp() throws Exception {
        try (EtherscanFake etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").chain(List.of(), 500);
             LogCapture log = new LogCapture();
             TrackerApp app = new TrackerApp("sync_state_future", etherscan).with("START_BLOCK", "5000").start()) {
            TrackerApp.await("the waiting line", Duration.ofSeconds(30), () -> log.anyContains("is below the cursor"));
            assertThat(log.anyContains("caught up")).isFalse();
        }
    }
}

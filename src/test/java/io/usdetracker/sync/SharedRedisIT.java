package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two trackers, each with its own database, given the same Redis database: two tokens followed from one machine, or a
 * database started afresh beside the queue of the one before. Each one's workers must apply only its own chunks: a
 * worker that took the other's chunk would apply it under the id of one of its own (both ledgers count from 1),
 * quarantining the other token's logs as another contract's and marking its own chunk applied without its logs.
 */
class SharedRedisIT extends TrackerOnEtherscanTest {

    private static final String OTHER_TOKEN = "0x9d39a5de30e57443bff2a8307a4256c8797a3497";
    private static final long HEAD = 1_400;

    SharedRedisIT() {
        super(100);
    }

    @Test
    void twoTrackersOfTwoTokensOnOneRedisDatabaseEachApplyOnlyTheirOwnChunks() throws Exception {
        SyntheticLogs usde = new SyntheticLogs(31, 50).transfers(100, 26_000, 20);
        SyntheticLogs other = new SyntheticLogs(32, 50, OTHER_TOKEN).transfers(100, 26_000, 20);
        etherscan.chain(usde.logs(), HEAD);
        try (EtherscanFake otherEtherscan = new EtherscanFake(API_KEY).chain(other.logs(), HEAD);
             TrackerApp second = new TrackerApp("shared_redis_second", otherEtherscan)) {
            second.with("START_BLOCK", "100").with("USDE_ADDRESS", OTHER_TOKEN)
                    .with("REDIS_URL", app.env("REDIS_URL"));
            app.start();
            second.start();
            TrackerApp.await("both cursors at the head", Duration.ofSeconds(90),
                    () -> app.cursor() == HEAD && second.cursor() == HEAD);

            assertThat(app.balances()).isEqualTo(usde.balances());
            assertThat(second.balances()).isEqualTo(other.balances());
            assertThat(app.queryLong("SELECT count(*) FROM quarantine")).as("USDe's quarantine").isZero();
            assertThat(second.queryLong("SELECT count(*) FROM quarantine")).as("the other token's quarantine").isZero();
        }
    }
}

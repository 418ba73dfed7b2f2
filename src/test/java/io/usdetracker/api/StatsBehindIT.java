package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How far behind /api/stats (and the dashboard, which reads it) says the tracker is, with confirmations kept. */
class StatsBehindIT extends TrackerOnEtherscanTest {

    private static final long HEAD = 400;
    private static final int CONFIRMATIONS = 12;

    StatsBehindIT() {
        super(100);
    }

    @Test
    void aTrackerCaughtUpToTheTipIsNotBehindThoughTheHeadIsConfirmationsAhead() throws Exception {
        etherscan.chain(new SyntheticLogs(21, 10).transfers(100, 600, 2).logs(), HEAD);
        app.with("CONFIRMATIONS", Integer.toString(CONFIRMATIONS)).start();
        TrackerApp.await("cursor at the tip", Duration.ofSeconds(60), () -> app.cursor() == HEAD - CONFIRMATIONS);

        JsonNode stats = new ApiClient(app.apiUrl()).json("/api/stats");

        assertThat(stats.get("cursor").asLong()).isEqualTo(HEAD - CONFIRMATIONS);
        assertThat(stats.get("chainHead").asLong()).isEqualTo(HEAD);
        assertThat(stats.get("tip").asLong()).as("the head less the confirmations").isEqualTo(HEAD - CONFIRMATIONS);
        assertThat(stats.get("blocksBehind").asLong()).as("blocks between the cursor and the tip").isZero();
    }
}

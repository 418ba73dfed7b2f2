package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.RpcProviderFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** verify-balances against a node without the cursor block's state: the run is skipped, said once, no mismatch. */
class VerifyBalancesRouteIT {

    private static final long START = 3_000;

    @Test
    void aNodeThatCannotAnswerForTheCursorBlockSkipsTheRunAndSaysSoOnce() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(81, 20).transfers(START, 200, 4);
        try (RpcProviderFake provider = new RpcProviderFake().chain(chain.logs(), START + 60);
             LogCapture logLines = new LogCapture();
             TrackerApp app = new TrackerApp("verify_pruned").with("RPC_URL", provider.url()).with("RPC_CALLS_PER_SEC", "1000")
                     .with("START_BLOCK", Long.toString(START)).with("VERIFY_PERIOD", "300ms").start()) {
            TrackerApp.await("cursor at the tip", Duration.ofSeconds(60), () -> app.cursor() == START + 60);
            TrackerApp.await("three verify-balances runs", Duration.ofSeconds(30), () -> app.context()
                    .getRoute("verify-balances").getUptimeMillis() > 1_500);
            assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().startsWith("verify-balances skipped"))
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("cannot answer for block").contains("missing trie node"));
            assertThat(logLines.anyContains("balance mismatch")).isFalse();
            assertThat(Http.get(app.managementUrl() + "/observe/metrics").body()).contains("usde_balance_mismatches_total 0.0");
            assertThat(Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full").body())
                    .containsPattern("balances-verified[^}]*UP");
        }
    }
}

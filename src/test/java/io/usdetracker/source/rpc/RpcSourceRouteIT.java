package io.usdetracker.source.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.RpcProviderFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** sync-transfers through the JSON-RPC source against providers that refuse wide ranges, lag, or serve another chain. */
class RpcSourceRouteIT {

    private static final long START = 2_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private RpcProviderFake provider;
    private TrackerApp app;
    private LogCapture logLines;

    @BeforeEach
    void setUp(TestInfo test) {
        provider = new RpcProviderFake();
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName())
                .with("RPC_URL", provider.url())
                .with("RPC_CALLS_PER_SEC", "1000")
                .with("RPC_BLOCK_RANGE", "5000")
                .with("START_BLOCK", Long.toString(START));
        logLines = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        app.close();
        provider.close();
        logLines.close();
    }

    @Test
    void infuraStyleSuggestedRangeIsFollowedAndNothingIsSkipped() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(31, 40).transfers(START, 3_000, 2);
        provider.chain(chain.logs(), START + 4_000)
                .limit(700, -32005, "query returned more than 10000 results. Try with this block range [{from}, {to}].");
        app.start();
        awaitExact(chain, START + 4_000);
        assertThat(provider.refusals()).isPositive();
    }

    @Test
    void ankrStyleRefusalWithoutARangeHalvesUntilAccepted() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(32, 40).transfers(START + 50, 2_000, 3);
        provider.chain(chain.logs(), START + 3_000).limit(900, -32062, "block range is too wide");
        app.start();
        awaitExact(chain, START + 3_000);
    }

    @Test
    void tooManyRequestsAndBadGatewayAnswersAreRetried() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(35, 20).transfers(START, 900, 3);
        provider.chain(chain.logs(), START + 500).failNext(429, 502, 503, 429);
        app.start();
        awaitExact(chain, START + 500);
        assertThat(logLines.anyContains("HTTP 502")).isTrue();
        assertThat(logLines.anyContains("rate limited: HTTP 429")).isTrue();
    }

    @Test
    void logsOfBlocksTheNodeDoesNotKnowYetAreNotTrusted() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(33, 20).transfers(START, 600, 2);
        provider.chain(chain.logs(), START + 400).knownHead(START + 100);
        app.start();
        TrackerApp.await("a warning about the lagging node", WAIT,
                () -> logLines.lines().stream().anyMatch(e -> e.getFormattedMessage().contains("not trusted")));
        assertThat(app.cursor()).isLessThanOrEqualTo(START + 100);
        provider.knownHead(Long.MAX_VALUE);
        awaitExact(chain, START + 400);
    }

    @Test
    void aNodeOfAnotherChainStopsTheSyncWithTheCursorUnchangedAndTheUrlKeyNeverShown() throws Exception {
        provider.chain(new SyntheticLogs(34, 5).transfers(START, 10, 1).logs(), START + 20).chainId(5);
        app.start();
        TrackerApp.await("sync-transfers stopped", WAIT,
                () -> app.context().getRouteController().getRouteStatus("sync-transfers") == ServiceStatus.Stopped);
        assertThat(app.cursor()).isEqualTo(START - 1);
        assertThat(logLines.lines()).anyMatch(e -> e.getFormattedMessage().contains("serves chain 5, not chain 1"));
        assertThat(logLines.anyContains("SECRETPATHKEY")).isFalse();
    }

    private void awaitExact(SyntheticLogs chain, long tip) throws Exception {
        TrackerApp.await("cursor at the tip " + tip, WAIT, () -> app.cursor() == tip);
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2L * chain.logs().size());
    }
}

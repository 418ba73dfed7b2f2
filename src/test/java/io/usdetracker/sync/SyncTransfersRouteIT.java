package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.Http;
import io.usdetracker.support.EtherscanFake.Fault;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.TrackerApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** sync-transfers against WireMock standing in for Etherscan, through to balances in PostgreSQL. */
class SyncTransfersRouteIT {

    private static final long START = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EtherscanFake etherscan;
    private TrackerApp app;
    private LogCapture logLines;

    @BeforeEach
    void setUp(TestInfo test) {
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF");
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan).with("START_BLOCK", Long.toString(START));
        logLines = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        app.close();
        etherscan.close();
        logLines.close();
    }

    @Test
    void emptyRangeMovesTheCursorToTheTipAndAppliesNothing() throws Exception {
        etherscan.chain(new SyntheticLogs(1, 5).logs(), START + 5_000);
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == START + 5_000);
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isZero();
        assertThat(app.balances()).isEmpty();
    }

    @Test
    void pagesEndingMidBlockApplyEveryLogExactlyOnce() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(2, 40).transfers(START + 10, 2_500, 7);
        etherscan.chain(chain.logs(), START + 600);
        app.start();
        awaitExact(chain, START + 600);
        assertThat(etherscan.calls("getLogs")).as("three full pages, the last short").isBetween(3, 4);
    }

    @Test
    void windowHoldingMoreThanTenThousandLogsIsNarrowedByBlockRange() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(3, 200).transfers(START, 12_000, 9);
        etherscan.chain(chain.logs(), START + 2_000);
        app.start();
        awaitExact(chain, START + 2_000);
        assertThat(logLines.lines()).noneMatch(e -> e.getFormattedMessage().contains("Result window is too large"));
    }

    @Test
    void rateLimitBodiesAreRetriedUntilSuccess() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(4, 30).transfers(START, 1_500, 5);
        etherscan.chain(chain.logs(), START + 400).failNextGetLogs(Fault.RATE_LIMIT, Fault.RATE_LIMIT, Fault.RATE_LIMIT);
        app.start();
        awaitExact(chain, START + 400);
        assertThat(logLines.lines()).anyMatch(e -> e.getFormattedMessage().contains("rate limit"));
    }

    @Test
    void badGatewayPagesCutBodiesResetsAndTimeOutsAreRetried() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(5, 30).transfers(START, 2_200, 6);
        etherscan.chain(chain.logs(), START + 400)
                .slowMillis(2_500)
                .failNextGetLogs(Fault.HTML_502, Fault.CUT_JSON, Fault.CONNECTION_RESET, Fault.SLOW, Fault.HTML_502);
        app.start();
        awaitExact(chain, START + 400);
    }

    @Test
    void queryTimeoutNarrowsTheWindow() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(6, 30).transfers(START + 100, 800, 4);
        etherscan.chain(chain.logs(), START + 1_000).failNextGetLogs(Fault.QUERY_TIMEOUT, Fault.QUERY_TIMEOUT);
        app.start();
        awaitExact(chain, START + 1_000);
    }

    @Test
    void erc721ShapedLogsAreQuarantinedAndDoNotBlockTheCursor() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(7, 10).transfers(START, 50, 5).addErc721Shaped(START + 3, 9).addErc721Shaped(START + 20, 0);
        etherscan.chain(chain.logs(), START + 30);
        app.start();
        awaitExact(chain, START + 30);
        assertThat(app.queryLong("SELECT count(*) FROM quarantine WHERE reason LIKE '%4 topics%'")).isEqualTo(2);
    }

    @Test
    void invalidKeyStopsTheSyncWithTheCursorUnchangedAndTheKeyNeverShown() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(8, 10).transfers(START, 100, 5);
        etherscan.chain(chain.logs(), START + 100);
        app.with("ETHERSCAN_API_KEY", "WRONGKEY9876543210ZYXW").start();
        TrackerApp.await("sync-transfers stopped", WAIT,
                () -> app.context().getRouteController().getRouteStatus("sync-transfers") == ServiceStatus.Stopped);
        assertThat(app.cursor()).isEqualTo(START - 1);
        assertThat(logLines.lines()).filteredOn(e -> e.getFormattedMessage().contains("sync stopped"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("Invalid API Key").contains("ETHERSCAN_API_KEY"));
        assertThat(logLines.anyContains("WRONGKEY9876543210ZYXW")).isFalse();
        // the process stays up (the API still serves what is applied), but it no longer says it is ready
        HttpResponse<String> ready = Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("sync-source").contains("Invalid API Key").doesNotContain("WRONGKEY9876543210ZYXW");
    }

    private void awaitExact(SyntheticLogs chain, long tip) throws Exception {
        TrackerApp.await("cursor at the tip " + tip, WAIT, () -> app.cursor() == tip);
        long transfers = chain.logs().stream().filter(l -> l.topics().size() == 3).count();
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2 * transfers);
        assertThat(app.queryLong("SELECT count(*) FROM (SELECT tx_hash, log_index FROM deltas GROUP BY 1, 2 HAVING count(*) <> 2) d"))
                .isZero();
        assertThat(app.balances()).isEqualTo(chain.balances());
    }
}

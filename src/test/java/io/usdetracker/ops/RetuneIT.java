package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Routes loaded from ROUTES_DIR follow edits of their files while the tracker runs. */
class RetuneIT {

    private static final long START = 13_000;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PACKAGED = "src/main/resources/routes";

    @TempDir
    Path routes;
    private EtherscanFake etherscan;
    private TrackerApp app;
    private final List<Long> syncRunsStarted = new ArrayList<>();
    private LogCapture logs;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        try (var files = Files.list(Path.of(PACKAGED))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF");
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan)
                .with("START_BLOCK", Long.toString(START)).with("ROUTES_DIR", routes.toString())
                .bind("syncRunTimes", new SyncRunTimes());
        logs = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        app.close();
        etherscan.close();
        logs.close();
    }

    @Test
    void editingTheTimerPeriodRetunesTheRunningSyncAndABrokenFileIsRejected() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(81, 20).transfers(START, 1_000, 4);
        long tip = START + 300;
        etherscan.chain(chain.logs(), tip);
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        TrackerApp.await("a few runs at the 300 ms period", WAIT, () -> runs() >= 5);
        assertThat(gapsOfLast(3)).as("period 300ms").allMatch(gap -> gap < 1_200);

        Path sync = routes.resolve("sync-transfers.camel.yaml");
        String original = Files.readString(sync, StandardCharsets.UTF_8);
        assertThat(original).contains("period: \"{{SYNC_PERIOD:15s}}\"");
        save(sync, original.replace("period: \"{{SYNC_PERIOD:15s}}\"", "period: 2s"));

        TrackerApp.await("the route reloaded", WAIT, () -> logs.anyContains("Routes reloaded summary"));
        int reloadedAt = runs();
        TrackerApp.await("three runs after the reload", WAIT, () -> runs() >= reloadedAt + 4);
        assertThat(gapsOfLast(3)).as("period 2s").allMatch(gap -> gap >= 1_900 && gap < 4_000);
        assertThat(app.cursor()).as("cursor unchanged by the reload").isEqualTo(tip);

        save(sync, original.replace("      parameters:\n        period", "      parameters:\n      period"));
        TrackerApp.await("the broken file rejected", WAIT, () -> logs.anyContains(
                "routes: sync-transfers.camel.yaml rejected, the routes it holds keep running as they were: while parsing a block mapping"));
        int rejectedAt = runs();
        TrackerApp.await("the old route still running", WAIT, () -> runs() >= rejectedAt + 3);
        assertThat(app.context().getRouteController().getRouteStatus("sync-transfers")).isEqualTo(ServiceStatus.Started);
        assertThat(gapsOfLast(2)).as("still the 2s period").allMatch(gap -> gap >= 1_900);

        // valid YAML, but an endpoint Camel cannot create: Camel has stopped the old route before it finds out
        save(sync, original.replace("uri: timer:sync-transfers", "uri: tmer:sync-transfers")
                .replace("period: \"{{SYNC_PERIOD:15s}}\"", "period: 2s"));
        TrackerApp.await("the unknown endpoint rejected", WAIT, () -> logs.anyContains(
                "routes: sync-transfers.camel.yaml rejected, the routes it holds keep running as they were"
                        + ": No endpoint could be found for: tmer://sync-transfers"));
        TrackerApp.await("the previous version back", WAIT, () -> logs.anyContains(
                "routes: the previous version of sync-transfers.camel.yaml is running again"));
        int restoredAt = runs();
        TrackerApp.await("runs of the restored route", WAIT, () -> runs() >= restoredAt + 3);
        assertThat(app.context().getRouteController().getRouteStatus("sync-transfers")).isEqualTo(ServiceStatus.Started);
        assertThat(gapsOfLast(2)).as("the 2s period of the version restored").allMatch(gap -> gap >= 1_900);

        etherscan.chain(chain.logs(), tip + 10);
        TrackerApp.await("the old route still syncing", WAIT, () -> app.cursor() == tip + 10);
        assertThat(app.balances()).isEqualTo(chain.balances());
    }

    @Test
    void aNewFileNamingARouteAnotherFileHoldsIsRejectedAndThatRouteKeepsRunning() throws Exception {
        // a copy of a file made to try a variant, its route id left as it was, would silently take the route over
        SyntheticLogs chain = new SyntheticLogs(83, 20).transfers(START, 400, 4);
        long tip = START + 100;
        etherscan.chain(chain.logs(), tip);
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);

        String original = Files.readString(routes.resolve("sync-transfers.camel.yaml"), StandardCharsets.UTF_8);
        save(routes.resolve("sync-transfers-slow.camel.yaml"),
                original.replace("period: \"{{SYNC_PERIOD:15s}}\"", "period: 5s"));

        TrackerApp.await("the copy rejected", WAIT, () -> logs.anyContains("routes: sync-transfers-slow.camel.yaml rejected, "
                + "the routes it holds keep running as they were: route sync-transfers is sync-transfers.camel.yaml's"));
        int rejectedAt = runs();
        TrackerApp.await("runs after the rejection", WAIT, () -> runs() >= rejectedAt + 4);
        assertThat(gapsOfLast(3)).as("still the 300 ms period").allMatch(gap -> gap < 1_200);
        assertThat(app.context().getRoute("sync-transfers").getSourceResource().getLocation())
                .endsWith("sync-transfers.camel.yaml").doesNotContain("slow");
    }

    @Test
    void aReloadMidBackfillWaitsOnlyForTheWindowInHand() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(82, 30).transfers(START, 30_000, 10);
        long tip = START + 3_000;
        etherscan.chain(chain.logs(), tip);
        app.with("ETHERSCAN_CALLS_PER_SEC", "2").start();
        TrackerApp.await("backfill under way", WAIT, () -> app.queryLong("SELECT fetched_block FROM sync_state") > START);

        Path sync = routes.resolve("sync-transfers.camel.yaml");
        String original = Files.readString(sync, StandardCharsets.UTF_8);
        long edited = System.nanoTime();
        save(sync, original.replace("period: \"{{SYNC_PERIOD:15s}}\"", "period: 1s"));
        TrackerApp.await("the route reloaded", WAIT, () -> logs.anyContains("Routes reloaded summary"));
        assertThat(Duration.ofNanos(System.nanoTime() - edited)).as("a run stops after its window, not at its 5 min budget")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(app.queryLong("SELECT fetched_block FROM sync_state")).as("still mid-backfill").isLessThan(tip);

        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        assertThat(app.balances()).isEqualTo(chain.balances());
    }

    /**
     * Saves a route file whole, as an editor that writes a copy and renames it does: a file written in place can be
     * seen by the watcher empty, then again full, and reloaded twice.
     */
    private static void save(Path file, String text) throws IOException {
        Path copy = file.resolveSibling("." + file.getFileName() + ".saving");
        Files.writeString(copy, text, StandardCharsets.UTF_8);
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private synchronized int runs() {
        return syncRunsStarted.size();
    }

    private synchronized List<Long> gapsOfLast(int count) {
        List<Long> gaps = new ArrayList<>();
        for (int i = syncRunsStarted.size() - count; i < syncRunsStarted.size(); i++) {
            gaps.add(syncRunsStarted.get(i) - syncRunsStarted.get(i - 1));
        }
        return gaps;
    }

    /** When each exchange of the timer of sync-transfers began. */
    private final class SyncRunTimes extends EventNotifierSupport {

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCreatedEvent created
                    && "sync-transfers".equals(created.getExchange().getFromRouteId())) {
                synchronized (RetuneIT.this) {
                    syncRunsStarted.add(System.currentTimeMillis());
                }
            }
        }
    }
}

package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import io.usdetracker.support.TrackerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/** ROLE decides which routes a JVM runs; of several sync processes exactly one fetches, and another takes over. */
class RolesIT extends TrackerOnEtherscanTest {

    private static final long START = 7_000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String HOLDS = "this process holds the sync leader lock and fetches";
    private static final String WAITS = "another sync process holds the leader lock; this one waits";

    RolesIT() {
        super(START);
    }

    @Test
    void eachRoleRunsOnlyItsRoutes() {
        Map<String, List<String>> expected = Map.of(
                "all", List.of("advance-cursor", "api-balance", "api-history", "api-holders", "api-holders-csv", "api-stats",
                        "api-transfers", "calc-balance", "dashboard", "dashboard-asset", "detect-reorg", "parse-transfer",
                        "record-history", "requeue-chunks", "rest-api", "sync-transfers", "verify-balances"),
                "sync", List.of("advance-cursor", "calc-balance", "detect-reorg", "requeue-chunks", "sync-transfers",
                        "verify-balances"),
                "worker", List.of("advance-cursor", "parse-transfer"),
                "api", List.of("api-balance", "api-history", "api-holders", "api-holders-csv", "api-stats", "api-transfers",
                        "calc-balance", "dashboard", "dashboard-asset", "record-history", "rest-api"),
                "console", List.of());
        expected.forEach((role, routes) -> {
            app.with("ROLE", role).start();
            try {
                assertThat(app.context().getRoutes().stream().map(Route::getRouteId).sorted().toList())
                        .as("routes of ROLE=%s", role).isEqualTo(routes);
            } finally {
                app.stop();
            }
        });
    }

    @Test
    void ofTwoSyncProcessesOneFetchesAndTheOtherTakesOverWhenItIsKilled() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(51, 40).transfers(START, 24_000, 4);
        long tip = START + 6_000;
        etherscan.chain(chain.logs(), tip);
        app.with("ROLE", "worker").with("QUEUE_MAX_CHUNKS", "2").start();
        // with the worker held back, the queue fills and the first sync pauses mid-backfill, where it is killed
        app.context().getRouteController().stopRoute("parse-transfer");
        Map<String, String> sync = app.environment();
        sync.put("ROLE", "sync");

        sync.put("MANAGEMENT_PORT", Integer.toString(TrackerApp.freePort()));
        try (TrackerProcess first = TrackerProcess.start("sync-first", sync)) {
            first.awaitOutput(HOLDS, WAIT);
            sync.put("MANAGEMENT_PORT", Integer.toString(TrackerApp.freePort()));
            try (TrackerProcess second = TrackerProcess.start("sync-second", sync)) {
                second.awaitOutput(WAITS, WAIT);
                TrackerApp.await("the first sync past its first windows", WAIT,
                        () -> app.queryLong("SELECT fetched_block FROM sync_state") > START);
                assertThat(second.output()).doesNotContain(HOLDS);
                long fetchedBeforeKill = app.queryLong("SELECT fetched_block FROM sync_state");
                assertThat(fetchedBeforeKill).as("the first sync is mid-backfill").isLessThan(tip);

                first.kill();

                second.awaitOutput(HOLDS, WAIT);
                app.context().getRouteController().startRoute("parse-transfer");
                TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
                assertThat(first.output()).doesNotContain(WAITS);
            }
        }
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isEqualTo(2L * chain.logs().size());
    }
}

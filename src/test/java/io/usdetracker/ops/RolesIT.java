package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** ROLE decides which routes a JVM runs; of several sync processes exactly one fetches, and another takes over. */
class RolesIT {

    private static final long START = 7_000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String HOLDS = "this process holds the sync leader lock and fetches";
    private static final String WAITS = "another sync process holds the leader lock; this one waits";

    private EtherscanFake etherscan;
    private TrackerApp app;

    @BeforeEach
    void setUp(TestInfo test) {
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").chain(List.of(), START - 1);
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan).with("START_BLOCK", Long.toString(START));
    }

    @AfterEach
    void tearDown() {
        app.close();
        etherscan.close();
    }

    @Test
    void eachRoleRunsOnlyItsRoutes() {
        List<String> pipeline = List.of("advance-cursor", "enqueue-chunk", "parse-transfer", "requeue-chunks", "sync-transfers");
        List<String> all = routesOf("all");
        assertThat(all).containsAll(pipeline).contains("calc-balance", "record-history", "api-json", "dashboard");
        assertThat(routesOf("sync")).isEqualTo(List.of("advance-cursor", "calc-balance", "enqueue-chunk", "requeue-chunks",
                "sync-transfers"));
        assertThat(routesOf("worker")).isEqualTo(List.of("advance-cursor", "parse-transfer"));
        assertThat(routesOf("api")).as("everything but the pipeline")
                .isEqualTo(all.stream().filter(r -> !pipeline.contains(r)).toList());
        assertThat(routesOf("console")).isEmpty();
    }

    private List<String> routesOf(String role) {
        app.with("ROLE", role).start();
        try {
            return app.context().getRoutes().stream().map(Route::getRouteId).sorted().toList();
        } finally {
            app.stop();
        }
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

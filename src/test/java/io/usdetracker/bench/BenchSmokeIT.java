package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.usdetracker.e2e.AnvilChain;
import io.usdetracker.support.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * bench/run on a small history (3,000 transfers), so that the benchmark keeps working: every part runs (the main
 * backfill, the bulk floor, the per-log reference, the Etherscan path), each is held to balanceOf, and the summary
 * prints. Its figures are not judged: this machine's speed is not a test's business.
 */
class BenchSmokeIT {

    private static final int TRANSFERS = 3000;
    private static final int PER_LOG_WINDOW = 60;

    @Test
    void theBenchmarkRunsEveryPartOnASmallHistoryAndFindsEveryBalanceExact() throws Exception {
        BackfillBench.Options options = new BackfillBench.Options(URI.create(TestServices.freshDatabase("bench_smoke")),
                URI.create(TestServices.redisUrl() + "/0"), System.getenv().getOrDefault("TEST_DB_PREFIX", "t_") + "smoke_",
                TRANSFERS, Path.of(".bench-cache"), Path.of("target", "bench-smoke"), PER_LOG_WINDOW, true, true, false, 120);

        BackfillBench.Report report = BackfillBench.run(options);

        assertThat(report.main().transfers()).isGreaterThanOrEqualTo(TRANSFERS);
        assertThat(report.main().seconds()).isPositive();
        assertThat(report.main().peakRssMb()).isPositive();
        assertThat(report.main().sourceCalls()).isPositive();
        assertThat(report.main().stageSeconds()).containsOnlyKeys(BackfillRun.STAGES).allSatisfy((stage, s) -> assertThat(s).as(stage).isPositive());
        assertThat(report.floorSeconds()).isPositive();
        assertThat(report.perLogTransfersPerSecond()).isPositive();
        // the small history is done by the per-log design long before its window ends: its rate is over the time
        // it took, not over the whole window (which made it look 5 times slower than it is)
        assertThat(report.perLogSeconds()).isLessThan(PER_LOG_WINDOW);
        assertThat(report.perLogTransfersPerSecond()).isCloseTo(report.perLogTransfers() / report.perLogSeconds(), within(1e-6));
        assertThat(report.etherscan().transfers()).isEqualTo(report.main().transfers());
        assertThat(report.etherscanGetLogsCalls()).isPositive();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchSummary.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("transfers/s through JSON-RPC", "tracker / per-log",
                "bulk floor", "Etherscan: share of 5 calls/s");
    }

    @Test
    void aSingleWrongBalanceFailsTheBenchmarksCheck() throws Exception {
        BackfillBench.Options options = new BackfillBench.Options(URI.create(TestServices.freshDatabase("bench_smoke_wrong")),
                URI.create(TestServices.redisUrl() + "/0"), System.getenv().getOrDefault("TEST_DB_PREFIX", "t_") + "smoke_wrong_",
                TRANSFERS, Path.of(".bench-cache"), Path.of("target", "bench-smoke"), 1, true, false, false, 120);
        BackfillBench.Report report = BackfillBench.run(options);
        try (AnvilChain chain = BenchHistory.open(Path.of(".bench-cache"), TRANSFERS);
             Connection db = BenchDatabase.connect(report.main().databaseUrl()); Statement s = db.createStatement()) {
            ExpectedBalances expected = ExpectedBalances.of(chain);
            expected.check("as backfilled", db);
            s.execute("UPDATE balances SET balance = balance + 1 WHERE address = (SELECT address FROM balances WHERE balance > 0 ORDER BY address LIMIT 1)");
            assertThatThrownBy(() -> expected.check("one balance off by one", db))
                    .hasMessageContaining("NOT exact: 1 balances differ from balanceOf");
        }
    }

    @Test
    void aBenchmarkStoppedBySigtermLeavesNoTrackerOrNodeRunning() throws Exception {
        BenchHistory.open(Path.of(".bench-cache"), TRANSFERS).close(); // the history is cached before the clock runs
        URI admin = URI.create(TestServices.adminDatabaseUrl());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "target/usde-tracker.jar" + java.io.File.pathSeparator + "target/test-classes",
                "io.usdetracker.bench.BackfillBench").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "bench-smoke", "sigterm.log").toFile());
        Path.of("target", "bench-smoke").toFile().mkdirs();
        builder.environment().put("BENCH_DATABASE_URL", admin.toString());
        builder.environment().put("BENCH_REDIS_URL", TestServices.redisUrl() + "/0");
        String prefix = System.getenv().getOrDefault("TEST_DB_PREFIX", "t_") + "smoke_term_";
        builder.environment().put("TEST_DB_PREFIX", prefix);
        builder.environment().put("BENCH_TRANSFERS", Integer.toString(TRANSFERS));
        builder.environment().put("BENCH_SCALING", "0");
        builder.environment().put("BENCH_ETHERSCAN", "0");
        builder.environment().put("BENCH_PER_LOG_SECONDS", "600");
        TestServices.freshDatabase("smoke_term_bench_per_log"); // an earlier run's, whose deltas would be seen below
        Process bench = builder.start();
        List<ProcessHandle> children = List.of();
        try {
            // wait until the per-log tracker has begun writing deltas (the main run before it is over in a few
            // seconds), and stop the benchmark while its queues hold work
            String perLogDatabase = admin.resolve(prefix + "bench_per_log").toString();
            long deadline = System.currentTimeMillis() + 120_000;
            while (!Files.readString(Path.of("target", "bench-smoke", "sigterm.log")).contains("bulk floor:")
                    || deltas(perLogDatabase) == 0) {
                assertThat(bench.isAlive()).as("bench/run still running").isTrue();
                assertThat(System.currentTimeMillis()).as("the per-log run's first delta within 120 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            children = bench.descendants().toList();
            String deployment;
            try (Connection db = BenchDatabase.connect(perLogDatabase); Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT CAST(deployment AS TEXT) FROM sync_state")) {
                rs.next();
                deployment = rs.getString(1);
            }
            assertThat(children).as("the anvil node and the per-log tracker").hasSizeGreaterThanOrEqualTo(2);

            bench.destroy(); // SIGTERM, as `kill` or `timeout` sends

            assertThat(bench.waitFor(90, TimeUnit.SECONDS)).as("bench/run ends on SIGTERM").isTrue();
            assertThat(Files.readString(Path.of("target", "bench-smoke", "sigterm.log"))).as("stopped before the per-log run's end")
                    .doesNotContain("per-log: exact");
            long until = System.currentTimeMillis() + 30_000;
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(h -> h.info().commandLine().orElse("?")))
                    .as("processes bench/run started, alive after it ended").isEmpty();
            try (Jedis jedis = new Jedis(URI.create(TestServices.redisUrl() + "/0"))) {
                assertThat(jedis.keys("*:" + deployment)).as("the stopped run's queues").isEmpty();
            }
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            children.forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }

    private static long deltas(String databaseUrl) {
        try (Connection db = BenchDatabase.connect(databaseUrl)) {
            return ExpectedBalances.count(db, "SELECT count(*) FROM deltas");
        } catch (Exception notThereYet) {
            return 0;
        }
    }
}

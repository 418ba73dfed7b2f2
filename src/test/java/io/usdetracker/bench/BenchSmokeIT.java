package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.e2e.AnvilChain;
import io.usdetracker.support.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * bench/run on a small history (3,000 transfers), so that the benchmark keeps working: every part runs (the main
 * backfill, the bulk floor, the per-log reference, the Etherscan path), each is held to balanceOf, and the summary
 * prints. Its figures are not judged: this machine's speed is not a test's business.
 */
class BenchSmokeIT {

    private static final int TRANSFERS = 3000;

    @Test
    void theBenchmarkRunsEveryPartOnASmallHistoryAndFindsEveryBalanceExact() throws Exception {
        BackfillBench.Options options = new BackfillBench.Options(URI.create(TestServices.freshDatabase("bench_smoke")),
                URI.create(TestServices.redisUrl() + "/0"), System.getenv().getOrDefault("TEST_DB_PREFIX", "t_") + "smoke_",
                TRANSFERS, Path.of(".bench-cache"), Path.of("target", "bench-smoke"), 5, true, true, false, 120);

        BackfillBench.Report report = BackfillBench.run(options);

        assertThat(report.main().transfers()).isGreaterThanOrEqualTo(TRANSFERS);
        assertThat(report.main().seconds()).isPositive();
        assertThat(report.main().peakRssMb()).isPositive();
        assertThat(report.main().sourceCalls()).isPositive();
        assertThat(report.main().stageSeconds()).containsOnlyKeys(BackfillRun.STAGES).allSatisfy((stage, s) -> assertThat(s).as(stage).isPositive());
        assertThat(report.floorSeconds()).isPositive();
        assertThat(report.perLogTransfersPerSecond()).isPositive();
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
}

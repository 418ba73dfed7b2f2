package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.cli.Commands;
import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** reset-cursor, rebuild-balances and status against a database the real tracker filled. */
class CommandsIT {

    private static final long START = 9_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private EtherscanFake etherscan;
    private TrackerApp app;
    private SyntheticLogs chain;
    private Map<String, BigInteger> balancesAtReset;
    private long tip;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        chain = new SyntheticLogs(61, 25).transfers(START, 2_000, 4);
        balancesAtReset = new HashMap<>(chain.balances());
        chain.transfers(START + 500, 2_000, 4).addErc721Shaped(START + 700, 9);
        tip = START + 1_100;
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").chain(chain.logs(), tip);
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan).with("START_BLOCK", Long.toString(START));
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        app.stop();
    }

    @AfterEach
    void tearDown() {
        app.close();
        etherscan.close();
    }

    @Test
    void resetCursorClearsWhatLiesAboveAndTheTrackerFetchesItAgain() throws Exception {
        long to = START + 499;
        Outcome reset = command("reset-cursor", "--to", Long.toString(to));

        assertThat(reset.exit).as(reset.err).isZero();
        assertThat(reset.out).contains("cursor moved from " + tip + " to " + to)
                .contains("removed " + 2 * 2_000 + " deltas").contains("1 quarantined logs")
                .contains("fetches again from block " + (to + 1));
        assertThat(app.cursor()).isEqualTo(to);
        assertThat(app.queryLong("SELECT fetched_block FROM sync_state")).isEqualTo(to);
        assertThat(app.queryLong("SELECT count(*) FROM deltas WHERE block_number > " + to)).isZero();
        assertThat(app.queryLong("SELECT count(*) FROM blocks WHERE number > " + to)).isZero();
        assertThat(app.queryLong("SELECT count(*) FROM chunks WHERE to_block > " + to)).isZero();
        assertThat(app.queryLong("SELECT count(*) FROM quarantine")).isZero();
        assertThat(nonZero(app.balances())).isEqualTo(nonZero(balancesAtReset));

        app.start();
        TrackerApp.await("cursor at the tip again", WAIT, () -> app.cursor() == tip);
        assertThat(app.balances()).isEqualTo(chain.balances());
        assertThat(app.queryLong("SELECT count(*) FROM quarantine")).isEqualTo(1);
    }

    @Test
    void resetCursorRefusesATargetOutsideWhatIsApplied() throws Exception {
        Outcome below = command("reset-cursor", "--to", Long.toString(START - 2));
        assertThat(below.exit).isEqualTo(1);
        assertThat(below.err).contains("below the first block tracked less one (" + (START - 1) + ")")
                .contains("nothing was changed");

        Outcome above = command("reset-cursor", "--to", Long.toString(tip + 1));
        assertThat(above.exit).isEqualTo(1);
        assertThat(above.err).contains("above the cursor (" + tip + ")");

        assertThat(app.cursor()).isEqualTo(tip);
        assertThat(app.balances()).isEqualTo(chain.balances());

        Outcome fromStart = command("reset-cursor", "--to", Long.toString(START - 1));
        assertThat(fromStart.exit).as(fromStart.err).isZero();
        assertThat(app.queryLong("SELECT count(*) FROM deltas")).isZero();
        assertThat(nonZero(app.balances())).isEmpty();
    }

    @Test
    void aWrongCommandLineGetsTheUsageAndExitCodeTwo() {
        for (String[] args : List.of(new String[] {"reset-cursor"}, new String[] {"reset-cursor", "--to", "-5"},
                new String[] {"reset-cursor", "--to", "ten"}, new String[] {"status", "now"}, new String[] {"rebuild"})) {
            Outcome wrong = command(args);
            assertThat(wrong.exit).as(String.join(" ", args)).isEqualTo(2);
            assertThat(wrong.err).isEqualTo(Commands.USAGE + System.lineSeparator());
        }
    }

    @Test
    void rebuildBalancesRecomputesEveryBalanceFromTheDeltas() throws Exception {
        try (var c = app.db(); var s = c.createStatement()) {
            s.execute("UPDATE balances SET balance = balance + 5 WHERE address IN "
                    + "(SELECT address FROM balances ORDER BY address LIMIT 3)");
            s.execute("DELETE FROM balances WHERE address = (SELECT address FROM balances ORDER BY address DESC LIMIT 1)");
            s.execute("INSERT INTO balances VALUES (decode(repeat('ab', 20), 'hex'), 77)");
        }
        Outcome rebuild = command("rebuild-balances");

        assertThat(rebuild.exit).as(rebuild.err).isZero();
        assertThat(rebuild.out).contains(chain.balances().size() + " addresses recomputed")
                .contains("4 balances corrected or added").contains("1 without any delta removed");
        assertThat(app.balances()).isEqualTo(chain.balances());

        Outcome again = command("rebuild-balances");
        assertThat(again.out).contains("0 balances corrected or added").contains("0 without any delta removed");
    }

    @Test
    void statusReportsCursorHeadLagAndWorkInFlight() throws Exception {
        try (var jedis = app.jedis()) {
            jedis.lpush(app.chunkQueueKey(), "{}", "{}");
        }
        etherscan.chain(chain.logs(), tip + 40);
        Outcome status = command("status");

        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out).contains("cursor:         " + tip).contains("fetched:        " + tip)
                .contains("head:           " + (tip + 40)).contains("lag:            40 blocks")
                .contains("queue depth:    2 chunks").contains("pending chunks: 0");
        assertThat(status.out + status.err).doesNotContain(app.apiKey());
    }

    @Test
    void statusSaysWhatDidNotAnswerAndFails() {
        etherscan.close();
        Outcome status = command("status");

        assertThat(status.exit).isEqualTo(1);
        assertThat(status.out).contains("cursor:         " + tip).contains("head:           unavailable");
        assertThat(status.err).contains("status: incomplete: the source did not answer");
    }

    @Test
    void thePackagedJarRunsTheCommandsWithTheirExitCodes() throws Exception {
        Map<String, String> env = app.environment();
        TrackerProcess.Result usage = TrackerProcess.run("cli-usage", env, WAIT, "reset-cursor", "--to");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains(Commands.USAGE);

        TrackerProcess.Result refused = TrackerProcess.run("cli-refused", env, WAIT, "reset-cursor", "--to", "1");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("reset-cursor: --to 1 is below");

        TrackerProcess.Result rebuild = TrackerProcess.run("cli-rebuild", env, WAIT, "rebuild-balances");
        assertThat(rebuild.exit()).as(rebuild.output()).isZero();
        assertThat(rebuild.output()).contains("0 balances corrected or added");

        TrackerProcess.Result status = TrackerProcess.run("cli-status", env, WAIT, "status");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains("cursor:         " + tip).contains("lag:            0 blocks")
                .doesNotContain("INFO");
    }

    private Outcome command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = app.environment();
        int exit = Commands.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, BigInteger> nonZero(Map<String, BigInteger> balances) {
        Map<String, BigInteger> result = new HashMap<>(balances);
        result.values().removeIf(v -> v.signum() == 0);
        return result;
    }

    private record Outcome(int exit, String out, String err) {
    }
}

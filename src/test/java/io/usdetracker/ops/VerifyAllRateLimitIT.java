package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.cli.Commands;
import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * verify --all through Etherscan while the running tracker takes its share of the same key: the plan's
 * rate-limit answers are waited out with backoff, as the sync waits them out, and every address is still checked.
 */
class VerifyAllRateLimitIT extends TrackerOnEtherscanTest {

    private static final long START = 7_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    VerifyAllRateLimitIT() {
        super(START);
    }

    @Test
    void rateLimitAnswersToEthCallAreRetriedAndNothingIsSkipped() throws Exception {
        // mints only, so that every holder's balance is a uint256 the fake token can answer
        SyntheticLogs chain = new SyntheticLogs(61, 30);
        for (int i = 0; i < 30; i++) {
            chain.add(START + i / 3, i % 3, SyntheticLogs.ZERO, String.format("%040x", 0xa000 + i % 12),
                    BigInteger.valueOf(1_000_003L * (i + 1)));
        }
        long tip = START + 12;
        etherscan.chain(chain.logs(), tip).balances(chain.balances());
        app.start();
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        app.stop();

        etherscan.failNextEthCalls(EtherscanFake.Fault.RATE_LIMIT, EtherscanFake.Fault.RATE_LIMIT,
                EtherscanFake.Fault.RATE_LIMIT);
        int callsBefore = etherscan.calls("eth_call");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = app.environment();
        int exit = Commands.run(new String[] {"verify", "--all"}, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(said).isZero();
        assertThat(said).contains("verify: 12 addresses and the total supply checked against the chain at block " + tip
                + ": 0 mismatches");
        assertThat(etherscan.calls("eth_call") - callsBefore).as("12 balanceOf, totalSupply() and the 3 refused")
                .isEqualTo(12 + 1 + 3);
    }
}

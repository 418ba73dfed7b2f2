package io.usdetracker.support;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The set-up most integration tests share: an Etherscan stand-in whose chain is empty up to the block before
 * {@code start}, and a tracker (not started) on a fresh database of the test's name following it from
 * {@code start}. Each test fills the chain it needs, adds settings with {@code app.with(...)} and starts the app.
 */
public abstract class TrackerOnEtherscanTest {

    public static final String API_KEY = "TESTKEY0123456789ABCDEF";

    protected final long start;
    protected EtherscanFake etherscan;
    protected TrackerApp app;

    protected TrackerOnEtherscanTest(long start) {
        this.start = start;
    }

    @BeforeEach
    void startEtherscanAndPrepareTracker(TestInfo test) {
        etherscan = new EtherscanFake(API_KEY).chain(List.of(), start - 1);
        app = new TrackerApp(test.getTestMethod().orElseThrow().getName(), etherscan).with("START_BLOCK", Long.toString(start));
    }

    @AfterEach
    void stopTrackerAndEtherscan() {
        app.close();
        etherscan.close();
    }
}

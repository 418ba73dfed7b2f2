package io.usdetracker.e2e;

import io.usdetracker.support.TrackerApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Following the head: transfers written while the tracker runs are exact once the writer stops. */
class LiveFollowIT {

    @Test
    void transfersWrittenWhileRunningAreExactWithinOnePeriodAfterTheWriterStops() throws Exception {
        try (AnvilChain chain = AnvilChain.start(2_000);
             TrackerApp app = new TrackerApp("e2e_live")
                     .with("RPC_URL", chain.rpcUrl())
                     .with("CHAIN_ID", "31337")
                     .with("USDE_ADDRESS", chain.token())
                     .with("START_BLOCK", Long.toString(chain.history().deployBlock()))
                     .with("RPC_CALLS_PER_SEC", "1000")
                     .with("SYNC_PERIOD", "2s")
                     .start()) {
            long odd = chain.history().oddLogs();
            for (int round = 0; round < 5; round++) {
                AnvilChain.History more = chain.appendTransfers(400);
                odd = more.oddLogs();
                Thread.sleep(700);
            }
            long head = chain.blockNumber();
            long stopped = System.nanoTime();
            TrackerApp.await("cursor at the head " + head, Duration.ofSeconds(2 + 20), () -> app.cursor() >= head);
            System.out.printf("e2e live: exact %d ms after the writer stopped%n", (System.nanoTime() - stopped) / 1_000_000);
            ChainCheck.assertExact("e2e live", app, chain, odd);
        }
    }
}

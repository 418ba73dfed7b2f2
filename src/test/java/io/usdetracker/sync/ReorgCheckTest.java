package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** How detect-reorg finds the fork point among the recorded blocks, against a chain whose hashes it is told. */
class ReorgCheckTest {

    private final Map<Long, String> chain = new HashMap<>();
    private final List<Long> asked = new ArrayList<>();

    @Test
    void newestRecordedBlockStillTheSourcesProvesEveryEarlierOneWithOneCall() {
        List<Map<String, Object>> recorded = recorded(100, 100, 98, 95);
        sourceHas(100, 98, 95);
        assertThat(check(10).forkPoint(exchange(), recorded)).isNull();
        assertThat(asked).containsExactly(100L);
    }

    @Test
    void mismatchWalksDownToTheNewestRecordedBlockTheSourceStillHas() {
        List<Map<String, Object>> recorded = recorded(100, 100, 98, 95, 91);
        sourceHas(95, 91);
        assertThat(check(10).forkPoint(exchange(), recorded)).containsEntry("fork", 95L).containsEntry("bucket_blocks", 300);
        assertThat(asked).containsExactly(100L, 98L, 95L);
    }

    @Test
    void noMatchWithinTheWindowStopsTheSyncNamingTheWindow() {
        List<Map<String, Object>> recorded = recorded(10, 100, 98, 95, 91);
        sourceHas();
        assertThatThrownBy(() -> check(10).forkPoint(exchange(), recorded))
                .isInstanceOf(ReorgTooDeepException.class).hasMessageContaining("REORG_WINDOW=10").hasMessageContaining("block 100");
    }

    @Test
    void noMatchWhenTheWindowReachesBackBeforeTheStartBlockRollsEverythingBack() {
        List<Map<String, Object>> recorded = recorded(93, 100, 98, 95);
        sourceHas();
        assertThat(check(10).forkPoint(exchange(), recorded)).containsEntry("fork", 92L);
    }

    @Test
    void aSourceThatDoesNotKnowTheBlockIsNotAReorg() {
        List<Map<String, Object>> recorded = recorded(10, 100);
        assertThatThrownBy(() -> check(10).forkPoint(exchange(), recorded)).isInstanceOf(SourceUnavailableException.class);
    }

    private void sourceHas(long... blocks) {
        for (long b : blocks) {
            chain.put(b, "0x" + ours(b));
        }
        for (long b = 0; b <= 200; b++) {
            chain.putIfAbsent(b, String.format(Locale.ROOT, "0x%064x", b + 1_000_000));
        }
    }

    private static String ours(long block) {
        return String.format(Locale.ROOT, "%064x", block);
    }

    /** Recorded rows as select_recent_blocks.sql gives them, newest first, each with our hash. */
    private static List<Map<String, Object>> recorded(long startBlock, long... blocks) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long b : blocks) {
            rows.add(Map.of("number", b, "hash", ours(b), "start_block", startBlock));
        }
        return rows;
    }

    private ReorgCheck check(int window) {
        return new ReorgCheck(new HashesOnly(), window, 300, null);
    }

    /** A run as sync-transfers begins it: the blocks recorded so far end at 100, the source's tip is above. */
    private static Exchange exchange() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(TransferSync.TICK, new SyncTick(100, 100, 120));
        return exchange;
    }

    /** A source of which only block hashes are asked: those of {@link #chain}, others unknown. */
    private final class HashesOnly implements LogSource {

        @Override
        public String blockHash(long number) {
            asked.add(number);
            return chain.get(number);
        }

        @Override
        public long head() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long tip(int confirmations) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Batch next(long from, long tip) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String ethCall(String to, String data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String ethCallAt(String to, String data, long block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "hashes only";
        }
    }
}

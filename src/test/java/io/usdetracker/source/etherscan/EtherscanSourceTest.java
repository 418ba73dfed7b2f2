package io.usdetracker.source.etherscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.config.Secret;
import io.usdetracker.source.LogSource.Batch;
import io.usdetracker.source.SourceStats;
import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every batch the Etherscan source hands on holds exactly the logs of whole blocks, whatever the paging. */
class EtherscanSourceTest {

    private final EtherscanFake etherscan = new EtherscanFake("KEY0123456789");
    private final SourceStats stats = new SourceStats();
    private final EtherscanSource source = new EtherscanSource(
            new EtherscanClient(URI.create(etherscan.url()), new Secret("KEY0123456789"), 1, 1000, stats,
                    Duration.ofSeconds(5), 4, Duration.ofMillis(10), () -> false),
            SyntheticLogs.TOKEN, stats, "fake");

    @AfterEach
    void stop() {
        etherscan.close();
    }

    @Test
    void pagesEndingMidBlockAreHandedOnAsWholeBlocks() {
        List<RawLog> chain = new SyntheticLogs(1, 30).transfers(100, 3_500, 7).logs();
        etherscan.chain(chain, 1_000);
        assertWholeBlocks(chain, readAll(100, 1_000));
    }

    @Test
    void aWindowOverTheResultWindowRestartsAtTheHeldBackBlock() {
        List<RawLog> chain = new SyntheticLogs(2, 30).transfers(100, 12_345, 11).logs();
        etherscan.chain(chain, 2_000);
        List<Batch> batches = readAll(100, 2_000);
        assertWholeBlocks(chain, batches);
        assertThat(etherscan.calls("getLogs")).isLessThanOrEqualTo(15);
    }

    @Test
    void aBlockOfMoreThanOnePageIsKeptWhole() {
        List<RawLog> chain = new SyntheticLogs(3, 30).transfers(100, 200, 10).transfers(120, 2_500, 2_500)
                .transfers(121, 300, 10).logs();
        etherscan.chain(chain, 200);
        assertWholeBlocks(chain, readAll(100, 200));
    }

    @Test
    void aWindowOverTheResultWindowGoesOnFromABlockThatBeganItsTenthPageWithoutReadingAnyRecordTwice() {
        // blocks of 500 logs: every page ends at the end of a block, which no page can tell from the middle of one;
        // the block that began the tenth page is complete, so the next window starts there, at its second page
        List<RawLog> chain = new SyntheticLogs(4, 30).transfers(100, 24_700, 500).logs();
        etherscan.chain(chain, 150);

        assertWholeBlocks(chain, readAll(100, 150));

        assertThat(etherscan.recordsServed()).as("records served").isEqualTo(24_700);
        assertThat(etherscan.calls("getLogs")).as("one call a page, none sent ahead in vain").isEqualTo(25);
    }

    @Test
    void aBlockLongerThanAPageAtTheWindowsEndIsNotReadAgainFromItsFirstRecord() {
        // blocks of 850 logs begin no page; block 110 holds records 8,500..11,299 of the window: 1,500 of it are in
        // hand when the window ends, so the next window, from block 110, starts at its second page and passes over
        // only the 500 records of that page already held
        List<RawLog> chain = new SyntheticLogs(5, 30).transfers(100, 8_500, 850).transfers(110, 2_800, 2_800)
                .transfers(111, 3_000, 500).logs();
        etherscan.chain(chain, 2_000);

        assertWholeBlocks(chain, readAll(100, 2_000));

        assertThat(etherscan.recordsServed()).as("records served").isEqualTo(chain.size() + 500);
    }

    @Test
    void recordsThatMovedBeforeTheNextWindowAreNotTakenForTheOnesInHand() {
        List<RawLog> before = new SyntheticLogs(5, 30).transfers(100, 8_500, 850).transfers(110, 2_800, 2_800)
                .transfers(111, 3_000, 500).logs();
        List<RawLog> after = new SyntheticLogs(7, 30).transfers(100, 8_500, 850).transfers(110, 2_900, 2_900)
                .transfers(111, 3_000, 500).logs();
        etherscan.chain(before, 2_000);
        // retries 1 s apart, so that the next window's pages, sent ahead, are answered after the reorganisation
        EtherscanSource source = new EtherscanSource(new EtherscanClient(URI.create(etherscan.url()),
                new Secret("KEY0123456789"), 1, 1000, stats, Duration.ofSeconds(5), 4, Duration.ofSeconds(1), () -> false),
                SyntheticLogs.TOKEN, stats, "fake");
        long next = 100;
        for (int page = 1; page <= 9; page++) {
            next = source.next(next, 2_000).to() + 1;
        }
        awaitGetLogsCalls(10);
        etherscan.failNextGetLogs(EtherscanFake.Fault.HTML_502, EtherscanFake.Fault.HTML_502, EtherscanFake.Fault.HTML_502);
        next = source.next(next, 2_000).to() + 1;
        assertThat(next).as("block 110 held back after the tenth page").isEqualTo(110);
        etherscan.reorg(110, after, 2_000);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.next(110, 2_000))
                .isInstanceOf(io.usdetracker.source.SourceUnavailableException.class).hasMessageContaining("moved");
        List<RawLog> rest = after.stream().filter(l -> Hex.longQuantity(l.blockNumber()) >= 110).toList();
        List<Batch> batches = new ArrayList<>();
        for (long from = 110; from <= 2_000; ) {
            Batch batch = source.next(from, 2_000);
            batches.add(batch);
            from = batch.to() + 1;
        }
        assertWholeBlocks(rest, batches);
    }

    @Test
    void theFirstWindowAsksForTwoPagesAtOnceBeforeAnyPageToldHowDenseBlocksAre() {
        // a window's first page is the slow one (the server reads the range then): the second must not wait for it
        List<RawLog> chain = new SyntheticLogs(8, 30).transfers(100, 20, 10).logs();
        etherscan.chain(chain, 105);

        assertWholeBlocks(chain, readAll(100, 105));

        awaitGetLogsCalls(2);
        assertThat(etherscan.calls("getLogs")).as("page 1, and page 2 sent with it").isEqualTo(2);
    }

    @Test
    void aWindowOfFewerBlocksThanAPageHoldsAtTheLastDensityCostsOneCall() {
        List<RawLog> chain = new SyntheticLogs(9, 30).transfers(100, 1_500, 10).transfers(250, 20, 10).logs();
        etherscan.chain(chain, 260);
        List<Batch> batches = readAll(100, 249);
        int before = etherscan.calls("getLogs");

        batches.addAll(readAll(250, 260));

        assertThat(etherscan.calls("getLogs") - before).as("calls for blocks 250..260").isEqualTo(1);
        assertWholeBlocks(chain, batches);
    }

    @Test
    void blocksOfRandomSizesAcrossManyWindowsAreHandedOnWholeAndOnce() {
        java.util.Random random = new java.util.Random(6);
        SyntheticLogs logs = new SyntheticLogs(6, 30);
        long block = 100;
        for (int i = 0; i < 120; i++) {
            int size = random.nextInt(4) == 0 ? 1 + random.nextInt(1_500) : 1 + random.nextInt(400);
            logs.transfers(block, size, size);
            block += 1 + random.nextInt(3);
        }
        List<RawLog> chain = logs.logs();
        etherscan.chain(chain, block + 10);

        assertWholeBlocks(chain, readAll(100, block + 10));

        assertThat(etherscan.recordsServed()).as("records served").isLessThan(chain.size() + chain.size() / 20);
    }

    /** Waits until the pages sent ahead have reached the fake and been answered, so that queued faults hit later calls. */
    private void awaitGetLogsCalls(int calls) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (etherscan.calls("getLogs") < calls && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Batch> readAll(long from, long tip) {
        List<Batch> batches = new ArrayList<>();
        long next = from;
        while (next <= tip) {
            Batch batch = source.next(next, tip);
            batches.add(batch);
            next = batch.to() + 1;
        }
        return batches;
    }

    private static void assertWholeBlocks(List<RawLog> chain, List<Batch> batches) {
        List<String> seen = new ArrayList<>();
        for (Batch batch : batches) {
            List<String> expected = chain.stream()
                    .filter(l -> Hex.longQuantity(l.blockNumber()) >= batch.from() && Hex.longQuantity(l.blockNumber()) <= batch.to())
                    .map(RawLog::transactionHash).toList();
            assertThat(batch.logs()).extracting(RawLog::transactionHash)
                    .as("logs of blocks %d..%d", batch.from(), batch.to()).containsExactlyElementsOf(expected);
            seen.addAll(expected);
        }
        assertThat(seen).hasSameSizeAs(chain).doesNotHaveDuplicates();
    }
}

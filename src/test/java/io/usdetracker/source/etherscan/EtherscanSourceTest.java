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

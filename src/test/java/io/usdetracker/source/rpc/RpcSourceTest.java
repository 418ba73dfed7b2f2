package io.usdetracker.source.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.source.LogSource.Batch;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.support.RpcProviderFake;
import io.usdetracker.support.SyntheticLogs;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RpcSource's batches against the WireMock provider: the last block's hash, read before the logs, and kept with them. */
class RpcSourceTest {

    @Test
    void aBatchCarriesTheHashOfItsLastBlockAndRefusesLogsOfThatBlockUnderAnotherHash() {
        SyntheticLogs chain = new SyntheticLogs(41, 10).transfers(100, 40, 4);
        try (RpcProviderFake provider = new RpcProviderFake().chain(chain.logs(), 200)) {
            RpcSource source = new RpcSource(new RpcClient(URI.create(provider.url()), 1000, new SourceStats(), Duration.ofSeconds(2), 2,
                    Duration.ofMillis(10), () -> false), SyntheticLogs.TOKEN, 1, RpcSource.Tip.CONFIRMATIONS, 5, 5, new SourceStats());

            // a tip at the range's end: no range is asked for ahead, so the fork below is met by the next batch's reads
            Batch first = source.next(100, 104);
            assertThat(first.to()).isEqualTo(104);
            assertThat(first.toHash()).isEqualTo(String.format("0x%064x", 104)).isEqualTo(source.blockHash(104));

            provider.forkDuringNextBatch(105);
            assertThatThrownBy(() -> source.next(105, 200)).isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("block 109 changed while it was read");

            Batch again = source.next(105, 200);
            assertThat(again.toHash()).isEqualTo(source.blockHash(109)).isNotEqualTo(String.format("0x%064x", 109));
            assertThat(again.logs()).hasSize(20);
        }
    }
}

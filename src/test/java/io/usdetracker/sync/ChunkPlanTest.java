package io.usdetracker.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.source.LogSource.Batch;
import io.usdetracker.support.SyntheticLogs;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void chunksCoverTheWholeBatchIncludingEmptyBlocksAtBothEnds() {
        var logs = new SyntheticLogs(1, 5).transfers(110, 25, 5).logs();
        List<ChunkPlan.Chunk> chunks = ChunkPlan.of(new Batch(100, 200, logs), 10);
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).from()).isEqualTo(100);
        assertThat(chunks.get(2).to()).isEqualTo(200);
        assertThat(chunks.stream().mapToInt(c -> c.logs().size()).sum()).isEqualTo(25);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).from()).as("no gap between chunks").isLessThanOrEqualTo(chunks.get(i - 1).to() + 1);
        }
    }

    @Test
    void aBlockSplitBetweenTwoChunksIsNamedByBoth() {
        var logs = new SyntheticLogs(2, 5).transfers(100, 30, 30).logs();
        List<ChunkPlan.Chunk> chunks = ChunkPlan.of(new Batch(100, 100, logs), 20);
        assertThat(chunks).extracting(ChunkPlan.Chunk::from, ChunkPlan.Chunk::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(100L, 100L), org.assertj.core.groups.Tuple.tuple(100L, 100L));
        assertThat(chunks).extracting(c -> c.logs().size()).containsExactly(15, 15);
    }

    @Test
    void anEmptyBatchHasNoChunk() {
        assertThat(ChunkPlan.of(new Batch(5, 9, List.of()), 10)).isEmpty();
    }

    @Test
    void aBatchJustOverTheLimitIsSplitEvenly() {
        var logs = new SyntheticLogs(3, 5).transfers(100, 1003, 7).logs();
        assertThat(ChunkPlan.of(new Batch(100, 300, logs), 1000)).extracting(c -> c.logs().size()).containsExactly(502, 501);
    }
}

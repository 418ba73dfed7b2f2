package io.usdetracker.sync;

import io.usdetracker.source.LogSource.Batch;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch into as few chunks of at most {@code maxLogs} logs as possible, of even size (so that a page
 * plus the block held back from the previous one does not leave a chunk of three logs behind it). The chunks' block ranges cover the batch without a
 * gap (the first starts at the batch's first block, the last ends at its last, empty blocks included), so the
 * cursor can pass a block only once every chunk that covers it is applied. A block with more logs than a chunk
 * holds is shared by two chunks, both naming it.
 */
public final class ChunkPlan {

    private ChunkPlan() {
    }

    /** One chunk before it has a ledger id. */
    public record Chunk(int seq, long from, long to, List<RawLog> logs) {
    }

    public static List<Chunk> of(Batch batch, int maxLogs) {
        List<RawLog> logs = batch.logs();
        List<Chunk> chunks = new ArrayList<>();
        int count = (logs.size() + maxLogs - 1) / maxLogs;
        int size = count == 0 ? 1 : (logs.size() + count - 1) / count;
        for (int start = 0, seq = 0; start < logs.size(); start += size, seq++) {
            int end = Math.min(logs.size(), start + size);
            long from = start == 0 ? batch.from() : block(logs.get(start));
            long to = end == logs.size() ? batch.to() : block(logs.get(end - 1));
            chunks.add(new Chunk(seq, from, to, List.copyOf(logs.subList(start, end))));
        }
        return chunks;
    }

    private static long block(RawLog log) {
        return Hex.longQuantity(log.blockNumber());
    }
}

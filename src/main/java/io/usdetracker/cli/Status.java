package io.usdetracker.cli;

import io.usdetracker.queue.ChunkQueue;
import io.usdetracker.source.LogSource;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code status}: the cursor, what is fetched, the head and tip as the source says now, the lag, and the
 * work in flight (queue depth in Redis, chunks of the ledger not yet applied). Everything it could read is
 * printed; the exit is non-zero when the source or Redis did not answer.
 */
final class Status implements Commands.Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public void run(Connections connections, PrintStream out) throws CommandRefused {
        Map<String, Object> state = connections.row("sql/select_status.sql", Map.of());
        long cursor = ((Number) state.get("last_block")).longValue();
        out.printf("cursor:         %d (every Transfer up to this block is applied)%n", cursor);
        out.printf("fetched:        %d%n", ((Number) state.get("fetched_block")).longValue());
        StringBuilder unavailable = new StringBuilder();
        LogSource source = connections.source();
        try {
            long head = source.head();
            long tip = source.tip(connections.settings().confirmations());
            out.printf("head:           %d (%s)%n", head, source.describe());
            out.printf("tip:            %d (%s)%n", tip, connections.settings().tip().equals("finalized")
                    ? "finalized" : connections.settings().confirmations() + " confirmations");
            out.printf("lag:            %d blocks%n", Math.max(0, tip - cursor));
        } catch (RuntimeException e) {
            out.printf("head:           unavailable (%s: %s)%n", source.describe(), e.getMessage());
            unavailable.append("the source");
        }
        try {
            ChunkQueue queue = connections.chunkQueue();
            out.printf("queue depth:    %d chunks waiting in %s%n", queue.depth(), queue.key());
        } catch (RuntimeException e) {
            out.printf("queue depth:    unavailable (Redis: %s)%n", e.getMessage());
            unavailable.append(unavailable.isEmpty() ? "Redis" : " and Redis");
        }
        out.printf("pending chunks: %d fetched but not applied yet%n", ((Number) state.get("pending_chunks")).longValue());
        if (!unavailable.isEmpty()) {
            throw new CommandRefused("incomplete: " + unavailable + " did not answer");
        }
    }
}

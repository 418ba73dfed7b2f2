package io.usdetracker.queue;

import io.usdetracker.transfer.RawLog;
import java.util.List;

/** What travels on the {@code parse_transfer} queue: a ledger chunk id, its block range and its raw logs, as JSON. */
public record ChunkMessage(long chunk, long from, long to, List<RawLog> logs) {
}

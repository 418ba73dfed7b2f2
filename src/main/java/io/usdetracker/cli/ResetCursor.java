package io.usdetracker.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code reset-cursor --to N}: the sync fetches again from N + 1. In one transaction: deltas, ledger chunks,
 * block hashes and quarantined logs above N are cleared, the balances those deltas had moved are recomputed
 * from the deltas that remain, and the cursor and fetched_block become N. Meant for a stopped tracker; should
 * one run, its workers wait for the commit (the deltas lock) and the sync's next window finds the cursor moved.
 */
final class ResetCursor implements Commands.Command {

    private final long to;

    ResetCursor(long to) {
        this.to = to;
    }

    @Override
    public String name() {
        return "reset-cursor";
    }

    @Override
    public void run(Connections connections, PrintStream out) throws Exception {
        Map<String, Object> params = Map.of("to", to);
        Object[] outcome = new Object[2];
        try {
            connections.transaction().executeWithoutResult(status -> {
                Map<String, Object> state = connections.row("sql/reset_cursor_state.sql", Map.of());
                long cursor = number(state, "last_block");
                long startBlock = number(state, "start_block");
                if (to < startBlock - 1) {
                    throw new Refusal("--to " + to + " is below the first block tracked less one (" + (startBlock - 1)
                            + "): this database starts at block " + startBlock + "; nothing was changed");
                }
                if (to > cursor) {
                    throw new Refusal("--to " + to + " is above the cursor (" + cursor + "): only applied blocks can be "
                            + "reset; nothing was changed");
                }
                connections.execute("sql/lock_deltas.sql", Map.of());
                connections.execute("sql/reset_cursor_prepare.sql", Map.of());
                outcome[0] = cursor;
                outcome[1] = connections.row("sql/reset_cursor.sql", params);
                connections.execute("sql/rebuild_affected_balances.sql", Map.of());
            });
        } catch (Refusal e) {
            throw new CommandRefused(e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cleared = (Map<String, Object>) outcome[1];
        out.printf("reset-cursor: cursor moved from %d to %d; removed %d deltas, %d ledger chunks, %d block hashes, "
                        + "%d quarantined logs above it; recomputed %d balances from the deltas left%n",
                (Long) outcome[0], to, number(cleared, "deltas"), number(cleared, "chunks"), number(cleared, "blocks"),
                number(cleared, "quarantined"), number(cleared, "addresses"));
        out.printf("reset-cursor: the tracker fetches again from block %d%n", to + 1);
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    /** Rolls the transaction back before anything was written, carrying the reason out of it. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message);
        }
    }
}

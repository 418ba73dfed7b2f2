package io.usdetracker.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code rebuild-balances}: every balance recomputed from the deltas, in one transaction that holds workers
 * back while it runs (a chunk committed halfway through would otherwise be counted in neither state).
 */
final class RebuildBalances implements Commands.Command {

    @Override
    public String name() {
        return "rebuild-balances";
    }

    @Override
    public void run(Connections connections, PrintStream out) {
        Map<String, Object> result = connections.transaction().execute(status -> {
            connections.execute("sql/lock_deltas.sql", Map.of());
            return connections.row("sql/rebuild_balances.sql", Map.of());
        });
        out.printf("rebuild-balances: %d addresses recomputed from their deltas; %d balances corrected or added, "
                + "%d without any delta removed%n", result.get("addresses"), result.get("corrected"), result.get("removed"));
    }
}

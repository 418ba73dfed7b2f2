package io.usdetracker.cli;

import io.usdetracker.db.SqlFiles;
import io.usdetracker.verify.BalanceCheck;
import io.usdetracker.verify.ChainBalances;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code verify --all}: every address with a balance row, and the total supply, compared with the token's
 * balanceOf and totalSupply() at the cursor block through the source. Each mismatch is printed with the address
 * and both values; any mismatch, or a source that cannot answer for that block, exits non-zero. Changes nothing.
 */
final class VerifyAll implements Commands.Command {

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public void run(Connections connections, PrintStream out) throws CommandRefused {
        List<Map<String, Object>> rows = connections.jdbc().queryForList(SqlFiles.load("sql/select_verify_all.sql"), Map.of());
        if (rows.isEmpty()) {
            out.println("verify: no balance recorded yet; nothing to check");
            return;
        }
        List<BalanceCheck> checks = new ChainBalances(connections.patientSource(), connections.settings().token()).check(rows);
        long mismatches = 0;
        for (BalanceCheck c : checks) {
            if (!c.matches()) {
                mismatches++;
                out.println("mismatch: " + c.describe());
            }
        }
        long block = checks.get(0).block();
        out.printf("verify: %d addresses and the total supply checked against the chain at block %d: %d mismatches%n",
                checks.size() - (checks.stream().anyMatch(BalanceCheck::isSupply) ? 1 : 0), block, mismatches);
        if (mismatches > 0) {
            throw new CommandRefused(mismatches + " balance(s) differ from the chain at block " + block
                    + "; verify-balances repairs the ones it samples, rebuild-balances repairs all");
        }
    }
}

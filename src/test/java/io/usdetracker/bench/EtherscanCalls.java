package io.usdetracker.bench;

import io.usdetracker.e2e.EtherscanStandin.Call;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the Etherscan run's calls and seconds went, from the stand-in's log of the calls it received: the calls by
 * action, the records read twice (at window restarts, or by pages asked for ahead and dropped), the gaps between
 * arrivals, and the time from the last call to the cursor at the last block. The log itself goes to a file.
 */
final class EtherscanCalls {

    private EtherscanCalls() {
    }

    static void report(List<Call> calls, long firstFetchMillis, long caughtUpMillis, Path file, PrintStream out)
            throws IOException {
        if (calls.isEmpty()) {
            out.println("etherscan calls: none received");
            return;
        }
        long t0 = calls.get(0).nanos();
        int afterCaughtUp = (int) calls.stream().filter(c -> c.wallMillis() > caughtUpMillis).count();
        List<String> lines = new ArrayList<>();
        lines.add("ms\taction\tfromBlock\ttoBlock\tpage\trecords\tservedBefore\trateLimited\tarrivedAt\tclientPort");
        Map<String, Integer> byAction = new TreeMap<>();
        long records = 0;
        long again = 0;
        int partlyAgain = 0;
        int whollyAgain = 0;
        int empty = 0;
        List<Double> gaps = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            lines.add(String.format("%.1f\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%d", (c.nanos() - t0) / 1e6, c.action(), c.fromBlock(),
                    c.toBlock(), c.page(), c.records(), c.servedBefore(), c.rateLimited(), Instant.ofEpochMilli(c.wallMillis()), c.clientPort()));
            byAction.merge(c.action(), 1, Integer::sum);
            if (c.action().equals("getLogs")) {
                records += Math.max(0, c.records());
                again += c.servedBefore();
                empty += c.records() == 0 ? 1 : 0;
                whollyAgain += c.records() > 0 && c.servedBefore() == c.records() ? 1 : 0;
                partlyAgain += c.servedBefore() > 0 && c.servedBefore() < c.records() ? 1 : 0;
            }
            if (i > 0 && c.wallMillis() <= caughtUpMillis) {
                gaps.add((c.nanos() - calls.get(i - 1).nanos()) / 1e6);
            }
        }
        Files.write(file, lines);
        Call last = calls.stream().filter(c -> c.wallMillis() <= caughtUpMillis).reduce((a, b) -> b).orElse(calls.get(0));
        out.printf("etherscan calls: %d %s; %d records served, %d of them served before (%d pages partly, %d wholly), "
                + "%d empty answers, %d calls after caught up; log in %s%n", calls.size(), byAction, records, again, partlyAgain,
                whollyAgain, empty, afterCaughtUp, file);
        List<Double> sorted = new ArrayList<>(gaps);
        Collections.sort(sorted);
        double over = gaps.stream().filter(g -> g > 250).mapToDouble(g -> g - 200).sum();
        out.printf("etherscan timing: first fetch to first call %.2f s, first to last call before caught up %.2f s, from it to"
                        + " caught up %.2f s; gaps between arrivals ms min %.1f p50 %.1f p90 %.1f max %.1f, %d over 250 ms (%.2f s beyond"
                        + " 200 ms each)%n",
                (calls.get(0).wallMillis() - firstFetchMillis) / 1000.0, (last.nanos() - t0) / 1e9,
                (caughtUpMillis - last.wallMillis()) / 1000.0, sorted.isEmpty() ? 0 : sorted.get(0),
                percentile(sorted, 0.5), percentile(sorted, 0.9), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                gaps.stream().filter(g -> g > 250).count(), over / 1000);
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}

package io.usdetracker.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One backfill of the whole history from an empty database to caught up, by one or more tracker processes, with
 * what they report about themselves. {@code seconds} runs from the first fetch to the cursor at the last block;
 * start-up (from the process's launch to its first fetch) is kept apart.
 */
record BackfillRun(String label, long transfers, long blocks, double seconds, double startupSeconds, double cpuSeconds,
                   double peakRssMb, long sourceCalls, Map<String, Double> stageSeconds, String databaseUrl,
                   long caughtUpMillis) {

    static final List<String> STAGES = List.of("fetch", "queue", "decode", "apply");

    double transfersPerSecond() {
        return transfers / seconds;
    }

    double blocksPerSecond() {
        return blocks / seconds;
    }

    /** Sums what every process of the run reports: CPU, source calls, stage times; the largest peak RSS. */
    static BackfillRun of(String label, long transfers, long blocks, long caughtUpMillis, List<BenchProcess> processes,
                          String databaseUrl) throws Exception {
        double cpu = 0;
        double rss = 0;
        long calls = 0;
        double firstFetch = Double.NaN;
        long launched = Long.MAX_VALUE;
        Map<String, Double> stages = new LinkedHashMap<>();
        STAGES.forEach(s -> stages.put(s, 0.0));
        for (BenchProcess p : new ArrayList<>(processes)) {
            Metrics m = p.metrics();
            cpu += p.cpuSeconds();
            rss = Math.max(rss, p.peakRssMb());
            calls += (long) m.sum("usde_source_calls_total", "");
            double fetched = m.value("usde_first_fetch_timestamp_seconds");
            if (!Double.isNaN(fetched)) {
                firstFetch = Double.isNaN(firstFetch) ? fetched : Math.min(firstFetch, fetched);
            }
            launched = Math.min(launched, p.startedMillis);
            for (String stage : STAGES) {
                stages.merge(stage, m.sum("usde_stage_seconds_sum", "stage=\"" + stage + "\""), Double::sum);
            }
        }
        if (Double.isNaN(firstFetch)) {
            throw new IllegalStateException(label + ": no process reported its first fetch");
        }
        double seconds = caughtUpMillis / 1000.0 - firstFetch;
        return new BackfillRun(label, transfers, blocks, seconds, firstFetch - launched / 1000.0, cpu, rss, calls, stages,
                databaseUrl, caughtUpMillis);
    }
}

package io.usdetracker.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The table bench/run ends with: every run's figures, the two ratios, the Etherscan share, against the targets. */
final class BenchSummary {

    private BenchSummary() {
    }

    static void print(BackfillBench.Report r, PrintStream out) {
        BackfillRun main = r.main();
        BackfillRun any = main != null ? main : r.etherscan();
        if (any == null) {
            out.printf("%n== summary: no run (BENCH_JSON_RPC=0 and BENCH_ETHERSCAN=0)%n");
            return;
        }
        out.printf("%n== summary: %,d transfers, %,d blocks, every run exact against balanceOf%n", any.transfers(), any.blocks());
        out.printf("%-48s %11s %9s %8s %9s %7s %8s %7s %8s %8s %8s %8s%n", "run", "transfers/s", "blocks/s", "backfill",
                "start-up", "CPU", "peak RSS", "source", "fetch", "queue", "decode", "apply");
        out.printf("%-48s %11s %9s %8s %9s %7s %8s %7s %8s %8s %8s %8s%n", "", "", "", "s", "s", "s", "MB", "calls",
                "s", "s", "s", "s");
        List<BackfillRun> runs = new ArrayList<>(r.scaling());
        if (runs.isEmpty() && main != null) {
            runs.add(main);
        }
        if (r.etherscan() != null) {
            runs.add(r.etherscan());
        }
        for (BackfillRun run : runs) {
            out.printf("%-48s %11.0f %9.0f %8.2f %9.2f %7.1f %8.0f %7d %8.2f %8.2f %8.2f %8.2f%n", run.label(),
                    run.transfersPerSecond(), run.blocksPerSecond(), run.seconds(), run.startupSeconds(), run.cpuSeconds(),
                    run.peakRssMb(), run.sourceCalls(), run.stageSeconds().get("fetch"), run.stageSeconds().get("queue"),
                    run.stageSeconds().get("decode"), run.stageSeconds().get("apply"));
        }
        out.println("(stage times are summed over the threads and processes that ran them, so they may exceed the backfill)");
        out.printf("%n%-62s %12s %10s%n", main == null ? "figure (JSON-RPC part skipped: BENCH_JSON_RPC=0)"
                : "figure (main run: " + main.label() + ")", "measured", "target");
        if (main != null) {
            jsonRpcRows(r, main, out);
        }
        if (r.etherscan() != null) {
            etherscanRows(r, out);
        }
    }

    private static void jsonRpcRows(BackfillBench.Report r, BackfillRun main, PrintStream out) {
        row(out, "transfers/s through JSON-RPC", String.format("%.0f", main.transfersPerSecond()), ">= 40000",
                main.transfersPerSecond() >= 40_000);
        row(out, "per-log reference, transfers/s", String.format("%.0f", r.perLogTransfersPerSecond()), "", true);
        row(out, "tracker / per-log", String.format("%.1fx", r.perLogRatio()), ">= 10x", r.perLogRatio() >= 10);
        row(out, "bulk floor (COPY + GROUP BY), s", String.format("%.2f", r.floorSeconds()), "", true);
        row(out, "tracker's backfill time / bulk floor", String.format("%.1fx", r.floorRatio()), "<= 3x", r.floorRatio() <= 3);
        row(out, "peak RSS of the tracker, MB (VmHWM)", String.format("%.0f", main.peakRssMb()), "<= 512", main.peakRssMb() <= 512);
        row(out, "start-up to first fetch, s", String.format("%.2f", main.startupSeconds()), "<= 3", main.startupSeconds() <= 3);
    }

    private static void etherscanRows(BackfillBench.Report r, PrintStream out) {
        row(out, "Etherscan: share of 5 calls/s x 1000 logs while behind", String.format("%.1f%%", 100 * r.etherscanShare()),
                ">= 95%", r.etherscanShare() >= 0.95);
        row(out, "Etherscan: getLogs calls / rate-limit answers provoked",
                r.etherscanGetLogsCalls() + " / " + r.etherscanRateLimited(), "- / 0", r.etherscanRateLimited() == 0);
    }

    private static void row(PrintStream out, String what, String measured, String target, boolean met) {
        out.printf("%-62s %12s %10s %s%n", what, measured, target, target.isEmpty() ? "" : met ? "met" : "NOT met");
    }
}

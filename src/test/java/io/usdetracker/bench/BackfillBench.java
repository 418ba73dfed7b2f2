package io.usdetracker.bench;

import io.usdetracker.config.DatabaseUrl;
import io.usdetracker.config.SettingsException;
import io.usdetracker.e2e.AnvilChain;
import io.usdetracker.e2e.EtherscanStandin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/run: backfills a local anvil history with the packaged tracker and prints where it stands against the
 * original per-log design and against PostgreSQL's own bulk load, on the same data and machine, then through
 * the Etherscan path at 5 calls/s, and with 1, 2 and 4 worker threads and 2 worker processes. Every run is held to
 * the token's balanceOf; a single difference fails the benchmark. See docs/PERFORMANCE.md.
 */
public final class BackfillBench {

    private final Options options;
    private final BenchDatabase services;
    private final AnvilChain chain;
    private final ExpectedBalances expected;

    /** What bench/run reads from the environment (see docs/PERFORMANCE.md). */
    public record Options(URI adminDatabase, URI redis, String dbPrefix, int transfers, Path cacheDir, Path logDir,
                          int perLogSeconds, boolean jsonRpc, boolean etherscan, boolean scaling, int timeoutSeconds) {

        public static Options fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        /** Reads and checks them: a bad one is refused in one line naming it (a URL's value is not shown). */
        static Options fromEnvironment(Map<String, String> env) {
            String database = env.getOrDefault("BENCH_DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:5432/postgres");
            DatabaseUrl.parse("BENCH_DATABASE_URL", database);
            return new Options(
                    URI.create(database),
                    redisUrl(env.getOrDefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")),
                    prefix(env.getOrDefault("TEST_DB_PREFIX", "")),
                    positive(env, "BENCH_TRANSFERS", "200000"),
                    Path.of(env.getOrDefault("BENCH_CACHE_DIR", ".bench-cache")),
                    Path.of("target", "bench"),
                    positive(env, "BENCH_PER_LOG_SECONDS", "30"),
                    onOff(env, "BENCH_JSON_RPC"),
                    onOff(env, "BENCH_ETHERSCAN"),
                    onOff(env, "BENCH_SCALING"),
                    positive(env, "BENCH_TIMEOUT_SECONDS", "300"));
        }

        private static int positive(Map<String, String> env, String name, String fallback) {
            String value = env.getOrDefault(name, fallback);
            try {
                int number = Integer.parseInt(value.trim());
                if (number >= 1) {
                    return number;
                }
            } catch (NumberFormatException notAWholeNumber) {
                // refused below
            }
            throw new SettingsException(name, value, "expected a whole number from 1 to " + Integer.MAX_VALUE);
        }

        /** The longest name a run's database has after the prefix: bench_processes2. */
        private static final int LONGEST_NAME = "bench_processes2".length();

        private static boolean onOff(Map<String, String> env, String name) {
            String value = env.getOrDefault(name, "1");
            if (!value.equals("0") && !value.equals("1")) {
                throw new SettingsException(name, value, "expected 0 (skip this part) or 1 (run it)");
            }
            return value.equals("1");
        }

        private static String prefix(String value) {
            if (!value.matches("[a-z0-9_]*")) {
                throw new SettingsException("TEST_DB_PREFIX", value, "lower-case letters a-z, digits and _ only (it begins "
                        + "the runs' database names)");
            }
            int most = 63 - LONGEST_NAME;
            if (value.length() > most) {
                throw new SettingsException("TEST_DB_PREFIX", value, "at most " + most
                        + " characters (PostgreSQL cuts a database's name at 63)");
            }
            return value;
        }

        private static URI redisUrl(String value) {
            String form = "expected redis://[[user]:password@]host:port[/db-number]";
            try {
                URI uri = URI.create(value);
                String path = uri.getPath() == null ? "" : uri.getPath();
                if ("redis".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                        && path.matches("(/\\d{0,9})?") && uri.getRawQuery() == null && uri.getRawFragment() == null
                        && (uri.getUserInfo() == null || uri.getUserInfo().contains(":"))) {
                    return uri;
                }
            } catch (IllegalArgumentException malformed) {
                // refused below
            }
            throw new SettingsException("BENCH_REDIS_URL", form);
        }

        /** The history's cache folder is one, or can be made, and can be written: checked before anything starts. */
        void checkCacheDir() {
            String value = cacheDir.toString();
            if (value.isBlank()) {
                throw new SettingsException("BENCH_CACHE_DIR", value, "expected a folder (unset, it is .bench-cache)");
            }
            try {
                Files.createDirectories(cacheDir);
            } catch (java.io.IOException | SecurityException e) {
                throw new SettingsException("BENCH_CACHE_DIR", value, "not a folder that can be made (" + e + ")");
            }
            if (!Files.isWritable(cacheDir)) {
                throw new SettingsException("BENCH_CACHE_DIR", value, "a folder this user may not write in");
            }
        }
    }

    /**
     * Everything one bench/run measured. Without the JSON-RPC part (BENCH_JSON_RPC=0) {@code main} is null and the
     * figures that need it (the floor, the per-log reference, scaling) are NaN or empty.
     */
    public record Report(BackfillRun main, double floorSeconds, double perLogTransfers, double perLogSeconds,
                         BackfillRun etherscan, long etherscanGetLogsCalls, long etherscanRateLimited,
                         List<BackfillRun> scaling) {

        /** Transfers per second of the per-log reference, over the time it ran. */
        public double perLogTransfersPerSecond() {
            return perLogTransfers / perLogSeconds;
        }

        public double perLogRatio() {
            return main == null ? Double.NaN : main.transfersPerSecond() / perLogTransfersPerSecond();
        }

        public double floorRatio() {
            return main == null ? Double.NaN : main.seconds() / floorSeconds;
        }

        /** Logs fetched per second through Etherscan while behind, as a share of 5 calls/s x 1000 logs. */
        public double etherscanShare() {
            return etherscan == null ? Double.NaN : (etherscan.transfers() + 0.0) / etherscan.seconds() / 5000;
        }
    }

    private BackfillBench(Options options, AnvilChain chain) {
        this.options = options;
        this.services = new BenchDatabase(options.adminDatabase(), options.redis(), options.dbPrefix());
        this.chain = chain;
        this.expected = ExpectedBalances.of(chain);
    }

    public static void main(String[] args) throws Exception {
        Report report;
        try {
            Options options = Options.fromEnvironment();
            options.checkCacheDir();
            new BenchDatabase(options.adminDatabase(), options.redis(), options.dbPrefix()).check();
            System.out.printf("== %d cores, load average %s before the run%n", Runtime.getRuntime().availableProcessors(), load());
            report = run(options);
        } catch (SettingsException refused) {
            System.err.println("bench/run: " + refused.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("== load average %s after the run%n", load());
        BenchSummary.print(report, System.out);
    }

    public static Report run(Options options) throws Exception {
        try (AnvilChain chain = BenchHistory.open(options.cacheDir(), options.transfers())) {
            return new BackfillBench(options, chain).all();
        }
    }

    private Report all() throws Exception {
        BackfillRun main = null;
        double floor = Double.NaN;
        PerLog perLog = new PerLog(Double.NaN, Double.NaN);
        List<BackfillRun> scaling = new ArrayList<>();
        if (options.jsonRpc()) {
            main = backfill("json-rpc, 1 process x 2 threads", rpc(), 2, 0, "main");
            try (Connection db = BenchDatabase.connect(main.databaseUrl())) {
                floor = BulkFloor.seconds(db);
            }
            System.out.printf("bulk floor: COPY of %d delta rows + GROUP BY into balances: %.2f s%n", 2 * expected.transfers, floor);
        }
        if (options.jsonRpc() && options.scaling()) {
            scaling.add(backfill("json-rpc, 1 process x 1 thread", rpc(), 1, 0, "threads1"));
            scaling.add(main);
            scaling.add(backfill("json-rpc, 1 process x 4 threads", rpc(), 4, 0, "threads4"));
            scaling.add(backfill("json-rpc, sync + 2 worker processes x 2 threads", rpc(), 2, 2, "processes2"));
            scaling.add(backfill("json-rpc, 1 process x 2 threads, C1+C2 JIT", rpc(), 2, 0, "tiered",
                    BenchProcess.TIERED_JIT_OPTS));
        }
        if (options.jsonRpc()) {
            perLog = perLog();
        }
        BackfillRun etherscan = null;
        long getLogs = 0;
        long rateLimited = 0;
        if (options.etherscan()) {
            try (EtherscanStandin standin = EtherscanStandin.builder(chain.rpcUrl(), "BENCHSTANDINKEY0001")
                    .chainId(31337).callsPerSecond(5).start()) {
                Map<String, String> env = Map.of("ETHERSCAN_API_URL", standin.baseUrl(),
                        "ETHERSCAN_API_KEY", "BENCHSTANDINKEY0001", "ETHERSCAN_CALLS_PER_SEC", "5");
                etherscan = backfill("etherscan stand-in at 5 calls/s", env, 2, 0, "etherscan");
                getLogs = standin.calls("getLogs");
                rateLimited = standin.rateLimited();
                EtherscanCalls.report(standin.callLog(), etherscan.caughtUpMillis() - Math.round(etherscan.seconds() * 1000),
                        etherscan.caughtUpMillis(), options.logDir().resolve("etherscan-calls.tsv"), System.out);
            }
        }
        return new Report(main, floor, perLog.transfers(), perLog.seconds(), etherscan, getLogs, rateLimited, scaling);
    }

    private Map<String, String> rpc() {
        return Map.of("RPC_URL", chain.rpcUrl(), "RPC_CALLS_PER_SEC", "1000", "RPC_BLOCK_RANGE", "100");
    }

    private Map<String, String> common(String databaseUrl, int threads) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", databaseUrl);
        env.put("REDIS_URL", options.redis().toString());
        env.put("CHAIN_ID", "31337");
        env.put("USDE_ADDRESS", chain.token());
        env.put("START_BLOCK", Long.toString(chain.history().deployBlock()));
        env.put("CONFIRMATIONS", "0");
        env.put("WORKER_CONCURRENCY", Integer.toString(threads));
        return env;
    }

    /** A backfill to caught up by one process (ROLE all), or by a sync process and {@code workerProcesses} workers. */
    private BackfillRun backfill(String label, Map<String, String> source, int threads, int workerProcesses, String name)
            throws Exception {
        return backfill(label, source, threads, workerProcesses, name, BenchProcess.JVM_OPTS);
    }

    private BackfillRun backfill(String label, Map<String, String> source, int threads, int workerProcesses, String name,
                                 String jvmOptions) throws Exception {
        String databaseUrl = services.fresh(name);
        BenchProcess.onStop(databaseUrl, () -> {
            services.forgetQueues(databaseUrl);
            return null;
        });
        Map<String, String> env = common(databaseUrl, threads);
        env.putAll(source);
        List<BenchProcess> processes = new ArrayList<>();
        Throwable failure = null;
        try {
            if (workerProcesses == 0) {
                processes.add(BenchProcess.start(name, jvmOptions, env, options.logDir()));
            } else {
                processes.add(BenchProcess.start(name + "-sync", jvmOptions, with(env, "ROLE", "sync"), options.logDir()));
                for (int i = 1; i <= workerProcesses; i++) {
                    processes.add(BenchProcess.start(name + "-worker" + i, jvmOptions, with(env, "ROLE", "worker"),
                            options.logDir()));
                }
            }
            long caughtUp = awaitCursor(label, databaseUrl, processes);
            BackfillRun run = BackfillRun.of(label, expected.transfers, expected.block - chain.history().deployBlock() + 1,
                    caughtUp, processes, databaseUrl);
            try (Connection db = BenchDatabase.connect(databaseUrl)) {
                expected.check(label, db);
            }
            System.out.printf("%s: %.0f transfers/s, %.2f s, start-up %.2f s, CPU %.1f s, peak RSS %.0f MB%n", label,
                    run.transfersPerSecond(), run.seconds(), run.startupSeconds(), run.cpuSeconds(), run.peakRssMb());
            return run;
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            cleanUp(processes, databaseUrl, failure);
        }
    }

    /**
     * Stops a run's processes and removes its queues. When the run itself failed, a failure here is added to its
     * failure rather than put in its place: the run's reason is the one a user needs.
     */
    private void cleanUp(List<BenchProcess> processes, String databaseUrl, Throwable runFailure) throws Exception {
        try {
            for (BenchProcess p : processes) {
                p.close();
            }
            services.forgetQueues(databaseUrl);
            BenchProcess.done(databaseUrl);
        } catch (Exception cleanUpFailed) {
            if (runFailure == null) {
                throw cleanUpFailed;
            }
            runFailure.addSuppressed(cleanUpFailed);
        }
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    /**
     * Waits until the cursor reaches the history's last block; returns when it did (Unix ms). One session does the
     * polling: a connection per poll could be refused by a busy server and so delay the moment seen.
     */
    private long awaitCursor(String label, String databaseUrl, List<BenchProcess> processes) throws Exception {
        long deadline = System.currentTimeMillis() + options.timeoutSeconds() * 1000L;
        try (Connection db = BenchDatabase.connect(databaseUrl)) {
            while (System.currentTimeMillis() < deadline) {
                for (BenchProcess p : processes) {
                    p.assertAlive();
                }
                if (cursor(db) >= expected.block) {
                    return System.currentTimeMillis();
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(label + ": not caught up within " + options.timeoutSeconds() + " s; see "
                + options.logDir() + "\n" + processes.get(0).tail());
    }

    private static long cursor(Connection db) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_block FROM sync_state")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException notMigratedYet) {
            return -1;
        }
    }

    /** What the per-log reference did: transfers from its first delta on, and the seconds they took. */
    private record PerLog(double transfers, double seconds) {
    }

    /**
     * The per-log reference on the same history: the packaged routes with parse-transfer replaced by
     * bench/per-log (one log per queue message, each moved balance recomputed from all its deltas), for
     * {@code perLogSeconds} from its first delta, or until the whole history is done if that is sooner;
     * transfers/s from the deltas written in that time.
     */
    private PerLog perLog() throws Exception {
        Path routes = options.logDir().resolve("per-log-routes").toAbsolutePath();
        Files.createDirectories(routes);
        try (var files = Files.list(Path.of("src", "main", "resources", "routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(Path.of("bench", "per-log", "parse-transfer.camel.yaml"), routes.resolve("parse-transfer.camel.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String databaseUrl = services.fresh("per_log");
        BenchProcess.onStop(databaseUrl, () -> {
            services.forgetQueues(databaseUrl);
            return null;
        });
        Map<String, String> env = common(databaseUrl, 2);
        env.putAll(rpc());
        env.put("ROUTES_DIR", routes.toString());
        env.put("BENCH_PER_LOG_DIR", Path.of("bench", "per-log").toAbsolutePath().toString());
        env.put("CHUNK_RETRY_AFTER", "1h");
        long deltasAtStart;
        long started;
        long deltasAtEnd;
        long ended;
        try (BenchProcess p = BenchProcess.start("per-log", env, options.logDir());
             Connection db = awaitFirstDelta(p, databaseUrl)) {
            started = System.nanoTime();
            deltasAtStart = ExpectedBalances.count(db, "SELECT count(*) FROM deltas");
            deltasAtEnd = awaitAllDeltasOrWindow(p, db, started);
            ended = System.nanoTime();
            p.close();
            PerLogCheck.check(db);
        }
        services.forgetQueues(databaseUrl);
        BenchProcess.done(databaseUrl);
        PerLog run = new PerLog((deltasAtEnd - deltasAtStart) / 2.0, (ended - started) / 1e9);
        System.out.printf("per-log: %.0f transfers/s (%.0f transfers in %.1f s%s)%n", run.transfers() / run.seconds(),
                run.transfers(), run.seconds(), deltasAtEnd == 2 * expected.transfers ? ", the whole history" : "");
        services.drop(databaseUrl);
        return run;
    }

    /**
     * Waits for the per-log window to pass, or for the whole history's deltas if they are all there before it does
     * (a small history): a rate over the whole window would count time in which there was nothing left to do. Looks
     * twice a second (a count of at most a few tens of thousands of rows, a few milliseconds of the server's time).
     * Returns the deltas there at the end.
     */
    private long awaitAllDeltasOrWindow(BenchProcess p, Connection db, long started) throws Exception {
        long window = options.perLogSeconds() * 1_000_000_000L;
        while (true) {
            long left = window - (System.nanoTime() - started);
            if (left <= 0) {
                p.assertAlive();
                return ExpectedBalances.count(db, "SELECT count(*) FROM deltas");
            }
            Thread.sleep(Math.min(500, left / 1_000_000 + 1));
            p.assertAlive();
            long deltas = ExpectedBalances.count(db, "SELECT count(*) FROM deltas");
            if (deltas >= 2 * expected.transfers) {
                return deltas;
            }
        }
    }

    private Connection awaitFirstDelta(BenchProcess p, String databaseUrl) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            p.assertAlive();
            try {
                Connection db = BenchDatabase.connect(databaseUrl);
                try {
                    if (ExpectedBalances.count(db, "SELECT count(*) FROM deltas") > 0) {
                        return db;
                    }
                } catch (SQLException notMigratedYet) {
                    // the tables come with the tracker's start-up
                }
                db.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("per-log: no delta within 120 s\n" + p.tail());
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}

package io.usdetracker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.PostgresServer;
import io.usdetracker.support.RedisServer;
import io.usdetracker.support.TestServices;
import io.usdetracker.support.TrackedDatabase;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerProcess;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backfill of an anvil history of 20,000 transfers through each source, with a sync JVM and a worker JVM (the
 * packaged jar) on a PostgreSQL and a Redis of the test's own, while everything goes wrong: the sync is killed
 * (SIGKILL) at random moments, a worker at a random moment and once mid-chunk, Redis is flushed and restarted,
 * PostgreSQL crashes and restarts, and a proxy answers 10% of the source's calls with rate limits, 5xx pages,
 * time-outs and cut bodies. At the end every balance equals balanceOf, no delta is doubled, and quarantine
 * holds exactly the odd logs.
 */
class ChaosIT {

    private static final Duration FINISH = Duration.ofMinutes(3);
    private static final Duration STEP = Duration.ofSeconds(60);
    private static AnvilChain chain;
    private static PostgresServer postgres;
    private static RedisServer redis;

    @BeforeAll
    static void startServers() throws Exception {
        chain = AnvilChain.start(20_000);
        postgres = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {redis, postgres, chain}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void backfillThroughJsonRpcEndsExactWhateverGoesWrong() throws Exception {
        try (FaultProxy proxy = new FaultProxy(URI.create(chain.rpcUrl()), false, 0.10, Duration.ofSeconds(3))) {
            Map<String, String> env = new HashMap<>();
            env.put("RPC_URL", proxy.url(chain.rpcUrl()));
            env.put("RPC_BLOCK_RANGE", "5");
            env.put("RPC_CALLS_PER_SEC", "3");
            new Run("chaos json-rpc", "chaos_rpc", env, proxy).survive();
        }
    }

    @Test
    void backfillThroughEtherscanEndsExactWhateverGoesWrong() throws Exception {
        try (EtherscanStandin etherscan = EtherscanStandin.builder(chain.rpcUrl(), "CHAOSSTANDINKEY0001").chainId(31337)
                .callsPerSecond(50).start();
             FaultProxy proxy = new FaultProxy(URI.create(etherscan.baseUrl()), true, 0.10, Duration.ofSeconds(3))) {
            Map<String, String> env = new HashMap<>();
            env.put("ETHERSCAN_API_URL", proxy.url(etherscan.baseUrl()));
            env.put("ETHERSCAN_API_KEY", "CHAOSSTANDINKEY0001");
            // a page of 1000 logs a second: the backfill outlasts the schedule of kills and restarts
            env.put("ETHERSCAN_CALLS_PER_SEC", "1");
            new Run("chaos etherscan", "chaos_etherscan", env, proxy).survive();
        }
    }

    /** One backfill under chaos: the processes, what was done to them, and the checks at the end. */
    private static final class Run {

        private final String label;
        private final Map<String, String> env = new HashMap<>();
        private final FaultProxy proxy;
        private final Random random = new Random(6);
        private final List<String> done = new ArrayList<>();
        private final String databaseUrl;
        private final TrackedDatabase db;
        private final long end = chain.history().lastBlock();
        private TrackerProcess sync;
        private TrackerProcess worker;
        private int starts;

        Run(String label, String database, Map<String, String> sourceEnv, FaultProxy proxy) throws Exception {
            this.label = label;
            this.proxy = proxy;
            redis.flushAll();
            databaseUrl = postgres.createDatabase(database);
            db = TrackedDatabase.at(databaseUrl);
            env.putAll(sourceEnv);
            env.put("DATABASE_URL", databaseUrl);
            env.put("REDIS_URL", redis.url());
            env.put("CHAIN_ID", "31337");
            env.put("USDE_ADDRESS", chain.token());
            env.put("START_BLOCK", Long.toString(chain.history().deployBlock()));
            env.put("CONFIRMATIONS", "0");
            env.put("SYNC_PERIOD", "500ms");
            env.put("SOURCE_TIMEOUT", "2s");
            env.put("CHUNK_RETRY_AFTER", "3s");
            env.put("QUEUE_MAX_CHUNKS", "2");
        }

        void survive() throws Exception {
            try {
                sync = start("sync");
                worker = start("worker");
                killSync();
                killSync();
                serverStep("Redis FLUSHALL", redis::flushAll);
                killSync();
                step("worker killed at a random moment", () -> worker = restart(worker, "worker"));
                killWorkerMidChunk();
                killSync();
                serverStep("PostgreSQL crashed and restarted", postgres::crashAndRestart);
                killSync();
                serverStep("Redis killed and restarted empty", redis::restart);
                killSync();
                TrackerApp.await(label + ": cursor at block " + end, FINISH, () -> db.cursor() >= end);
                assertThat(sync.alive() && worker.alive()).as("both JVMs survived the database and Redis restarts").isTrue();
                report();
            } finally {
                if (sync != null) {
                    sync.close();
                }
                if (worker != null) {
                    worker.close();
                }
            }
        }

        private void report() throws Exception {
            done.forEach(d -> System.out.printf("%s: %s%n", label, d));
            System.out.printf("%s: faults injected in %d source calls: %s%n", label, proxy.calls(), proxy.injected());
            ChainCheck.assertExact(label, db, chain, chain.history().oddLogs());
            assertThat(done).filteredOn(d -> d.startsWith("sync killed")).hasSizeGreaterThanOrEqualTo(5);
            assertThat(proxy.injected().values()).as("every kind of fault injected").allMatch(n -> n > 0);
            assertThat(output("sync")).as("the chunk lost with the worker is fetched again").contains("was not applied in time");
        }

        /**
         * Waits until this sync JVM has fetched something (so that each kill lands in a running backfill), then a
         * random moment, then SIGKILL.
         */
        private void killSync() throws Exception {
            TrackerApp.await(label + ": the schema made", STEP, () -> fetched() >= 0);
            long before = fetched();
            TrackerApp.await(label + ": the sync fetching past block " + before, STEP, () -> fetched() > before);
            Thread.sleep(random.nextInt(1_000));
            step("sync killed", () -> sync = restart(sync, "sync"));
        }

        /**
         * The worker takes a chunk and waits in its apply for a lock the test holds; SIGKILL then, and its database
         * session is ended as PostgreSQL would once it noticed: the chunk's message is gone with the worker.
         */
        private void killWorkerMidChunk() throws Exception {
            try (Connection lock = TestServices.connect(databaseUrl)) {
                lock.setAutoCommit(false);
                execute(lock, "LOCK TABLE deltas IN SHARE MODE");
                TrackerApp.await("a worker waiting in apply_chunk", STEP, () -> applying() > 0);
                step("worker killed mid-chunk", () -> {
                    worker.kill();
                    execute(lock, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            + "AND query LIKE '%INSERT INTO deltas%' AND pid <> pg_backend_pid()");
                    worker = start("worker");
                });
                lock.rollback();
            }
        }

        /** fetched_block, or -1 before the first JVM has made the schema. */
        private long fetched() {
            try {
                return db.queryLong("SELECT fetched_block FROM sync_state");
            } catch (java.sql.SQLException e) {
                return -1;
            }
        }

        private long applying() throws Exception {
            return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE '%INSERT INTO deltas%'");
        }

        /** Something done to the servers lands while both JVMs run (one starting up would stop on it, by design). */
        private void serverStep(String what, Action action) throws Exception {
            sync.awaitOutput("(usde-tracker) started in", STEP);
            worker.awaitOutput("(usde-tracker) started in", STEP);
            step(what, action);
        }

        private void step(String what, Action action) throws Exception {
            long cursor = db.cursor();
            long fetched = db.queryLong("SELECT fetched_block FROM sync_state");
            assertThat(cursor).as(label + ": " + what + " during the backfill (cursor below " + end + ")").isLessThan(end);
            action.run();
            done.add(String.format("%s at cursor %d, fetched %d, of %d", what, cursor, fetched, end));
        }

        private TrackerProcess restart(TrackerProcess process, String role) throws Exception {
            process.kill();
            return start(role);
        }

        private TrackerProcess start(String role) throws Exception {
            Map<String, String> roleEnv = new HashMap<>(env);
            roleEnv.put("ROLE", role);
            roleEnv.put("API_PORT", Integer.toString(TrackerApp.freePort()));
            roleEnv.put("MANAGEMENT_PORT", Integer.toString(TrackerApp.freePort()));
            return TrackerProcess.start(label.replace(' ', '-') + "-" + role + "-" + (++starts), roleEnv);
        }

        private String output(String role) throws Exception {
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= starts; i++) {
                java.nio.file.Path log = java.nio.file.Path.of("target", "processes", label.replace(' ', '-') + "-" + role + "-" + i + ".log");
                if (java.nio.file.Files.exists(log)) {
                    all.append(java.nio.file.Files.readString(log));
                }
            }
            return all.toString();
        }

        private static void execute(Connection c, String sql) throws Exception {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}

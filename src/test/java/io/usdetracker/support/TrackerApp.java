package io.usdetracker.support;

import io.usdetracker.Application;
import io.usdetracker.config.TrackerSettings;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import redis.clients.jedis.Jedis;

/**
 * The real application (TrackerConfiguration and the YAML routes) started in the test JVM against a fresh
 * database and a Redis database of its own, with the environment given as a map.
 */
public final class TrackerApp implements AutoCloseable, TrackedDatabase {

    private static final AtomicInteger REDIS_DB = new AtomicInteger(1);

    private final Map<String, String> env = new HashMap<>();
    private final String databaseUrl;
    private final String redisUrl;
    private final Map<String, Object> beans = new HashMap<>();
    private Main main;

    /** A tracker with no source yet: give it RPC_URL or the Etherscan variables with {@link #with}. */
    public TrackerApp(String testName) {
        databaseUrl = TestServices.freshDatabase(testName);
        redisUrl = TestServices.redisUrl() + "/" + (REDIS_DB.getAndIncrement() % 15 + 1);
        env.put("DATABASE_URL", databaseUrl);
        env.put("REDIS_URL", redisUrl);
        env.put("SYNC_PERIOD", "300ms");
        env.put("CONFIRMATIONS", "0");
        env.put("CHUNK_RETRY_AFTER", "1s");
        env.put("SOURCE_TIMEOUT", "1s");
        env.put("API_PORT", Integer.toString(freePort()));
        try (Jedis jedis = jedis()) {
            jedis.flushDB();
        }
    }

    /** A tracker reading from the WireMock Etherscan. */
    public TrackerApp(String testName, EtherscanFake etherscan) {
        this(testName);
        env.put("ETHERSCAN_API_URL", etherscan.url());
        env.put("ETHERSCAN_API_KEY", "TESTKEY0123456789ABCDEF");
        env.put("ETHERSCAN_CALLS_PER_SEC", "500");
    }

    private TrackerApp(TrackerApp other) {
        databaseUrl = other.databaseUrl;
        redisUrl = other.redisUrl;
        env.putAll(other.env);
    }

    /**
     * A second tracker process on the same database and Redis, as another machine would run it: with ports of its
     * own, since on this machine the first one holds its ports (and a port in use stops start-up).
     */
    public TrackerApp sibling() {
        TrackerApp sibling = new TrackerApp(this);
        for (String port : new String[] {"API_PORT", "MANAGEMENT_PORT", "JOLOKIA_PORT"}) {
            sibling.env.computeIfPresent(port, (name, taken) -> Integer.toString(freePort()));
        }
        return sibling;
    }

    /** Puts a chunk in the ledger and on the queue, as the sync would; returns its ledger id. */
    public long enqueue(long from, long to, java.util.List<io.usdetracker.transfer.RawLog> logs) throws Exception {
        long id;
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO chunks (from_block, to_block, log_count, enqueued_at) VALUES (?, ?, ?, now()) RETURNING id")) {
            s.setLong(1, from);
            s.setLong(2, to);
            s.setInt(3, logs.size());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        push(new io.usdetracker.queue.ChunkMessage(id, from, to, logs));
        return id;
    }

    public void push(io.usdetracker.queue.ChunkMessage message) throws Exception {
        try (Jedis jedis = jedis()) {
            jedis.lpush(chunkQueueKey(), io.usdetracker.queue.ChunkCodec.encode(message));
        }
    }

    /** The Redis key of this tracker's chunk queue: parse_transfer followed by its database's deployment. */
    public String chunkQueueKey() throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "SELECT CAST(deployment AS TEXT) FROM sync_state WHERE id = 1"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no sync_state row yet: start the tracker once first");
            }
            return new io.usdetracker.queue.QueueKeys(rs.getString(1)).key(io.usdetracker.queue.ChunkQueue.NAME);
        }
    }

    public boolean applied(long chunkId) throws SQLException {
        return queryLong("SELECT count(*) FROM chunks WHERE id = " + chunkId + " AND applied_at IS NOT NULL") == 1;
    }

    public TrackerApp with(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Where this tracker's HTTP API listens, e.g. {@code http://127.0.0.1:41234}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + env.get("API_PORT");
    }

    /** A bean put in the registry before Camel starts (an event notifier, say). */
    public TrackerApp bind(String name, Object bean) {
        beans.put(name, bean);
        return this;
    }

    public String env(String name) {
        return env.get(name);
    }

    /** The settings this tracker runs with, for a child process that joins it. */
    public Map<String, String> environment() {
        return new HashMap<>(env);
    }

    /** Where this tracker's management server (/observe/*) answers: MANAGEMENT_PORT, else the API's port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + env.getOrDefault("MANAGEMENT_PORT", env.get("API_PORT"));
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String apiKey() {
        return env.get("ETHERSCAN_API_KEY");
    }

    public TrackerApp start() {
        main = Application.camel(TrackerSettings.load(env::get));
        env.forEach(main::addInitialProperty);
        beans.forEach(main::bind);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("tracker did not start", e);
        }
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Jedis jedis() {
        var uri = java.net.URI.create(redisUrl);
        Jedis jedis = new Jedis(uri.getHost(), uri.getPort());
        jedis.select(Integer.parseInt(uri.getPath().substring(1)));
        return jedis;
    }

    public Connection db() throws SQLException {
        return TestServices.connect(databaseUrl);
    }

    @Override
    public long cursor() throws SQLException {
        return queryLong("SELECT last_block FROM sync_state WHERE id = 1");
    }

    @Override
    public long queryLong(String sql) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Map<String, BigInteger> balances() throws SQLException {
        Map<String, BigInteger> result = new HashMap<>();
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("SELECT encode(address, 'hex'), balance FROM balances");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getBigDecimal(2).toBigIntegerExact());
            }
        }
        return result;
    }

    /** Waits for a condition, failing with {@code what} when it does not come within the timeout. */
    public static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A condition that may query the database. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

}

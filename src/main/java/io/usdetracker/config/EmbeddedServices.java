package io.usdetracker.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.RedisServer;

/**
 * The one-machine defaults: without DATABASE_URL an embedded PostgreSQL, without REDIS_URL an embedded Redis,
 * both keeping their files under DATA_DIR so that a restart finds its data again. They are stopped by Camel's
 * shutdown, after the routes, not by shutdown hooks of their own that would pull them away from a worker still
 * finishing its chunk.
 */
public final class EmbeddedServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    private EmbeddedPostgres postgres;
    private RedisServer redis;

    public DatabaseUrl startPostgres(Path dataDir, int port) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new SettingsException("DATABASE_URL", "not set, and the embedded PostgreSQL refuses to run as root: "
                    + "set DATABASE_URL to a PostgreSQL server, or run the tracker as a regular user");
        }
        Path dir = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir.getParent());
        stopOrphanedPostgres(dir);
        if (answers(port)) {
            throw new SettingsException("EMBEDDED_POSTGRES_PORT", "port " + port + " is taken by another "
                    + "server (another tracker's embedded PostgreSQL?): set DATABASE_URL or another EMBEDDED_POSTGRES_PORT");
        }
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .start();
        LOG.info("database: embedded PostgreSQL on 127.0.0.1:{}, data in {} (psql postgresql://postgres@127.0.0.1:{}/postgres)",
                port, dir, port);
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", new Secret(""));
    }

    /** Where the embedded Redis of a running tracker answers. */
    public static URI redisAddress(int port) {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public URI startRedis(Path dataDir, int port) throws IOException {
        Path dir = dataDir.resolve("redis").toAbsolutePath();
        Files.createDirectories(dir);
        stopOrphanedRedis(dir, port);
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("save \"\"")
                .onShutdownForceStop(false)
                .build();
        redis.start();
        LOG.info("queue: embedded Redis on 127.0.0.1:{}, append-only file in {}", port, dir);
        return redisAddress(port);
    }

    /**
     * A tracker killed with SIGKILL leaves its PostgreSQL running, holding the data directory and the port; it has
     * no clients left, so a plain SIGTERM (smart shutdown) stops it cleanly before this process starts its own.
     */
    private static void stopOrphanedPostgres(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        LOG.warn("embedded PostgreSQL: the server of an earlier run (pid {}) still holds {}; stopping it first", pid, dir);
        server.get().destroy();
        try {
            server.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the earlier embedded PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the earlier embedded PostgreSQL (pid " + pid + ") did not stop; stop it and start again", e);
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Likewise for a Redis left running by an earlier run: it is shut down (its append-only file is kept). */
    private static void stopOrphanedRedis(Path dir, int port) {
        try (Jedis earlier = new Jedis("127.0.0.1", port, 1000)) {
            earlier.ping();
            String earlierDir = earlier.configGet("dir").get("dir");
            if (earlierDir == null || !Path.of(earlierDir).equals(dir)) {
                throw new SettingsException("EMBEDDED_REDIS_PORT", "port " + port
                        + " is taken by another Redis: set REDIS_URL or another EMBEDDED_REDIS_PORT");
            }
            LOG.warn("embedded Redis: the server of an earlier run still runs on port {}; shutting it down first", port);
            try {
                earlier.shutdown();
            } catch (JedisException expected) {
                // the server closes the connection as it goes
            }
        } catch (JedisConnectionException nothingThere) {
            // the usual case: no earlier server
        }
    }

    @Override
    public void close() throws IOException {
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.usdetracker.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The one-machine defaults: without DATABASE_URL an embedded PostgreSQL, without REDIS_URL an embedded Redis,
 * both keeping their files under DATA_DIR so that a restart finds its data again. They are stopped by Camel's
 * shutdown, after the routes, not by shutdown hooks of their own that would pull them away from a worker still
 * finishing its chunk.
 */
public final class EmbeddedServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);
    static final int POSTGRES_PORT = 15432;
    static final int REDIS_PORT = 16379;

    private EmbeddedPostgres postgres;
    private RedisServer redis;

    public DatabaseUrl startPostgres(Path dataDir) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new SettingsException("DATABASE_URL", "not set, and the embedded PostgreSQL refuses to run as root: "
                    + "set DATABASE_URL to a PostgreSQL server, or run the tracker as a regular user");
        }
        Path dir = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir.getParent());
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(POSTGRES_PORT)
                .setRegisterShutdownHook(false)
                .start();
        LOG.info("database: embedded PostgreSQL on 127.0.0.1:{}, data in {} (psql postgresql://postgres@127.0.0.1:{}/postgres)",
                POSTGRES_PORT, dir, POSTGRES_PORT);
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/postgres", "postgres", new Secret(""));
    }

    /** Where the embedded Redis of a running tracker answers. */
    public static URI redisAddress() {
        return URI.create("redis://127.0.0.1:" + REDIS_PORT);
    }

    public URI startRedis(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("redis").toAbsolutePath();
        Files.createDirectories(dir);
        redis = RedisServer.newRedisServer()
                .port(REDIS_PORT)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("save \"\"")
                .onShutdownForceStop(false)
                .build();
        redis.start();
        LOG.info("queue: embedded Redis on 127.0.0.1:{}, append-only file in {}", REDIS_PORT, dir);
        return redisAddress();
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

package io.usdetracker.support;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/** A redis-server of the test's own on a free port, without persistence, which the test may restart or flush. */
public final class RedisServer implements AutoCloseable {

    private final int port = TrackerApp.freePort();
    private final Thread killOnExit = new Thread(this::kill, "redis-killer");
    private volatile Process process;

    public static RedisServer start() throws Exception {
        RedisServer server = new RedisServer();
        Runtime.getRuntime().addShutdownHook(server.killOnExit);
        server.launch();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (everything it held is gone) and starts an empty one on the same port. */
    public void restart() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        launch();
    }

    public void flushAll() {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            jedis.flushAll();
        }
    }

    private void launch() throws Exception {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TrackerApp.await("redis-server on port " + port, java.time.Duration.ofSeconds(10), () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                return "PONG".equals(jedis.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws IOException {
        kill();
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }
}

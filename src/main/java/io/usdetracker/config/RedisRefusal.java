package io.usdetracker.config;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Asks Redis once at start-up. A server that answers but refuses REDIS_URL (a wrong password or user, a
 * database index it does not have) is a configuration error that no retry will cure: start-up stops with the
 * server's reason. A server that does not answer yet is not: the queues retry until it does.
 */
final class RedisRefusal {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRefusal.class);

    private RedisRefusal() {
    }

    static void check(RedisConnectionFactory redis, URI uri) {
        try (RedisConnection c = redis.getConnection()) {
            c.ping();
        } catch (RuntimeException e) {
            String reason = serverReason(e);
            String where = uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
            if (reason != null) {
                throw new RedisRefusedException("the server at " + where + " refused it: " + reason);
            }
            LOG.warn("queue: the Redis at {} does not answer yet ({}); the queues retry until it does", where, e.getMessage());
        }
    }

    /** The server's own error text when it answered with a refusal, or null when it did not answer at all. */
    private static String serverReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if ((name.contains("DataException") || name.contains("AccessControl")) && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return null;
    }

    /** Start-up stops on this; Application prints its message on one line. */
    static final class RedisRefusedException extends RuntimeException {
        RedisRefusedException(String message) {
            super(message);
        }
    }
}

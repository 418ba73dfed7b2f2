package io.usdetracker.observe;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The readiness checks behind {@code /observe/health/ready}: PostgreSQL answers, Redis answers, the cursor
 * is within READY_LAG_BLOCKS of the tip, the sync was not stopped, and no balance stayed wrong after repair. They are not liveness checks: a process that waits for its database
 * or is still backfilling is alive and must not be restarted for it.
 */
public final class ReadinessChecks {

    private ReadinessChecks() {
    }

    public static List<HealthCheck> of(DataSource dataSource, RedisConnectionFactory redis, SyncLag lag, long readyLagBlocks,
                                       SyncHalt halt, BalanceAlarm balances) {
        return List.of(new Database(dataSource), new Redis(redis), new CaughtUp(lag, readyLagBlocks), new Source(halt),
                new Verified(balances));
    }

    private abstract static class Readiness extends AbstractHealthCheck {

        Readiness(String id) {
            super("usde-tracker", id);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try {
                check(builder);
            } catch (RuntimeException e) {
                builder.down().message(e.getMessage());
            }
        }

        abstract void check(HealthCheckResultBuilder builder);
    }

    static final class Database extends Readiness {

        private final DataSource dataSource;

        Database(DataSource dataSource) {
            super("postgresql");
            this.dataSource = dataSource;
        }

        @Override
        void check(HealthCheckResultBuilder builder) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    builder.up();
                } else {
                    builder.down().message("PostgreSQL did not answer within 2 s");
                }
            } catch (Exception e) {
                builder.down().message("PostgreSQL unavailable: " + e.getMessage());
            }
        }
    }

    static final class Redis extends Readiness {

        private final RedisConnectionFactory redis;

        Redis(RedisConnectionFactory redis) {
            super("redis");
            this.redis = redis;
        }

        @Override
        void check(HealthCheckResultBuilder builder) {
            try (RedisConnection c = redis.getConnection()) {
                c.ping();
                builder.up();
            } catch (Exception e) {
                builder.down().message("Redis unavailable: " + e.getMessage());
            }
        }
    }

    static final class CaughtUp extends Readiness {

        private final SyncLag lag;
        private final long readyLagBlocks;

        CaughtUp(SyncLag lag, long readyLagBlocks) {
            super("caught-up");
            this.lag = lag;
            this.readyLagBlocks = readyLagBlocks;
        }

        @Override
        void check(HealthCheckResultBuilder builder) {
            OptionalLong behind = lag.blocksBehind();
            if (behind.isEmpty()) {
                builder.down().message("the tip is not known yet: no sync run has asked the source");
                return;
            }
            builder.detail("blocks_behind", behind.getAsLong()).detail("ready_lag_blocks", readyLagBlocks);
            if (behind.getAsLong() <= readyLagBlocks) {
                builder.up();
            } else {
                builder.down().message(behind.getAsLong() + " blocks behind the tip (ready at " + readyLagBlocks + " or fewer)");
            }
        }
    }

    static final class Source extends Readiness {

        private final SyncHalt halt;

        Source(SyncHalt halt) {
            super("sync-source");
            this.halt = halt;
        }

        @Override
        void check(HealthCheckResultBuilder builder) {
            halt.reason().ifPresentOrElse(
                    reason -> builder.down().message("sync stopped: " + reason),
                    builder::up);
        }
    }

    static final class Verified extends Readiness {

        private final BalanceAlarm alarm;

        Verified(BalanceAlarm alarm) {
            super("balances-verified");
            this.alarm = alarm;
        }

        @Override
        void check(HealthCheckResultBuilder builder) {
            alarm.reason().ifPresentOrElse(
                    reason -> builder.down().message("verify-balances: " + reason),
                    builder::up);
        }
    }
}

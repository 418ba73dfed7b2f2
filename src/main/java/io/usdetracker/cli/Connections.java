package io.usdetracker.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.usdetracker.config.DatabaseUrl;
import io.usdetracker.config.EmbeddedServices;
import io.usdetracker.config.Sources;
import io.usdetracker.config.TrackerConfiguration;
import io.usdetracker.config.TrackerSettings;
import io.usdetracker.db.SchemaMigrator;
import io.usdetracker.db.SqlFiles;
import io.usdetracker.queue.ChunkQueue;
import io.usdetracker.queue.QueueKeys;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceStats;
import java.net.URI;
import java.util.Map;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a command reaches, opened as the service opens it: the database (DATABASE_URL, else the embedded one
 * under DATA_DIR, which needs the tracker stopped), at the schema version of this jar; Redis and the source
 * only when asked for.
 */
final class Connections implements AutoCloseable {

    /** A command reports a source that does not answer; it does not retry for minutes as the sync does. */
    private static final int SOURCE_ATTEMPTS = 2;

    private final TrackerSettings settings;
    private final EmbeddedServices embedded = new EmbeddedServices();
    private final HikariDataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private JedisConnectionFactory redis;

    Connections(TrackerSettings settings) throws Exception {
        this.settings = settings;
        DatabaseUrl database = settings.database().isPresent()
                ? settings.database().get() : embedded.startPostgres(settings.dataDir(), settings.embeddedPostgresPort());
        dataSource = TrackerConfiguration.dataSource(database, 2);
        SchemaMigrator.migrate(dataSource);
        jdbc = new NamedParameterJdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    TrackerSettings settings() {
        return settings;
    }

    NamedParameterJdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate transaction() {
        return transaction;
    }

    /** The one row a query file returns. */
    Map<String, Object> row(String file, Map<String, ?> params) {
        return jdbc.queryForMap(SqlFiles.load(file), params);
    }

    void execute(String file, Map<String, ?> params) {
        jdbc.update(SqlFiles.load(file), params);
    }

    /** This database's chunk queue, in REDIS_URL's Redis, or the embedded Redis of a tracker running on this machine. */
    ChunkQueue chunkQueue() {
        if (redis == null) {
            URI uri = settings.redis().orElse(EmbeddedServices.redisAddress(settings.embeddedRedisPort()));
            redis = TrackerConfiguration.redis(uri, 1);
        }
        return new ChunkQueue(new StringRedisTemplate(redis), QueueKeys.of(row("sql/select_sync_state.sql", Map.of())));
    }

    LogSource source() {
        return Sources.choose(settings, new SourceStats(), SOURCE_ATTEMPTS, () -> false);
    }

    /**
     * The source for a command that makes many calls (verify --all: one per address), likely on a key the
     * running tracker shares: each call is retried with backoff as the sync's are, so a rate-limit answer
     * waits instead of failing the command.
     */
    LogSource patientSource() {
        return Sources.choose(settings, new SourceStats(), Sources.SYNC_ATTEMPTS, () -> false);
    }

    @Override
    public void close() throws Exception {
        if (redis != null) {
            redis.destroy();
        }
        dataSource.close();
        embedded.close();
    }
}

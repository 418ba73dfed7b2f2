package io.usdetracker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.usdetracker.api.ApiErrors;
import io.usdetracker.api.ApiPortEngine;
import io.usdetracker.api.BalanceApi;
import io.usdetracker.api.DashboardAssets;
import io.usdetracker.api.HistoryRecorder;
import io.usdetracker.api.HolderApi;
import io.usdetracker.api.JsonAnswer;
import io.usdetracker.api.SourceFacts;
import io.usdetracker.api.StatsApi;
import io.usdetracker.api.TransferApi;
import io.usdetracker.api.UnknownPaths;
import io.usdetracker.console.OperatorConsole;
import io.usdetracker.db.SchemaMigrator;
import io.usdetracker.db.SyncState;
import io.usdetracker.observe.BalanceAlarm;
import io.usdetracker.observe.ReadinessChecks;
import io.usdetracker.observe.StageTimers;
import io.usdetracker.observe.SyncHalt;
import io.usdetracker.observe.SyncLag;
import io.usdetracker.observe.TrackerMetrics;
import io.usdetracker.queue.ChunkQueue;
import io.usdetracker.queue.QueueKeys;
import io.usdetracker.queue.RedisQueueComponent;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceStats;
import io.usdetracker.sync.LeaderLock;
import io.usdetracker.sync.ReorgCheck;
import io.usdetracker.sync.SyncProgress;
import io.usdetracker.sync.TransferSync;
import io.usdetracker.transfer.ChunkDecoder;
import io.usdetracker.verify.BalanceVerifier;
import io.usdetracker.verify.ChainBalances;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Builds the beans the routes call by name. They depend on each other (settings, then the database and Redis,
 * then the source and the sync), so they are made here in that order rather than one method each.
 */
public class TrackerConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfiguration.class);
    /** How long one sync run may keep fetching before it lets the timer schedule the next. */
    private static final Duration RUN_BUDGET = Duration.ofMinutes(5);
    /**
     * Logs per chunk (one queue message, one apply statement). Larger chunks move each busy balance once per chunk
     * rather than once per 2,000 logs: on the 200,000-transfer benchmark, 10,000 halved the apply time (PERFORMANCE.md).
     */
    private static final int CHUNK_MAX_LOGS = 10_000;
    /** About an hour of mainnet blocks: one point of the supply and holder history per bucket. */
    private static final int HISTORY_BUCKET_BLOCKS = 300;
    private static final int HISTORY_MAX_BLOCKS = 50_000;
    private static final Duration HISTORY_BUDGET = Duration.ofSeconds(30);
    private static final String METRICS_REGISTRY = "metricsRegistry";
    /** What each verify-balances run checks beside the supply: the largest holders and as many random others. */
    private static final int VERIFY_TOP_HOLDERS = 20;
    private static final int VERIFY_RANDOM_HOLDERS = 20;

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        TrackerSettings settings = registry.findSingleByType(TrackerSettings.class);
        if (settings == null) {
            settings = TrackerSettings.load(name -> context.getPropertiesComponent().resolveProperty(name).orElse(null));
            registry.bind("settings", settings);
        }
        FreePorts.check(settings);
        Resources resources = new Resources();
        context.addService(resources, true, true);
        context.getCamelContextExtension().getContextPlugin(Model.class).setRouteFilter(settings.role()::runs);
        if (settings.routesDir().isPresent()) {
            context.addService(new RouteFileReload(settings.routesDir().get()));
            LOG.info("routes: loaded from {} and reloaded when a file there changes", settings.routesDir().get());
        }
        LOG.info("role: {}; management server (/observe/health, /observe/metrics) on port {}", settings.role(),
                settings.managementPort());

        EmbeddedServices embedded = resources.add(new EmbeddedServices());
        DatabaseUrl database = settings.database().isPresent()
                ? settings.database().get() : embedded.startPostgres(settings.dataDir(), settings.embeddedPostgresPort());
        URI redisUri = settings.redis().isPresent() ? settings.redis().get() : embedded.startRedis(settings.dataDir(), settings.embeddedRedisPort());
        if (settings.database().isPresent()) {
            LOG.info("database: PostgreSQL at {}", database.jdbcUrl());
        }
        if (settings.redis().isPresent()) {
            LOG.info("queue: Redis at {}:{}", redisUri.getHost(), redisUri.getPort());
        }

        HikariDataSource dataSource = resources.add(dataSource(database, settings.role().databaseConnections(settings.workerConcurrency())));
        SchemaMigrator.migrate(dataSource);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        QueueKeys queueKeys = QueueKeys.of(SyncState.initialise(jdbc, settings));
        registry.bind("dataSource", dataSource);

        JedisConnectionFactory redisConnections = redis(redisUri, settings.workerConcurrency() + 4);
        resources.add(redisConnections::destroy);
        RedisRefusal.check(redisConnections, redisUri);
        StringRedisTemplate redis = new StringRedisTemplate(redisConnections);
        registry.bind("redisTemplate", redis);
        context.addComponent("redis-queue", new RedisQueueComponent(redis, queueKeys));
        registry.bind("queueKeys", queueKeys);

        ObjectMapper json = new ObjectMapper();
        SourceStats stats = new SourceStats();
        LogSource source = Sources.choose(settings, stats, context::isStopping);
        LOG.info("source: {} for token {} from block {}, {} confirmations", source.describe(), settings.token(),
                settings.startBlock(), settings.confirmations());
        LeaderLock leaderLock = resources.add(new LeaderLock(dataSource));

        SyncLag lag = new SyncLag(jdbc);
        ChunkQueue queue = new ChunkQueue(redis, queueKeys);
        LOG.info("queue: chunks travel on the Redis list {}, this database's own", queue.key());
        PrometheusMeterRegistry meters = meterRegistry(registry);
        StageTimers stages = new StageTimers(meters);
        TrackerMetrics metrics = new TrackerMetrics(meters, stats, queue, lag, stages);
        registry.bind("trackerMetrics", metrics);
        SyncHalt halt = new SyncHalt();
        registry.bind("syncHalt", halt);
        BalanceAlarm balanceAlarm = new BalanceAlarm();
        for (HealthCheck check : ReadinessChecks.of(dataSource, redisConnections, lag, settings.readyLagBlocks(), halt,
                balanceAlarm)) {
            registry.bind("health-" + check.getId(), check);
        }

        registry.bind("sourceStats", stats);
        registry.bind("logSource", source);
        registry.bind("leaderLock", leaderLock);
        registry.bind("chunkDecoder", new ChunkDecoder(json, settings.token(), stages));
        registry.bind("syncProgress", new SyncProgress(stats, Duration.ofSeconds(5)));
        registry.bind("transferSync", new TransferSync(source, queue, json, settings.confirmations(),
                settings.queueMaxChunks(), CHUNK_MAX_LOGS, RUN_BUDGET, settings.chunkRetryAfter(), stages));
        registry.bind("reorgCheck", new ReorgCheck(source, settings.reorgWindow(), HISTORY_BUCKET_BLOCKS, metrics));
        registry.bind("balanceVerifier", new BalanceVerifier(new ChainBalances(source, settings.token()), metrics, balanceAlarm,
                json, VERIFY_TOP_HOLDERS, VERIFY_RANDOM_HOLDERS));
        if (settings.role().servesApi()) {
            api(context, registry, settings, dataSource, source);
        }
        console(context, settings);
    }

    /** Hawtio and Jolokia, opened once Camel has fully started so that they never delay the first fetch. */
    private static void console(CamelContext context, TrackerSettings settings) throws Exception {
        OperatorConsole console = new OperatorConsole(context, settings);
        context.addService(console, true, true);
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the management server's router exists only once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                console.open();
            }
        });
    }

    /** The beans of rest-api, dashboard and record-history, and the JSON 404 for paths no route serves. */
    private static void api(CamelContext context, Registry registry, TrackerSettings settings, HikariDataSource dataSource,
                            LogSource source) throws Exception {
        registry.bind("platform-http-engine", new ApiPortEngine(settings.apiPort()));
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        ExecutorService apiThreads = context.getExecutorServiceManager().newCachedThreadPool(TrackerConfiguration.class, "api");
        SourceFacts facts = new SourceFacts(source, settings.token(), apiThreads);
        registry.bind("balanceApi", new BalanceApi(jdbc, facts));
        registry.bind("holderApi", new HolderApi(dataSource, facts, apiThreads));
        registry.bind("transferApi", new TransferApi(jdbc, facts));
        registry.bind("statsApi", new StatsApi(jdbc, facts, settings.token()));
        registry.bind("apiErrors", new ApiErrors());
        registry.bind("jsonAnswer", new JsonAnswer());
        registry.bind("dashboardAssets", new DashboardAssets());
        registry.bind("historyRecorder", new HistoryRecorder(jdbc, HISTORY_BUCKET_BLOCKS, HISTORY_MAX_BLOCKS, HISTORY_BUDGET));
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the HTTP router exists only once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                UnknownPaths.install(started, settings.apiPort());
                facts.decimals();
            }
        });
        LOG.info("api: http://0.0.0.0:{}/ (dashboard), /api/openapi.json", settings.apiPort());
    }

    /** The registry /observe/metrics serves: Camel's metrics set it up before this configuration runs. */
    private static PrometheusMeterRegistry meterRegistry(Registry registry) {
        PrometheusMeterRegistry meters = registry.lookupByNameAndType(METRICS_REGISTRY, PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METRICS_REGISTRY, meters);
        }
        return meters;
    }

    public static HikariDataSource dataSource(DatabaseUrl database, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password().value());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("tracker");
        config.setInitializationFailTimeout(10_000);
        return new HikariDataSource(config);
    }

    public static JedisConnectionFactory redis(URI uri, int poolSize) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            String user = uri.getUserInfo().substring(0, uri.getUserInfo().indexOf(':'));
            if (!user.isEmpty()) {
                server.setUsername(user);
            }
            server.setPassword(uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1));
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            server.setDatabase(Integer.parseInt(path.substring(1)));
        }
        JedisPoolConfig pool = new JedisPoolConfig();
        pool.setMaxTotal(poolSize);
        JedisClientConfiguration client = JedisClientConfiguration.builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .usePooling().poolConfig(pool).build();
        JedisConnectionFactory factory = new JedisConnectionFactory(server, client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}

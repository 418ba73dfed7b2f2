package io.usdetracker.config;

import io.usdetracker.source.CallRateLimiter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the tracker is told from the outside, read once and validated at start-up.
 *
 * <p>The names are the environment variables of the original design, so existing {@code .env} files keep
 * working. A missing or malformed value raises {@link SettingsException} naming the variable, before
 * anything is started or written.
 */
public record TrackerSettings(
        /* DATABASE_URL: postgresql://user[:password]@host:port/db; absent means an embedded PostgreSQL. */
        Optional<DatabaseUrl> database,
        /* REDIS_URL: redis://host:port; absent means an embedded Redis. */
        Optional<URI> redis,
        /* ETHERSCAN_API_URL: the Etherscan v2 endpoint (or a compatible stand-in). */
        URI etherscanApiUrl,
        /* ETHERSCAN_API_KEY: the secret key; only ever shown masked. */
        Optional<Secret> etherscanApiKey,
        /* CHAIN_ID: the chain followed (1 = Ethereum mainnet); asked of Etherscan, checked against a node. */
        long chainId,
        /* ETHERSCAN_CALLS_PER_SEC: the plan's rate limit; the client never exceeds it. */
        double etherscanCallsPerSecond,
        /* RPC_URL: a JSON-RPC node; when set it is the source, even if ETHERSCAN_API_KEY is set too. */
        Optional<URI> rpcUrl,
        /* RPC_CALLS_PER_SEC: the node's or provider's rate limit. */
        double rpcCallsPerSecond,
        /* RPC_BLOCK_RANGE: blocks asked for in the first eth_getLogs; the range then adapts. */
        long rpcBlockRange,
        /* TIP: confirmations (head less CONFIRMATIONS) or finalized (the node's finalized block). */
        String tip,
        /* SOURCE_TIMEOUT: how long one call to the source may take before it is retried. */
        Duration sourceTimeout,
        /* USDE_ADDRESS: the ERC-20 contract followed, lower-case 0x-prefixed. */
        String token,
        /* START_BLOCK: the token's creation block; earlier wastes calls, later makes balances wrong. */
        long startBlock,
        /* CONFIRMATIONS: blocks kept between the chain head and what is applied (0 follows the head). */
        int confirmations,
        /* SYNC_PERIOD: validated here, applied by the timer in sync-transfers.camel.yaml. */
        Duration syncPeriod,
        /* WORKER_CONCURRENCY: parse-transfer consumers in this JVM. */
        int workerConcurrency,
        /* QUEUE_MAX_CHUNKS: the sync pauses while the queue holds more chunks than this. */
        int queueMaxChunks,
        /* CHUNK_RETRY_AFTER: a fetched chunk not applied after this long, with the queue empty, is fetched again. */
        Duration chunkRetryAfter,
        /* DATA_DIR: where the embedded PostgreSQL and Redis keep their files. */
        Path dataDir,
        /* EMBEDDED_POSTGRES_PORT: the embedded PostgreSQL's port on 127.0.0.1 (without DATABASE_URL). */
        int embeddedPostgresPort,
        /* EMBEDDED_REDIS_PORT: the embedded Redis's port on 127.0.0.1 (without REDIS_URL). */
        int embeddedRedisPort,
        /* API_PORT: the HTTP port of the REST API and the dashboard (camel.server.port reads it too). */
        int apiPort,
        /* ROLE: what this JVM runs: all, sync, worker, api or console (see Role). */
        Role role,
        /* MANAGEMENT_PORT: /observe/* (health, metrics); API_PORT when not set (one server). */
        int managementPort,
        /* READY_LAG_BLOCKS: readiness holds only while the cursor is at most this many blocks behind the tip. */
        long readyLagBlocks,
        /* ROUTES_DIR: a folder of *.camel.yaml routes, reloaded when edited; absent means the packaged routes. */
        Optional<Path> routesDir,
        /* REORG_WINDOW: how many blocks below the newest recorded one a reorganisation is followed; deeper stops the sync. */
        int reorgWindow,
        /* VERIFY_PERIOD: validated here, applied by the timer in verify-balances.camel.yaml. */
        Duration verifyPeriod,
        /* HAWTIO_USER, HAWTIO_PASSWORD, JOLOKIA_HOST, JOLOKIA_PORT, CONSOLE_TARGETS: see ConsoleSettings. */
        ConsoleSettings console) {

    public static final String USDE = "0x4c9edd5852cd905f086c759e8383e09bff1e68b3";
    public static final long USDE_CREATION_BLOCK = 18_571_358L;

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** Reads every setting through {@code lookup} (the environment, or test properties). */
    public static TrackerSettings load(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        TrackerSettings settings = new TrackerSettings(
                r.optional("DATABASE_URL").map(v -> DatabaseUrl.parse("DATABASE_URL", v)),
                r.optional("REDIS_URL").map(v -> redisUri(v)),
                r.uri("ETHERSCAN_API_URL", "https://api.etherscan.io/v2/api"),
                r.optional("ETHERSCAN_API_KEY").map(Secret::new),
                r.longValue("CHAIN_ID", 1, 1),
                r.callsPerSecond("ETHERSCAN_CALLS_PER_SEC", 3),
                r.optional("RPC_URL").map(v -> r.uri("RPC_URL", v)),
                r.callsPerSecond("RPC_CALLS_PER_SEC", 10),
                r.longValue("RPC_BLOCK_RANGE", 2_000, 1),
                r.oneOf("TIP", "confirmations", "confirmations", "finalized"),
                r.duration("SOURCE_TIMEOUT", "30s"),
                r.address("USDE_ADDRESS", USDE),
                r.longValue("START_BLOCK", USDE_CREATION_BLOCK, 0),
                (int) r.longValue("CONFIRMATIONS", 12, 0),
                r.duration("SYNC_PERIOD", "15s"),
                (int) r.longValue("WORKER_CONCURRENCY", 2, 1),
                (int) r.longValue("QUEUE_MAX_CHUNKS", 16, 1),
                r.duration("CHUNK_RETRY_AFTER", "30s"),
                Path.of(r.optional("DATA_DIR").orElse("data")),
                (int) r.longValue("EMBEDDED_POSTGRES_PORT", 15_432, 1, 65_535),
                (int) r.longValue("EMBEDDED_REDIS_PORT", 16_379, 1, 65_535),
                (int) r.longValue("API_PORT", 8080, 1, 65_535),
                Role.parse(r.optional("ROLE").orElse("all")),
                (int) r.longValue("MANAGEMENT_PORT", r.longValue("API_PORT", 8080, 1, 65_535), 1, 65_535),
                r.longValue("READY_LAG_BLOCKS", 64, 0),
                r.optional("ROUTES_DIR").map(v -> routesDir(v)),
                (int) r.longValue("REORG_WINDOW", 64, 1, 100_000),
                r.duration("VERIFY_PERIOD", "10m"),
                new ConsoleSettings(r.optional("HAWTIO_USER").orElse("tracker"), r.optional("HAWTIO_PASSWORD").map(Secret::new),
                        r.optional("JOLOKIA_HOST").orElse("127.0.0.1"),
                        r.optional("JOLOKIA_PORT").map(v -> (int) r.longValue("JOLOKIA_PORT", 0, 1, 65_535)),
                        ConsoleSettings.targets(r.optional("CONSOLE_TARGETS").orElse(""))));
        // LOG_LEVEL is read by logback.xml itself, which takes a word it does not know for DEBUG: refuse it here
        r.oneOf("LOG_LEVEL", "info", "all", "trace", "debug", "info", "warn", "error", "off");
        if (settings.tip().equals("finalized") && settings.rpcUrl().isEmpty() && settings.etherscanApiKey().isPresent()) {
            throw new SettingsException("TIP", "finalized", "needs a JSON-RPC source (RPC_URL); Etherscan gives only the head");
        }
        return settings;
    }

    private static Path routesDir(String value) {
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new SettingsException("ROUTES_DIR", value, "not a folder (it should hold the *.camel.yaml routes)");
        }
        return dir;
    }

    private static URI redisUri(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("REDIS_URL", value, "expected redis://host:port");
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new SettingsException("REDIS_URL", value, "expected redis://host:port");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d{0,9}")) {
            throw new SettingsException("REDIS_URL", value, "expected redis://host:port or redis://host:port/db-number");
        }
        if (uri.getUserInfo() != null && !uri.getUserInfo().contains(":")) {
            // Redis URLs put the password after a colon; a lone word would be taken for a user without password
            throw new SettingsException("REDIS_URL", value, "expected redis://host:port, redis://:password@host:port or "
                    + "redis://user:password@host:port, then /db-number if not 0");
        }
        return ServerPort.check("REDIS_URL", uri);
    }

    /** Turns the environment names into one lookup with blanks treated as absent. */
    private record Reader(Function<String, String> lookup) {

        Optional<String> optional(String name) {
            return Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        URI uri(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            try {
                URI uri = URI.create(value);
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                    throw new SettingsException(name, value, "expected an http(s) URL");
                }
                return ServerPort.check(name, uri);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(name, value, "expected an http(s) URL");
            }
        }

        String oneOf(String name, String fallback, String... allowed) {
            String value = optional(name).orElse(fallback).toLowerCase(Locale.ROOT);
            if (!java.util.List.of(allowed).contains(value)) {
                throw new SettingsException(name, value, "expected one of " + String.join(", ", allowed));
            }
            return value;
        }

        long longValue(String name, long fallback, long min) {
            return longValue(name, fallback, min, Long.MAX_VALUE);
        }

        long longValue(String name, long fallback, long min, long max) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.get());
                if (parsed < min) {
                    throw new SettingsException(name, value.get(), "must be at least " + min);
                }
                if (parsed > max) {
                    throw new SettingsException(name, value.get(), "must be at most " + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new SettingsException(name, value.get(), "expected a whole number");
            }
        }

        double callsPerSecond(String name, double fallback) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                double parsed = Double.parseDouble(value.get());
                if (!(parsed >= CallRateLimiter.SLOWEST_CALLS_PER_SECOND) || Double.isInfinite(parsed)) {
                    throw new SettingsException(name, value.get(), "must be a number of calls per second from "
                            + CallRateLimiter.SLOWEST_CALLS_PER_SECOND + " (one call in 100 s) up");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new SettingsException(name, value.get(), "expected a number");
            }
        }

        String address(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            if (!ADDRESS.matcher(value).matches()) {
                throw new SettingsException(name, value, "expected a 0x-prefixed 20-byte hex address");
            }
            return value.toLowerCase(Locale.ROOT);
        }

        Duration duration(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            return parseDuration(name, value);
        }
    }

    /** Parses the duration forms Camel's timer also accepts here: 500ms, 15s, 2m, 1h. */
    public static Duration parseDuration(String name, String value) {
        var m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new SettingsException(name, value, "expected a duration such as 500ms, 15s, 2m or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (d.isZero()) {
            throw new SettingsException(name, value, "must be longer than zero");
        }
        return d;
    }
}

package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.usdetracker.config.TrackerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** compose.yml, .env and the Dockerfile, checked by reading them (no Docker engine runs the tests). */
class ComposeFileTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([:?-][^}]*)?}");
    private static final List<String> TRACKERS = List.of("sync", "worker", "api", "console");

    private static String composeText;
    private static Map<String, Object> compose;
    private static Map<String, String> dotEnv;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        composeText = Files.readString(Path.of("compose.yml"));
        compose = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(composeText);
        dotEnv = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(".env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line).as(".env line").matches("[A-Z_][A-Z0-9_]*=.*");
                dotEnv.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
    }

    @Test
    void theServicesAreTheDeploymentsParts() {
        assertThat(services().keySet()).containsExactlyInAnyOrder("postgres", "redis", "sync", "worker", "api", "console");
        services().forEach((name, service) -> assertThat(service).as(name).doesNotContainKey("container_name"));
    }

    @Test
    void postgresIsPinnedKeepsItsDataInANamedVolumeAndHasAHealthcheck() {
        Map<String, Object> postgres = service("postgres");
        assertThat((String) postgres.get("image")).matches("postgres:\\d+(\\.\\d+)?(-[a-z0-9]+)?");
        assertThat(list(postgres, "volumes")).contains("pgdata:/var/lib/postgresql/data");
        assertThat(map(compose, "volumes")).containsKey("pgdata");
        assertThat(String.valueOf(map(postgres, "healthcheck").get("test"))).contains("pg_isready");
    }

    @Test
    void redisKeepsAnAppendOnlyFileInANamedVolumeAndHasAHealthcheck() {
        Map<String, Object> redis = service("redis");
        assertThat((String) redis.get("image")).matches("redis:\\d+(\\.\\d+)?(-[a-z0-9]+)?");
        assertThat(String.join(" ", list(redis, "command"))).contains("--appendonly yes");
        assertThat(list(redis, "volumes")).contains("redisdata:/data");
        assertThat(map(compose, "volumes")).containsKey("redisdata");
        assertThat(String.valueOf(map(redis, "healthcheck").get("test"))).contains("redis-cli").contains("ping");
    }

    @Test
    void everyTrackerServiceReadsDotEnvRunsItsRoleAndReportsItsHealth() {
        for (String name : TRACKERS) {
            Map<String, Object> service = service(name);
            assertThat(service.get("env_file")).as(name).isEqualTo(".env");
            assertThat(service.get("image")).as(name).isEqualTo("usde-tracker:local");
            assertThat(map(service, "environment").get("ROLE")).as(name).isEqualTo(name);
            assertThat(String.valueOf(map(service, "healthcheck").get("test"))).as(name).contains("/observe/health/live");
            assertThat(map(service, "depends_on")).as(name).isNotEmpty();
        }
        assertThat(service("sync").get("build")).isEqualTo(".");
    }

    @Test
    void workersScaleOutAndOnlyTheApiAndTheConsolePublishAPort() {
        assertThat(service("worker")).doesNotContainKey("ports");
        assertThat(service("sync")).doesNotContainKey("ports");
        assertThat(interpolate(list(service("api"), "ports").get(0))).isEqualTo("8080:8080");
        assertThat(interpolate(list(service("console"), "ports").get(0))).isEqualTo("8081:8081");
        assertThat(interpolate(String.valueOf(map(service("console"), "environment").get("MANAGEMENT_PORT")))).isEqualTo("8081");
    }

    @Test
    void theConsoleReadsTheOtherServicesJolokiaWhichNoServicePublishes() {
        Map<String, String> console = serviceEnvironment("console");
        TrackerSettings settings = TrackerSettings.load(console::get);
        assertThat(settings.role().servesConsole()).isTrue();
        assertThat(settings.console().targets().keySet()).containsExactlyInAnyOrder("sync", "api", "worker");
        for (String target : List.of("sync", "api", "worker")) {
            assertThat(settings.console().targets().get(target).getHost()).as(target).isEqualTo(target);
            TrackerSettings of = TrackerSettings.load(serviceEnvironment(target)::get);
            assertThat(of.console().jolokiaPort()).as(target).contains(settings.console().targets().get(target).getPort());
        }
        String jolokiaPort = dotEnv.get("JOLOKIA_PORT");
        services().forEach((name, service) -> assertThat(String.valueOf(service.get("ports"))).as(name).doesNotContain(jolokiaPort));
    }

    @Test
    void everyVariableComposeInterpolatesIsDefinedInDotEnv() {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(composeText);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(dotEnv.keySet()).containsAll(used);
    }

    @Test
    void everySettingTheTrackerReadsIsDefinedForEachServiceAndValid() {
        for (String name : TRACKERS) {
            Map<String, String> env = serviceEnvironment(name);
            Set<String> asked = new TreeSet<>();
            assertThatCode(() -> TrackerSettings.load(setting -> {
                asked.add(setting);
                return env.get(setting);
            })).as(name).doesNotThrowAnyException();
            asked.remove("DATABASE_URL");
            asked.remove("REDIS_URL");
            assertThat(env.keySet()).as("settings of %s", name).containsAll(asked);
        }
    }

    @Test
    void dotEnvHoldsNoSecret() {
        assertThat(dotEnv.get("ETHERSCAN_API_KEY")).isEmpty();
        assertThat(dotEnv.get("RPC_URL")).isEmpty();
        assertThat(dotEnv.get("POSTGRES_PASSWORD")).isEqualTo("change-me");
        assertThat(dotEnv.get("HAWTIO_PASSWORD")).as("no default console account").isEmpty();
    }

    @Test
    void theImageIsBuiltByMavenAndRunsOnAJre17AsAnUnprivilegedUser() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("FROM maven:[^ ]*temurin-17 AS build");
        assertThat(from.get(1)).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(lines).contains("RUN mvn -B -q -DskipTests package");
        int user = lines.indexOf(lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow());
        assertThat(lines.get(user)).isNotIn("USER root", "USER 0");
        assertThat(lines.get(lines.size() - 1)).startsWith("ENTRYPOINT [\"java\"").contains("/app/usde-tracker.jar");
        assertThat(lines.indexOf(lines.get(lines.size() - 1))).isGreaterThan(user);
    }

    /** What a tracker container sees: .env, then the service's environment (interpolated), the routes folder local. */
    private static Map<String, String> serviceEnvironment(String name) {
        Map<String, String> env = new HashMap<>(dotEnv);
        map(service(name), "environment").forEach((k, v) -> env.put(k, interpolate(String.valueOf(v))));
        if (env.containsKey("ROUTES_DIR")) {
            String mount = list(service(name), "volumes").stream().filter(v -> v.contains(":" + env.get("ROUTES_DIR")))
                    .findFirst().orElseThrow();
            env.put("ROUTES_DIR", mount.substring(0, mount.indexOf(':')));
        }
        return env;
    }

    private static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(result, Matcher.quoteReplacement(dotEnv.get(m.group(1))));
        }
        return m.appendTail(result).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Map<String, Object> service(String name) {
        return services().get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> parent, String key) {
        return (List<String>) parent.get(key);
    }
}

package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackerSettingsTest {

    @Test
    void defaultsFollowUsde() {
        TrackerSettings s = TrackerSettings.load(Map.<String, String>of()::get);
        assertThat(s.token()).isEqualTo("0x4c9edd5852cd905f086c759e8383e09bff1e68b3");
        assertThat(s.startBlock()).isEqualTo(18_571_358L);
        assertThat(s.confirmations()).isEqualTo(12);
        assertThat(s.syncPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.etherscanCallsPerSecond()).isEqualTo(3.0);
        assertThat(s.database()).isEmpty();
        assertThat(s.redis()).isEmpty();
    }

    @Test
    void aMalformedValueIsRefusedWithItsName() {
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("START_BLOCK", "abc")::get))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("START_BLOCK='abc'");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("USDE_ADDRESS", "0x123")::get))
                .hasMessageStartingWith("USDE_ADDRESS=");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("CONFIRMATIONS", "-1")::get))
                .hasMessageContaining("CONFIRMATIONS").hasMessageContaining("at least 0");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("SYNC_PERIOD", "soon")::get))
                .hasMessageStartingWith("SYNC_PERIOD=");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("REDIS_URL", "localhost:6379")::get))
                .hasMessageStartingWith("REDIS_URL=");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("DATABASE_URL", "mysql://u@h/db")::get))
                .hasMessageStartingWith("DATABASE_URL");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("ETHERSCAN_CALLS_PER_SEC", "0")::get))
                .hasMessageStartingWith("ETHERSCAN_CALLS_PER_SEC=");
    }

    @Test
    void aRedisUrlWithAPasswordButNoColonIsRefusedWithoutShowingIt() {
        // redis://s3cret@host:port was read as a user without password, sent nothing and met NOAUTH at first use
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("REDIS_URL", "redis://s3cret@127.0.0.1:6379/0")::get))
                .isInstanceOf(SettingsException.class)
                .hasMessage("REDIS_URL=<hidden>: expected redis://host:port, redis://:password@host:port or "
                        + "redis://user:password@host:port, then /db-number if not 0");
        assertThat(TrackerSettings.load(Map.of("REDIS_URL", "redis://:s3cret@127.0.0.1:6379/0")::get).redis().orElseThrow().getUserInfo())
                .isEqualTo(":s3cret");
        assertThat(TrackerSettings.load(Map.of("REDIS_URL", "redis://alice:s3cret@127.0.0.1:6379/0")::get).redis().orElseThrow().getUserInfo())
                .isEqualTo("alice:s3cret");
        // a database number too large for an int was let through, then failed to parse at start-up with a stack trace
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("REDIS_URL", "redis://127.0.0.1:6379/99999999999")::get))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("REDIS_URL=<hidden>: expected");
    }

    @Test
    void aUrlWithAPortNoServerCanHaveIsRefusedNamingItsSetting() {
        // REDIS_URL=redis://host:99999 passed, migrated the database, then failed with a stack trace; RPC_URL with it
        // passed and failed every sync period with a stack trace; DATABASE_URL with it said "No suitable driver"
        for (String[] setting : new String[][] {{"REDIS_URL", "redis://127.0.0.1:99999"}, {"REDIS_URL", "redis://127.0.0.1:0/1"},
                {"RPC_URL", "http://127.0.0.1:99999"}, {"ETHERSCAN_API_URL", "https://127.0.0.1:0/v2/api"},
                {"DATABASE_URL", "postgresql://u:p@127.0.0.1:99999/db"},
                {"CONSOLE_TARGETS", "sync=http://127.0.0.1:70000/jolokia"}}) {
            String port = setting[1].replaceAll(".*:(\\d+).*", "$1");
            assertThatThrownBy(() -> TrackerSettings.load(Map.of(setting[0], setting[1])::get))
                    .as(setting[0] + "=" + setting[1]).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(setting[0])
                    .hasMessageEndingWith("port " + port + " is not one from 1 to 65535");
        }
        assertThat(TrackerSettings.load(Map.of("RPC_URL", "http://127.0.0.1:65535", "REDIS_URL", "redis://127.0.0.1:1")::get)
                .rpcUrl()).isPresent();
    }

    @Test
    void aRateTooSmallToPaceCallsIsRefusedNamingIt() {
        // a rate of 1e-12 calls/s made the limiter's window overflow to a negative length: no limit at all
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("RPC_CALLS_PER_SEC", "1e-12")::get))
                .hasMessageStartingWith("RPC_CALLS_PER_SEC='1e-12'").hasMessageContaining("0.01");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("ETHERSCAN_CALLS_PER_SEC", "0.001")::get))
                .hasMessageStartingWith("ETHERSCAN_CALLS_PER_SEC=");
        assertThat(TrackerSettings.load(Map.of("RPC_CALLS_PER_SEC", "0.01")::get).rpcCallsPerSecond()).isEqualTo(0.01);
    }

    @Test
    void zeroConfirmationsAreAllowed() {
        assertThat(TrackerSettings.load(Map.of("CONFIRMATIONS", "0")::get).confirmations()).isZero();
    }

    @Test
    void secretsAreNeverEchoedInAMessage() {
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("RPC_URL", "ftp://node/v3/SECRETKEY")::get))
                .hasMessageNotContaining("SECRETKEY").hasMessageStartingWith("RPC_URL=<hidden>");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("DATABASE_URL", "postgresql://u:SECRETPW@h")::get))
                .hasMessageNotContaining("SECRETPW");
    }

    @Test
    void databaseUrlBecomesJdbcWithItsCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://app:p%40ss@db.example:6543/tracker?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/tracker?sslmode=require");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password().value()).isEqualTo("p@ss");
        assertThat(url.password().toString()).doesNotContain("p@ss");
    }

    @Test
    void finalizedTipNeedsANode() {
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("TIP", "finalized", "ETHERSCAN_API_KEY", "K0123456789")::get))
                .hasMessageStartingWith("TIP");
        assertThat(TrackerSettings.load(Map.of("TIP", "finalized", "RPC_URL", "http://127.0.0.1:8545")::get).tip()).isEqualTo("finalized");
    }

    @Test
    void theApiListensOn8080UnlessToldOtherwise() {
        assertThat(TrackerSettings.load(Map.<String, String>of()::get).apiPort()).isEqualTo(8080);
        assertThat(TrackerSettings.load(Map.of("API_PORT", "18080")::get).apiPort()).isEqualTo(18080);
    }

    @Test
    void anApiPortOutsideOneTo65535StopsStartUpNamingIt() {
        for (String bad : new String[] {"0", "65536", "http", "-1"}) {
            assertThatThrownBy(() -> TrackerSettings.load(Map.of("API_PORT", bad)::get))
                    .isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("API_PORT=");
        }
    }

    @Test
    void theConsoleHasNoDefaultPasswordAndItsJolokiaListensOnLoopback() {
        ConsoleSettings console = TrackerSettings.load(Map.<String, String>of()::get).console();
        assertThat(console.password()).isEmpty();
        assertThat(console.user()).isNotEqualTo("admin");
        assertThat(console.jolokiaHost()).isEqualTo("127.0.0.1");
        assertThat(console.jolokiaPort()).isEmpty();
        assertThat(console.targets()).isEmpty();
    }

    @Test
    void consoleTargetsAreNamedJolokiaUrlsInTheirOrder() {
        ConsoleSettings console = TrackerSettings.load(Map.of("CONSOLE_TARGETS",
                "sync=http://sync:8778/jolokia, api=https://api.example:8443/jolokia")::get).console();
        assertThat(console.targets().keySet()).containsExactly("sync", "api");
        assertThat(console.targets().get("api")).hasToString("https://api.example:8443/jolokia");
    }

    @Test
    void aConsoleTargetWithoutANameOrWithCredentialsIsRefused() {
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("CONSOLE_TARGETS", "http://sync:8778/jolokia")::get))
                .hasMessageStartingWith("CONSOLE_TARGETS=");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("CONSOLE_TARGETS", "sync=ftp://sync/jolokia")::get))
                .hasMessageContaining("sync");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("CONSOLE_TARGETS", "sync=http://u:SECRETPW@sync:8778/jolokia")::get))
                .hasMessageContaining("without credentials").hasMessageNotContaining("SECRETPW");
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("JOLOKIA_PORT", "0")::get)).hasMessageStartingWith("JOLOKIA_PORT=");
    }

    @Test
    void theConsolePasswordIsNeverEchoed() {
        Secret password = TrackerSettings.load(Map.of("HAWTIO_PASSWORD", "SECRETPW123456")::get).console().password().orElseThrow();
        assertThat(password.toString()).doesNotContain("SECRETPW");
    }

    @Test
    void aLogLevelLogbackDoesNotKnowStopsStartUpNamingIt() {
        // logback reads LOG_LEVEL itself and falls back to DEBUG for a word it does not know: refuse it here first
        assertThatThrownBy(() -> TrackerSettings.load(Map.of("LOG_LEVEL", "bogus")::get))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("LOG_LEVEL");
        assertThat(TrackerSettings.load(Map.of("LOG_LEVEL", "warn")::get)).isNotNull();
        assertThat(TrackerSettings.load(Map.of("LOG_LEVEL", "DEBUG")::get)).isNotNull();
    }
}

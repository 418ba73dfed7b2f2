package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench/run's settings: a bad one is refused in one line naming it, before anything starts. */
class BenchOptionsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        BackfillBench.Options o = BackfillBench.Options.fromEnvironment(Map.of());
        assertThat(o.transfers()).isEqualTo(200_000);
        assertThat(o.perLogSeconds()).isEqualTo(30);
        assertThat(o.timeoutSeconds()).isEqualTo(300);
        assertThat(o.adminDatabase().toString()).isEqualTo("postgresql://postgres:postgres@127.0.0.1:5432/postgres");
        assertThat(o.redis().toString()).isEqualTo("redis://127.0.0.1:6379/0");
        assertThat(o.jsonRpc()).isTrue();
        assertThat(o.etherscan()).isTrue();
        assertThat(o.scaling()).isTrue();
    }

    @Test
    void aNumberThatIsNotAPositiveWholeNumberIsRefusedNamingItsSetting() {
        for (String name : new String[] {"BENCH_TRANSFERS", "BENCH_PER_LOG_SECONDS", "BENCH_TIMEOUT_SECONDS"}) {
            for (String value : new String[] {"abc", "-5", "0", "1.5", "99999999999"}) {
                assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of(name, value)))
                        .as(name + "=" + value).isInstanceOf(SettingsException.class)
                        .hasMessage(name + "='" + value + "': expected a whole number from 1 to 2147483647");
            }
        }
    }

    @Test
    void aDatabaseUrlWithoutUserOrOfAnotherFormIsRefusedWithoutShowingIt() {
        for (String value : new String[] {"postgresql://127.0.0.1:5432/postgres", "mysql://u:p@h:1/db", "notaurl",
                "postgresql://u:secret@h:1/"}) {
            assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("BENCH_DATABASE_URL", value)))
                    .as(value).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("BENCH_DATABASE_URL")
                    .hasMessageContaining("expected postgresql://user[:password]@host:port/db")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void aRedisUrlOfAnotherFormIsRefusedWithoutShowingIt() {
        for (String value : new String[] {"notaurl", "http://127.0.0.1:6379", "redis://:secret@127.0.0.1:6379/x", "redis:///0"}) {
            assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("BENCH_REDIS_URL", value)))
                    .as(value).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("BENCH_REDIS_URL: expected redis://[:password@]host:port[/db-number]")
                    .hasMessageNotContaining("secret");
        }
        assertThat(BackfillBench.Options.fromEnvironment(Map.of("BENCH_REDIS_URL", "redis://127.0.0.1:6393")).redis())
                .hasToString("redis://127.0.0.1:6393");
    }

    @Test
    void aSwitchIsOffOnlyWhenZero() {
        BackfillBench.Options o = BackfillBench.Options.fromEnvironment(Map.of("BENCH_JSON_RPC", "0", "BENCH_SCALING", "1"));
        assertThat(o.jsonRpc()).isFalse();
        assertThat(o.scaling()).isTrue();
    }
}

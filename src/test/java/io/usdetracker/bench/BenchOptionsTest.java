package io.usdetracker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usdetracker.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        for (String value : new String[] {"notaurl", "http://127.0.0.1:6379", "redis://:secret@127.0.0.1:6379/x", "redis:///0",
                "redis://127.0.0.1:6379/99999999999", "redis://secret@127.0.0.1:6379/0", "redis://127.0.0.1:6379/0?x=1"}) {
            assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("BENCH_REDIS_URL", value)))
                    .as(value).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("BENCH_REDIS_URL: expected redis://[[user]:password@]host:port[/db-number]")
                    .hasMessageNotContaining("secret");
        }
        assertThat(BackfillBench.Options.fromEnvironment(Map.of("BENCH_REDIS_URL", "redis://127.0.0.1:6393")).redis())
                .hasToString("redis://127.0.0.1:6393");
        assertThat(BackfillBench.Options.fromEnvironment(Map.of("BENCH_REDIS_URL", "redis://alice:pw@127.0.0.1:6393/2")).redis())
                .hasToString("redis://alice:pw@127.0.0.1:6393/2");
    }

    @Test
    void aDatabasePrefixThatPostgreSqlWouldCutIsRefused() {
        // names are cut at 63 characters: every run would have used one database, which the per-log run then dropped
        String prefix = "p".repeat(48);
        assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("TEST_DB_PREFIX", prefix)))
                .isInstanceOf(SettingsException.class)
                .hasMessage("TEST_DB_PREFIX='" + prefix + "': at most 47 characters (PostgreSQL cuts a database's name at 63)");
        assertThat(BackfillBench.Options.fromEnvironment(Map.of("TEST_DB_PREFIX", "p".repeat(47))).dbPrefix()).hasSize(47);
    }

    @Test
    void aCacheFolderThatCannotBeOneIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (String value : new String[] {"", " ", file.toString(), file.resolve("below").toString()}) {
            assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("BENCH_CACHE_DIR", value)).checkCacheDir())
                    .as("'" + value + "'").isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith("BENCH_CACHE_DIR='" + value + "': ");
        }
        BackfillBench.Options fine = BackfillBench.Options.fromEnvironment(Map.of("BENCH_CACHE_DIR", dir.resolve("new").toString()));
        fine.checkCacheDir();
        assertThat(dir.resolve("new")).isDirectory();
    }

    @Test
    void aSwitchIsZeroOrOneAndNothingElse() {
        BackfillBench.Options o = BackfillBench.Options.fromEnvironment(Map.of("BENCH_JSON_RPC", "0", "BENCH_SCALING", "1"));
        assertThat(o.jsonRpc()).isFalse();
        assertThat(o.scaling()).isTrue();
        // BENCH_SCALING=false ran the scaling runs it meant to skip, without a word
        for (String name : new String[] {"BENCH_JSON_RPC", "BENCH_ETHERSCAN", "BENCH_SCALING"}) {
            for (String value : new String[] {"false", "no", "2", ""}) {
                assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of(name, value)))
                        .as(name + "=" + value).isInstanceOf(SettingsException.class)
                        .hasMessage(name + "='" + value + "': expected 0 (skip this part) or 1 (run it)");
            }
        }
    }

    @Test
    void aDatabasePrefixOfOtherCharactersThanADatabaseNameKeepsIsRefused() {
        // it was lower-cased and its other characters made '_': Trial4- and trial4_ named the same databases, the
        // clean-up command given the prefix found none, and a prefix that grew when lower-cased passed the length check
        for (String value : new String[] {"Trial4-", "a b", "İİ", "x.y"}) {
            assertThatThrownBy(() -> BackfillBench.Options.fromEnvironment(Map.of("TEST_DB_PREFIX", value)))
                    .as(value).isInstanceOf(SettingsException.class)
                    .hasMessage("TEST_DB_PREFIX='" + value + "': lower-case letters a-z, digits and _ only (it begins the "
                            + "runs' database names)");
        }
        assertThat(BackfillBench.Options.fromEnvironment(Map.of("TEST_DB_PREFIX", "trial4_")).dbPrefix()).isEqualTo("trial4_");
    }
}

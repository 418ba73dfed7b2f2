package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake.Fault;
import io.usdetracker.support.Http;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /observe/health and /observe/metrics on the management port, moved by what the tracker does. */
class ObserveIT extends TrackerOnEtherscanTest {

    private static final long START = 11_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    ObserveIT() {
        super(START);
    }

    @BeforeEach
    void readySoon() {
        app.with("READY_LAG_BLOCKS", "10");
    }

    @Test
    void readinessTurnsFrom503To200OnceTheCursorIsWithinReadyLagBlocksOfTheTip() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(71, 20).transfers(START, 3_000, 5);
        long tip = START + 800;
        etherscan.chain(chain.logs(), tip);
        app.start();
        app.context().getRouteController().stopRoute("parse-transfer");
        TrackerApp.await("the tip recorded", WAIT, () -> app.queryLong("SELECT count(tip_block) FROM sync_state") == 1);

        HttpResponse<String> notReady = Http.get(app.managementUrl() + "/observe/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(Http.get(app.managementUrl() + "/observe/health/live").statusCode()).as("alive while behind").isEqualTo(200);
        HttpResponse<String> detail = Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full");
        assertThat(detail.body()).contains("caught-up").contains("blocks behind the tip (ready at 10 or fewer)");

        app.context().getRouteController().startRoute("parse-transfer");
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        TrackerApp.await("ready", WAIT, () -> Http.get(app.managementUrl() + "/observe/health/ready").statusCode() == 200);
        HttpResponse<String> ready = Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full");
        assertThat(ready.body()).contains("\"postgresql\"").contains("\"redis\"").contains("\"caught-up\"");
    }

    @Test
    void readinessFallsWhileRedisDoesNotAnswer() throws Exception {
        int port = TrackerApp.freePort();
        Process redis = startRedis(port);
        try {
            app.with("REDIS_URL", "redis://127.0.0.1:" + port).start();
            TrackerApp.await("ready", WAIT, () -> Http.get(app.managementUrl() + "/observe/health/ready").statusCode() == 200);

            redis.destroyForcibly().waitFor();
            TrackerApp.await("not ready", WAIT, () -> Http.get(app.managementUrl() + "/observe/health/ready").statusCode() == 503);
            assertThat(Http.get(app.managementUrl() + "/observe/health/ready?exposureLevel=full").body())
                    .contains("Redis unavailable");
            assertThat(Http.get(app.managementUrl() + "/observe/health/live").statusCode()).isEqualTo(200);

            redis = startRedis(port);
            TrackerApp.await("ready again", WAIT, () -> Http.get(app.managementUrl() + "/observe/health/ready").statusCode() == 200);
        } finally {
            app.stop();
            redis.destroyForcibly().waitFor();
        }
    }

    private static Process startRedis(int port) throws Exception {
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TrackerApp.await("redis-server on port " + port, WAIT, () -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return redis;
    }

    @Test
    void eachMetricMovesWhenItsEventHappens() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(72, 20).transfers(START, 2_500, 5).addErc721Shaped(START + 300, 7);
        long tip = START + 600;
        // no call may time out on a busy machine: the error count must move only by the fault sent below
        double started = System.currentTimeMillis() / 1000.0;
        app.with("SOURCE_TIMEOUT", "20s").start();
        app.context().getRouteController().stopRoute("parse-transfer");
        TrackerApp.await("an empty sync run", WAIT, () -> metric("usde_source_calls_total{outcome=\"ok\"") > 0);
        assertThat(metric("usde_blocks_behind")).isZero();
        assertThat(metric("usde_logs_fetched_total")).isZero();
        double rateLimited = metric("usde_source_calls_total{outcome=\"rate_limited\"");
        double errors = metric("usde_source_calls_total{outcome=\"error\"");

        etherscan.failNextGetLogs(Fault.RATE_LIMIT, Fault.HTML_502).chain(chain.logs(), tip);
        TrackerApp.await("the window fetched", WAIT, () -> app.queryLong("SELECT fetched_block FROM sync_state") == tip);
        assertThat(metric("usde_source_calls_total{outcome=\"rate_limited\"")).isEqualTo(rateLimited + 1);
        assertThat(metric("usde_source_calls_total{outcome=\"error\"")).isEqualTo(errors + 1);
        assertThat(metric("usde_logs_fetched_total")).isEqualTo(chain.logs().size());
        assertThat(metric("usde_blocks_behind")).as("nothing applied yet").isEqualTo(tip - (START - 1));
        assertThat(metric("usde_queue_depth")).isPositive();
        assertThat(metric("usde_transfers_applied_total")).isZero();
        assertThat(metric("usde_chunk_apply_seconds_count")).isZero();
        assertThat(metric("usde_first_fetch_timestamp_seconds")).as("when the first window was asked for")
                .isBetween(started, System.currentTimeMillis() / 1000.0);
        assertThat(metric("usde_stage_seconds_count{stage=\"fetch\"")).isPositive();
        assertThat(metric("usde_stage_seconds_count{stage=\"queue\"")).isPositive();
        assertThat(metric("usde_stage_seconds_count{stage=\"decode\"")).as("no worker ran yet").isZero();
        assertThat(metric("usde_stage_seconds_count{stage=\"apply\"")).isZero();
        long ledgerChunks = app.queryLong("SELECT count(*) FROM chunks");
        assertThat(ledgerChunks).isPositive();

        app.context().getRouteController().startRoute("parse-transfer");
        TrackerApp.await("cursor at the tip", WAIT, () -> app.cursor() == tip);
        TrackerApp.await("blocks behind back to 0", WAIT, () -> metric("usde_blocks_behind") == 0);
        assertThat(metric("usde_transfers_applied_total")).isEqualTo(chain.logs().size() - 1);
        assertThat(metric("usde_quarantined_logs_total")).isEqualTo(1);
        assertThat(metric("usde_queue_depth")).isZero();
        // a chunk can be delivered twice (requeued while in hand): each delivery that found its chunk is timed
        assertThat(metric("usde_chunk_apply_seconds_count")).as("a timing per chunk applied")
                .isGreaterThanOrEqualTo(ledgerChunks)
                .isLessThanOrEqualTo(metric("camel_exchanges_succeeded_total{camelContext=\"usde-tracker\",eventType=\"route\",kind=\"CamelRoute\",routeId=\"parse-transfer\""));
        assertThat(metric("usde_chunk_apply_seconds_sum")).isPositive();
        assertThat(metric("usde_stage_seconds_count{stage=\"decode\"")).isGreaterThanOrEqualTo(ledgerChunks);
        assertThat(metric("usde_stage_seconds_count{stage=\"apply\"")).isGreaterThanOrEqualTo(ledgerChunks);
        assertThat(metric("usde_stage_seconds_sum{stage=\"apply\"")).isPositive();

        double empty = metric("usde_source_calls_total{outcome=\"empty\"");
        etherscan.chain(chain.logs(), tip + 5);
        TrackerApp.await("cursor past five empty blocks", WAIT, () -> app.cursor() == tip + 5);
        assertThat(metric("usde_source_calls_total{outcome=\"empty\"")).as("No records found").isGreaterThan(empty);
    }

    /** The value of the first sample whose name (and labels, as far as given) start with {@code series}. */
    private double metric(String series) throws Exception {
        String body = Http.get(app.managementUrl() + "/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* (\\S+)$").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in /observe/metrics:\n" + body);
        }
        return Double.parseDouble(m.group(1));
    }
}

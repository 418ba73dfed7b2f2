package io.usdetracker.source.rpc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.transfer.RawLog;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a batch's answers are read: by id in any order, eth_getLogs results as logs, refusals and broken bodies. */
class RpcClientTest {

    private static final String LOG = """
            {"address": "0xtoken", "topics": ["0xddf2", "0x01", "0x02"], "data": "0x05", "blockNumber": "0x10",
             "blockHash": "0xaa", "logIndex": "0x0", "transactionHash": "0xbb", "removed": false}""";
    private static final List<RpcClient.Call> BLOCK_AND_LOGS = List.of(
            new RpcClient.Call("eth_getBlockByNumber", "0x10", false),
            new RpcClient.Call("eth_getLogs", "range"));

    private WireMockServer server;
    private RpcClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        client = new RpcClient(URI.create("http://127.0.0.1:" + server.port() + "/rpc"), 1000, new SourceStats(),
                Duration.ofSeconds(2), 2, Duration.ofMillis(1), () -> false);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answersComeBackInTheCallsOrderWithTheLogsReadAsLogsWhereverTheIdStands() {
        answer("""
                [{"jsonrpc": "2.0", "result": [%s, %s], "id": 1},
                 {"jsonrpc": "2.0", "id": 0, "result": {"hash": "0xaa", "number": "0x10"}}]""".formatted(LOG, LOG));

        List<Object> results = client.batch(BLOCK_AND_LOGS);

        assertThat(((JsonNode) results.get(0)).get("hash").asText()).isEqualTo("0xaa");
        assertThat(results.get(1)).asList().hasSize(2).allSatisfy(log -> assertThat(log).isEqualTo(
                new RawLog("0xtoken", List.of("0xddf2", "0x01", "0x02"), "0x05", "0x10", "0xaa", null, "0x0", "0xbb", false)));

        answer("""
                [{"jsonrpc": "2.0", "id": 1, "result": [%s]}, {"jsonrpc": "2.0", "id": 0, "result": null}]""".formatted(LOG));

        results = client.batch(BLOCK_AND_LOGS);

        assertThat(((JsonNode) results.get(0)).isNull()).isTrue();
        assertThat(results.get(1)).asList().hasSize(1);
    }

    @Test
    void aRefusalIsTheCallersToJudgeAndARateLimitIsRetried() {
        answer("""
                [{"jsonrpc": "2.0", "id": 0, "result": {}},
                 {"jsonrpc": "2.0", "id": 1, "error": {"code": -32005, "message": "query returned more than 10000 results"}}]""");

        assertThatThrownBy(() -> client.batch(BLOCK_AND_LOGS)).isInstanceOf(RpcError.class)
                .hasMessageContaining("more than 10000 results");

        answer("""
                {"jsonrpc": "2.0", "id": 0, "error": {"code": 429, "message": "Too Many Requests"}}""");

        assertThatThrownBy(() -> client.call("eth_blockNumber")).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("failed 2 times").hasMessageContaining("rate limited");
    }

    @Test
    void aCutOrIncompleteBodyIsATransientFailure() {
        answer("""
                [{"jsonrpc": "2.0", "id": 0, "result": {}}, {"jsonrpc": "2.0", "id": 1, "result": [%s""".formatted(LOG));

        assertThatThrownBy(() -> client.batch(BLOCK_AND_LOGS)).hasMessageContaining("unreadable body");

        answer("""
                [{"jsonrpc": "2.0", "id": 1, "result": []}]""");

        assertThatThrownBy(() -> client.batch(BLOCK_AND_LOGS)).hasMessageContaining("answer 0 of 2 missing");
    }

    private void answer(String body) {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/rpc")).willReturn(aResponse().withStatus(200).withBody(body)));
    }
}

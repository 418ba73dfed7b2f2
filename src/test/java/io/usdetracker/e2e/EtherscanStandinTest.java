package io.usdetracker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.usdetracker.e2e.EtherscanStandin.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtherscanStandinTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "TESTKEY";
    private static final String TOKEN = "0x4c9edd5852cd905f086c759e8383e09bff1e68b3";
    // Nodes such as anvil answer checksummed addresses; Etherscan answers lower case.
    private static final String TOKEN_CHECKSUMMED = "0x4c9EDd5852cd905f086C759E8383e09bff1E68B3";
    private static final String OTHER_TOKEN = "0xdac17f958d2ee523a2206206994597c13d831ec7";
    private static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
    private static final String REVERTING = "0x000000000000000000000000000000000000dead";
    private static final List<String> ETHERSCAN_FIELDS = List.of("address", "topics", "data", "blockNumber",
            "blockHash", "timeStamp", "gasPrice", "gasUsed", "logIndex", "transactionHash", "transactionIndex");
    private static final List<String> QUANTITY_FIELDS =
            List.of("blockNumber", "timeStamp", "gasPrice", "gasUsed", "logIndex", "transactionIndex");
    private static final String NO_RECORDS = "{\"status\":\"0\",\"message\":\"No records found\",\"result\":[]}";
    private static final String WINDOW_TOO_LARGE = "{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":"
            + "\"Result window is too large, PageNo x Offset size must be less than or equal to 10000\"}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeNode node;
    private EtherscanStandin standin;

    @BeforeEach
    void start() throws IOException {
        node = new FakeNode(110);
        // 25 matching logs in blocks 100, 102, 103, 105: pages of 10 end in the middle of blocks 102 and 105.
        node.addTransfers(100, 7);
        node.addTransfers(102, 6);
        node.addLog(102, OTHER_TOKEN, amount(1), TRANSFER, padded(1), padded(2));
        node.addLog(102, TOKEN_CHECKSUMMED, amount(1), APPROVAL, padded(1), padded(2));
        node.addTransfers(103, 1);
        node.addTransfers(105, 11);
        standin = EtherscanStandin.builder(node.url(), KEY)
                .callsPerSecond(1000)
                .timeoutHold(Duration.ofMillis(400))
                .start();
    }

    @AfterEach
    void stop() {
        standin.close();
        node.close();
    }

    @Test
    void pagesEndMidBlockAndKeepBlockThenLogIndexOrder() throws Exception {
        List<JsonNode> paged = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            JsonNode answer = getJson(logsQuery(100, 110, page, 10));
            assertThat(answer.path("status").asText()).isEqualTo("1");
            assertThat(answer.path("message").asText()).isEqualTo("OK");
            answer.path("result").forEach(paged::add);
        }
        JsonNode whole = getJson(logsQuery(100, 110, 1, 1000)).path("result");

        assertThat(paged).hasSize(25).containsExactlyElementsOf(whole);
        assertThat(paged.get(9).path("blockNumber").asText()).isEqualTo(paged.get(10).path("blockNumber").asText())
                .isEqualTo("0x66");
        List<long[]> positions = new ArrayList<>();
        for (JsonNode record : paged) {
            positions.add(new long[] {quantity(record.path("blockNumber")), quantity(record.path("logIndex"))});
        }
        for (int i = 1; i < positions.size(); i++) {
            long[] before = positions.get(i - 1);
            long[] after = positions.get(i);
            assertThat(after[0] > before[0] || (after[0] == before[0] && after[1] > before[1]))
                    .as("record %d follows record %d", i, i - 1).isTrue();
        }
        assertThat(getBody(logsQuery(100, 110, 4, 10))).isEqualTo(NO_RECORDS);
    }

    @Test
    void recordsHaveEtherscanFieldsWithZeroWrittenAsBare0x() throws Exception {
        JsonNode first = getJson(logsQuery(100, 100, 1, 1)).path("result").get(0);

        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(ETHERSCAN_FIELDS);
        assertThat(first.path("address").asText()).isEqualTo(TOKEN);
        assertThat(first.path("topics")).hasSize(3);
        assertThat(first.path("topics").get(0).asText()).isEqualTo(TRANSFER);
        assertThat(first.path("data").asText()).isEqualTo(amount(1000));
        assertThat(first.path("blockNumber").asText()).isEqualTo("0x64");
        assertThat(first.path("blockHash").asText()).isEqualTo(node.blockHash(100));
        assertThat(first.path("timeStamp").asText()).isEqualTo("0x" + Long.toHexString(FakeNode.timestamp(100)));
        assertThat(first.path("gasPrice").asText()).isEqualTo("0x3b9aca02");
        assertThat(first.path("gasUsed").asText()).isEqualTo("0xb414");
        assertThat(first.path("logIndex").asText()).isEqualTo("0x");
        assertThat(first.path("transactionIndex").asText()).isEqualTo("0x");
        assertThat(first.path("transactionHash").asText()).isEqualTo(FakeNode.txHash(100, 0));

        JsonNode second = getJson(logsQuery(100, 100, 2, 1)).path("result").get(0);
        assertThat(second.path("logIndex").asText()).isEqualTo("0x1");
        assertThat(second.path("transactionIndex").asText()).isEqualTo("0x");
        for (JsonNode record : getJson(logsQuery(100, 110, 1, 1000)).path("result")) {
            for (String quantity : QUANTITY_FIELDS) {
                assertThat(record.path(quantity).isTextual()).as(quantity).isTrue();
                assertThat(record.path(quantity).asText()).as(quantity).startsWith("0x").doesNotStartWith("0x0");
            }
        }
    }

    @Test
    void emptyDataStaysBare0x() throws Exception {
        node.addLog(107, TOKEN_CHECKSUMMED, "0x", TRANSFER, padded(1), padded(2), padded(3));

        JsonNode record = getJson(logsQuery(107, 107, 1, 10)).path("result").get(0);

        assertThat(record.path("data").asText()).isEqualTo("0x");
        assertThat(record.path("topics")).hasSize(4);
    }

    @Test
    void onlyTheAskedContractAndTopicAreReturned() throws Exception {
        JsonNode records = getJson(logsQuery(102, 102, 1, 100)).path("result");

        assertThat(records).hasSize(6);
        records.forEach(record -> {
            assertThat(record.path("address").asText()).isEqualTo(TOKEN);
            assertThat(record.path("topics").get(0).asText()).isEqualTo(TRANSFER);
        });
        assertThat(node.lastLogFilter.path("address").asText()).isEqualTo(TOKEN);
        assertThat(node.lastLogFilter.path("topics")).hasSize(1);
        assertThat(node.lastLogFilter.path("fromBlock").asText()).isEqualTo("0x66");
    }

    @Test
    void emptyRangeAnswersNoRecordsFound() throws Exception {
        assertThat(getBody(logsQuery(106, 106, 1, 1000))).isEqualTo(NO_RECORDS);
        assertThat(getBody(logsQuery(105, 100, 1, 1000))).isEqualTo(NO_RECORDS);
    }

    @Test
    void resultWindowAboveTenThousandIsRefused() throws Exception {
        assertThat(getBody(logsQuery(100, 110, 11, 1000))).isEqualTo(WINDOW_TOO_LARGE);
        assertThat(getBody(logsQuery(100, 110, 2, 5001))).isEqualTo(WINDOW_TOO_LARGE);
        assertThat(getBody(logsQuery(100, 110, 1, 10001))).isEqualTo(WINDOW_TOO_LARGE);
        assertThat(getBody(logsQuery(100, 110, 10, 1000))).isEqualTo(NO_RECORDS);
    }

    @Test
    void offsetAboveThousandIsCappedToThousandEvenInsideOneBlock() throws Exception {
        node.addTransfers(108, 1500);

        JsonNode first = getJson(logsQuery(108, 108, 1, 5000)).path("result");
        JsonNode second = getJson(logsQuery(108, 108, 2, 1000)).path("result");

        assertThat(first).hasSize(1000);
        assertThat(first.get(999).path("logIndex").asText()).isEqualTo("0x3e7");
        assertThat(second).hasSize(500);
        assertThat(second.get(0).path("logIndex").asText()).isEqualTo("0x3e8");
        assertThat(getJson(logsQuery(108, 108, 1, 0)).path("result").asText()).isEqualTo("Error! Invalid offset");
    }

    @Test
    void aRangeOverTenThousandLogsCanOnlyBeReadUpToTheWindow() throws Exception {
        node.addTransfers(109, 10_500);

        JsonNode lastReachable = getJson(logsQuery(109, 109, 10, 1000)).path("result");

        assertThat(lastReachable).hasSize(1000);
        assertThat(lastReachable.get(999).path("logIndex").asText()).isEqualTo("0x270f");
        assertThat(getBody(logsQuery(109, 109, 11, 1000))).isEqualTo(WINDOW_TOO_LARGE);
    }

    @Test
    void anUnreachableNodeIsReportedInTheBody() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            unusedPort = socket.getLocalPort();
        }
        try (EtherscanStandin orphan = EtherscanStandin.builder("http://127.0.0.1:" + unusedPort, KEY).start()) {
            String uri = orphan.baseUrl() + "?" + logsQuery(100, 110, 1, 10);

            JsonNode answer = MAPPER.readTree(send(uri, Duration.ofSeconds(10)).body());

            assertThat(answer.path("status").asText()).isEqualTo("0");
            assertThat(answer.path("message").asText()).isEqualTo("NOTOK");
            assertThat(answer.path("result").asText()).startsWith("Error! node unreachable");
        }
    }

    @Test
    void pagingThroughARangeFetchesItFromTheNodeOnce() throws Exception {
        for (int page = 1; page <= 4; page++) {
            getJson(logsQuery(100, 110, page, 10));
        }

        assertThat(node.calls("eth_getLogs")).isEqualTo(1);
        assertThat(standin.nodeCalls("eth_getLogs")).isEqualTo(1);
        assertThat(node.calls("eth_getBlockReceipts")).isEqualTo(4);
        assertThat(standin.nodeCalls("eth_getBlockReceipts")).isEqualTo(4);
    }

    @Test
    void latestAndBlocksAboveTheHeadEndAtTheHead() throws Exception {
        JsonNode upToHead = getJson(logsQuery(100, 110, 1, 1000)).path("result");

        JsonNode latest = getJson(logsQuery(100, "latest", 1, 1000)).path("result");
        JsonNode beyond = getJson(logsQuery(100, "999999", 1, 1000)).path("result");

        assertThat(latest).isEqualTo(upToHead);
        assertThat(beyond).isEqualTo(upToHead);
        assertThat(node.lastLogFilter.path("toBlock").asText()).isEqualTo("0x6e");
    }

    @Test
    void aNewBlockAtTheHeadIsSeenByLatest() throws Exception {
        assertThat(getJson(logsQuery(100, "latest", 1, 1000)).path("result")).hasSize(25);

        node.mine(112);
        node.addTransfers(112, 2);

        assertThat(getJson(logsQuery(100, "latest", 1, 1000)).path("result")).hasSize(27);
    }

    @Test
    void aReorgedRangeIsFetchedAgain() throws Exception {
        String before = getJson(logsQuery(100, 105, 1, 10)).path("result").get(9).path("blockHash").asText();

        node.reorgFrom(102);
        String after = getJson(logsQuery(100, 105, 1, 10)).path("result").get(9).path("blockHash").asText();

        assertThat(after).isNotEqualTo(before).isEqualTo(node.blockHash(102));
        assertThat(node.calls("eth_getLogs")).isEqualTo(2);
    }

    @Test
    void aReorgDuringTheQueryIsRetried() throws Exception {
        node.reorgAfterNextGetLogs(100);

        JsonNode records = getJson(logsQuery(100, 110, 1, 1000)).path("result");

        assertThat(records).hasSize(25);
        assertThat(records.get(0).path("blockHash").asText()).isEqualTo(node.blockHash(100));
        assertThat(node.calls("eth_getLogs")).isEqualTo(2);
    }

    @Test
    void blockNumbersMustBeDecimal() throws Exception {
        JsonNode answer = getJson(query("module=logs&action=getLogs&fromBlock=0x64&toBlock=110"));

        assertThat(answer.path("status").asText()).isEqualTo("0");
        assertThat(answer.path("result").asText()).isEqualTo("Error! Invalid fromBlock");
    }

    @Test
    void proxyBlockNumberAnswersWithId83() throws Exception {
        assertThat(getBody(query("module=proxy&action=eth_blockNumber")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":83,\"result\":\"0x6e\"}");
    }

    @Test
    void proxyForwardsGetBlockByNumberAndEthCall() throws Exception {
        JsonNode block = getJson(query("module=proxy&action=eth_getBlockByNumber&tag=0x64&boolean=false"));
        JsonNode call = getJson(query("module=proxy&action=eth_call&to=" + TOKEN + "&data=0x18160ddd&tag=latest"));

        assertThat(block.path("id").asInt()).isEqualTo(1);
        assertThat(block.path("result").path("hash").asText()).isEqualTo(node.blockHash(100));
        assertThat(call.path("id").asInt()).isEqualTo(1);
        assertThat(call.path("result").asText()).isEqualTo(amount(42));
        assertThat(node.lastCall.path("data").asText()).isEqualTo("0x18160ddd");

        JsonNode reverted = getJson(query("module=proxy&action=eth_call&to=" + REVERTING + "&data=0x&tag=latest"));
        assertThat(reverted.path("error").path("message").asText()).isEqualTo("execution reverted");
        assertThat(reverted.has("result")).isFalse();
    }

    @Test
    void wrongOrMissingApiKeyIsRefusedWithHttp200() throws Exception {
        HttpResponse<String> wrong = get("chainid=1&module=proxy&action=eth_blockNumber&apikey=WRONG");
        HttpResponse<String> missing = get("chainid=1&module=proxy&action=eth_blockNumber");

        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).isEqualTo("{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"Invalid API Key\"}");
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.body())
                .isEqualTo("{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"Missing/Invalid API Key\"}");
        assertThat(node.calls("eth_blockNumber")).isZero();
    }

    @Test
    void missingOrOtherChainIdIsRefusedWithHttp200() throws Exception {
        String expected = "{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"Missing or unsupported chainid "
                + "parameter (required for v2 api), please see https://api.etherscan.io/v2/chainlist "
                + "for the list of supported chainids\"}";

        HttpResponse<String> missing = get("module=proxy&action=eth_blockNumber&apikey=" + KEY);
        HttpResponse<String> other = get("chainid=137&module=proxy&action=eth_blockNumber&apikey=" + KEY);

        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.body()).isEqualTo(expected);
        assertThat(other.body()).isEqualTo(expected);
    }

    @Test
    void unknownModuleOrActionIsRefused() throws Exception {
        assertThat(getJson(query("module=account&action=tokentx")).path("result").asText())
                .isEqualTo("Error! Missing Or invalid Module name");
        assertThat(getJson(query("module=proxy&action=eth_sendRawTransaction")).path("result").asText())
                .isEqualTo("Error! Missing Or invalid Action name");
    }

    @Test
    void callsBeyondTheRateLimitInOneSecondAreRefusedAndCounted() throws Exception {
        try (EtherscanStandin limited = EtherscanStandin.builder(node.url(), KEY).callsPerSecond(3).start()) {
            String uri = limited.baseUrl() + "?" + query("module=proxy&action=eth_blockNumber");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(send(uri, Duration.ofSeconds(5)).body());
            }
            String refusal = "{\"status\":\"0\",\"message\":\"NOTOK\","
                    + "\"result\":\"Max calls per sec rate limit reached (3/sec)\"}";

            assertThat(answers.subList(0, 3)).allSatisfy(answer -> assertThat(answer).contains("\"id\":83"));
            assertThat(answers).contains(refusal);
            assertThat(limited.rateLimited()).isEqualTo(answers.stream().filter(refusal::equals).count());

            Thread.sleep(1100);
            assertThat(send(uri, Duration.ofSeconds(5)).body()).contains("\"id\":83");
        }
    }

    @Test
    void rateLimitFaultAnswersTheRateLimitBody() throws Exception {
        standin.faults(1, 1, Fault.RATE_LIMIT);

        assertThat(getBody(query("module=proxy&action=eth_blockNumber"))).isEqualTo(
                "{\"status\":\"0\",\"message\":\"NOTOK\","
                        + "\"result\":\"Max calls per sec rate limit reached (1000/sec)\"}");
        assertThat(standin.faultCount(Fault.RATE_LIMIT)).isEqualTo(1);
        assertThat(standin.rateLimited()).isZero();
        assertThat(node.calls("eth_blockNumber")).isZero();
    }

    @Test
    void badGatewayFaultAnswersA502HtmlPage() throws Exception {
        standin.faults(1, 1, Fault.BAD_GATEWAY);

        HttpResponse<String> answer = get(query("module=proxy&action=eth_blockNumber"));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(answer.body()).startsWith("<html>").contains("<head><title>502 Bad Gateway</title></head>");
        assertThat(standin.faultCount(Fault.BAD_GATEWAY)).isEqualTo(1);
    }

    @Test
    void timeoutFaultHoldsTheConnectionThenClosesIt() throws Exception {
        standin.faults(1, 1, Fault.TIMEOUT);
        String uri = standin.baseUrl() + "?" + query("module=proxy&action=eth_blockNumber");

        assertThatThrownBy(() -> send(uri, Duration.ofMillis(100))).isInstanceOf(HttpTimeoutException.class);
        long started = System.nanoTime();
        RawResponse nothing = rawGet(query("module=proxy&action=eth_blockNumber"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(nothing.statusLine()).isEmpty();
        assertThat(standin.faultCount(Fault.TIMEOUT)).isEqualTo(2);
    }

    @Test
    void cutBodyFaultAnnouncesTheFullLengthThenSendsHalf() throws Exception {
        String logs = logsQuery(100, 110, 1, 1000);
        byte[] full = getBody(logs).getBytes(StandardCharsets.UTF_8);
        standin.faults(1, 1, Fault.CUT_BODY);

        RawResponse cut = rawGet(logs);

        assertThat(cut.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(cut.headers().get("content-length")).isEqualTo(String.valueOf(full.length));
        assertThat(cut.body().length).isEqualTo(full.length / 2);
        assertThat(cut.body()).isEqualTo(Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> MAPPER.readTree(cut.body())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(logs)).isInstanceOf(IOException.class);
        assertThat(standin.faultCount(Fault.CUT_BODY)).isEqualTo(2);
    }

    @Test
    void faultsHitTheGivenShareOfCallsInAReplayableOrder() throws Exception {
        String uri = standin.baseUrl() + "?" + query("module=proxy&action=eth_blockNumber");

        standin.faults(0.5, 7);
        List<String> firstRun = outcomes(uri, 40);
        standin.faults(0.5, 7);
        List<String> secondRun = outcomes(uri, 40);
        standin.faults(0, 7);

        assertThat(secondRun).isEqualTo(firstRun);
        Map<String, Long> seen = new TreeMap<>();
        firstRun.forEach(outcome -> seen.merge(outcome, 1L, Long::sum));
        assertThat(seen.keySet()).containsExactly("BAD_GATEWAY", "CUT_BODY", "OK", "RATE_LIMIT", "TIMEOUT");
        assertThat(seen.get("OK")).isBetween(10L, 30L);
        assertThat(standin.totalCalls()).isEqualTo(80);
        for (int i = 0; i < 5; i++) {
            assertThat(send(uri, Duration.ofSeconds(5)).body()).contains("\"id\":83");
        }
    }

    @Test
    void countersTrackCallsByAction() throws Exception {
        getBody(query("module=proxy&action=eth_blockNumber"));
        getBody(query("module=proxy&action=eth_blockNumber"));
        getBody(logsQuery(100, 110, 1, 10));
        getBody("chainid=1&apikey=" + KEY);

        assertThat(standin.totalCalls()).isEqualTo(4);
        assertThat(standin.calls("eth_blockNumber")).isEqualTo(2);
        assertThat(standin.calls("getLogs")).isEqualTo(1);
        assertThat(standin.callsByAction()).containsExactly(
                Map.entry("", 1L), Map.entry("eth_blockNumber", 2L), Map.entry("getLogs", 1L));
        assertThat(standin.rateLimited()).isZero();
        assertThat(standin.faultCounts().values()).containsOnly(0L);
    }

    @Test
    void theCallLogKeepsEachCallsRangePageAndTheRecordsServedTwice() throws Exception {
        getBody(query("module=proxy&action=eth_blockNumber"));
        getBody(logsQuery(100, 110, 1, 10));
        getBody(logsQuery(102, 110, 1, 10));
        getBody(logsQuery(100, 110, 9, 10));

        List<EtherscanStandin.Call> log = standin.callLog();
        assertThat(log).extracting(EtherscanStandin.Call::action)
                .containsExactly("eth_blockNumber", "getLogs", "getLogs", "getLogs");
        assertThat(log.get(0).records()).isEqualTo(-1);
        assertThat(log.get(1)).extracting(c -> c.fromBlock(), c -> c.toBlock(), c -> c.page(), c -> c.records(),
                c -> c.servedBefore()).containsExactly("100", "110", "1", 10, 0);
        // blocks 100 (7 logs) and 102 (6): the first page held block 100 and 3 of 102's, which the second serves again
        assertThat(log.get(2)).extracting(c -> c.records(), c -> c.servedBefore()).containsExactly(10, 3);
        assertThat(log.get(3).records()).isZero();
        assertThat(standin.recordsServedAgain()).isEqualTo(3);
        assertThat(log).extracting(EtherscanStandin.Call::nanos).isSorted();
    }

    @Test
    void baseUrlIsTheLoopbackV2Path() {
        assertThat(standin.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v2/api");
    }

    /** What each call drew, read from the counters: what a client sees of a fault is checked per kind above. */
    private List<String> outcomes(String uri, int calls) throws InterruptedException {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long callsBefore = standin.totalCalls();
            Map<Fault, Long> before = standin.faultCounts();
            try {
                send(uri, Duration.ofMillis(300));
            } catch (IOException e) {
                // A timeout or a cut body is expected here; which one it was is read below.
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (standin.totalCalls() == callsBefore && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Map<Fault, Long> after = standin.faultCounts();
            outcomes.add(Arrays.stream(Fault.values())
                    .filter(kind -> !after.get(kind).equals(before.get(kind)))
                    .map(Fault::name)
                    .findFirst()
                    .orElse("OK"));
        }
        return outcomes;
    }

    private static String query(String call) {
        return "chainid=1&" + call + "&apikey=" + KEY;
    }

    private static String logsQuery(long from, long to, int page, int offset) {
        return logsQuery(from, String.valueOf(to), page, offset);
    }

    private static String logsQuery(long from, String to, int page, int offset) {
        return query("module=logs&action=getLogs&address=" + TOKEN + "&topic0=" + TRANSFER
                + "&fromBlock=" + from + "&toBlock=" + to + "&page=" + page + "&offset=" + offset);
    }

    private HttpResponse<String> get(String query) throws IOException, InterruptedException {
        return send(standin.baseUrl() + "?" + query, Duration.ofSeconds(10));
    }

    private String getBody(String query) throws IOException, InterruptedException {
        HttpResponse<String> answer = get(query);
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private JsonNode getJson(String query) throws IOException, InterruptedException {
        return MAPPER.readTree(getBody(query));
    }

    private HttpResponse<String> send(String uri, Duration timeout) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Reads until the stand-in closes the connection, as faults must, instead of trusting Content-Length. */
    private RawResponse rawGet(String query) throws IOException {
        URI uri = URI.create(standin.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getPath() + "?" + query + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] raw = socket.getInputStream().readAllBytes();
            if (raw.length == 0) {
                return new RawResponse("", Map.of(), raw);
            }
            int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String[] head = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
            }
            return new RawResponse(head[0], headers, Arrays.copyOfRange(raw, headerEnd + 4, raw.length));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers");
    }

    private record RawResponse(String statusLine, Map<String, String> headers, byte[] body) {
    }

    private static long quantity(JsonNode etherscanHex) {
        String digits = etherscanHex.asText().substring(2);
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 16);
    }

    private static String amount(long value) {
        return String.format("0x%064x", value);
    }

    private static String padded(long address) {
        return String.format("0x%064x", address);
    }

    /**
     * A JSON-RPC node holding a small made-up chain, answering single calls and batches like anvil:
     * {@code "0x0"} zeros, checksummed addresses, logs in no particular order.
     */
    private static final class FakeNode implements AutoCloseable {
        private final HttpServer server;
        private final Map<Long, List<ObjectNode>> logsByBlock = new TreeMap<>();
        private final Map<Long, Integer> generationFrom = new TreeMap<>();
        private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        private volatile long head;
        private volatile long reorgAfterGetLogsFrom = -1;
        volatile JsonNode lastLogFilter;
        volatile JsonNode lastCall;

        FakeNode(long head) throws IOException {
            this.head = head;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        long calls(String method) {
            LongAdder count = calls.get(method);
            return count == null ? 0 : count.sum();
        }

        void mine(long newHead) {
            head = newHead;
        }

        synchronized void addTransfers(long block, int count) {
            for (int i = 0; i < count; i++) {
                addLog(block, TOKEN_CHECKSUMMED, amount(1000 + i), TRANSFER, padded(block), padded(i + 1));
            }
        }

        /** Two logs a transaction, so that index 0 of both appears in each block. */
        synchronized void addLog(long block, String address, String data, String... topics) {
            List<ObjectNode> logs = logsByBlock.computeIfAbsent(block, b -> new ArrayList<>());
            int logIndex = logs.size();
            ObjectNode log = MAPPER.createObjectNode();
            log.put("address", address);
            ArrayNode topicArray = log.putArray("topics");
            for (String topic : topics) {
                topicArray.add(topic);
            }
            log.put("data", data);
            log.put("blockNumber", hex(block));
            log.put("transactionHash", txHash(block, logIndex / 2));
            log.put("transactionIndex", hex(logIndex / 2));
            log.put("logIndex", hex(logIndex));
            log.put("removed", false);
            logs.add(log);
        }

        synchronized void reorgFrom(long block) {
            generationFrom.merge(block, 1, Integer::sum);
        }

        void reorgAfterNextGetLogs(long block) {
            reorgAfterGetLogsFrom = block;
        }

        synchronized String blockHash(long block) {
            int generation = 0;
            for (Map.Entry<Long, Integer> reorg : generationFrom.entrySet()) {
                if (reorg.getKey() <= block) {
                    generation += reorg.getValue();
                }
            }
            return String.format("0x%056x%08x", block, generation);
        }

        static long timestamp(long block) {
            return 1_700_000_000L + 12 * block;
        }

        static String txHash(long block, long txIndex) {
            return String.format("0xabc%053x%08x", block, txIndex);
        }

        @Override
        public void close() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            JsonNode reply;
            if (request.isArray()) {
                ArrayNode replies = MAPPER.createArrayNode();
                request.forEach(single -> replies.add(answer(single)));
                // A batch's replies may come back in any order: the stand-in must match them by id.
                List<JsonNode> shuffled = new ArrayList<>();
                replies.forEach(shuffled::add);
                Collections.reverse(shuffled);
                reply = MAPPER.createArrayNode().addAll(shuffled);
            } else {
                reply = answer(request);
            }
            byte[] body = MAPPER.writeValueAsBytes(reply);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        private synchronized ObjectNode answer(JsonNode request) {
            String method = request.path("method").asText();
            calls.computeIfAbsent(method, m -> new LongAdder()).increment();
            JsonNode params = request.path("params");
            ObjectNode reply = MAPPER.createObjectNode();
            reply.put("jsonrpc", "2.0");
            reply.set("id", request.path("id"));
            switch (method) {
                case "eth_blockNumber" -> reply.put("result", hex(head));
                case "eth_getBlockByNumber" -> {
                    long number = params.path(0).asText().equals("latest") ? head : number(params.path(0));
                    reply.set("result", number > head ? MAPPER.nullNode() : block(number));
                }
                case "eth_getBlockReceipts" -> reply.set("result", receipts(number(params.path(0))));
                case "eth_getLogs" -> {
                    lastLogFilter = params.path(0);
                    reply.set("result", logs(params.path(0)));
                    if (reorgAfterGetLogsFrom >= 0) {
                        reorgFrom(reorgAfterGetLogsFrom);
                        reorgAfterGetLogsFrom = -1;
                    }
                }
                case "eth_call" -> {
                    lastCall = params.path(0);
                    if (params.path(0).path("to").asText().equals(REVERTING)) {
                        reply.putObject("error").put("code", 3).put("message", "execution reverted");
                    } else {
                        reply.put("result", amount(42));
                    }
                }
                default -> reply.putObject("error").put("code", -32601).put("message", "Method not found");
            }
            return reply;
        }

        private ObjectNode block(long number) {
            ObjectNode block = MAPPER.createObjectNode();
            block.put("number", hex(number));
            block.put("hash", blockHash(number));
            block.put("timestamp", hex(timestamp(number)));
            block.putArray("transactions");
            return block;
        }

        private ArrayNode receipts(long number) {
            ArrayNode receipts = MAPPER.createArrayNode();
            int transactions = (logsByBlock.getOrDefault(number, List.of()).size() + 1) / 2;
            for (int tx = 0; tx < transactions; tx++) {
                ObjectNode receipt = receipts.addObject();
                receipt.put("transactionHash", txHash(number, tx));
                receipt.put("blockHash", blockHash(number));
                receipt.put("gasUsed", hex(46_000 + 100 * tx + number));
                receipt.put("effectiveGasPrice", "0x0" + Long.toHexString(1_000_000_000L + tx + number % 7));
            }
            return receipts;
        }

        private ArrayNode logs(JsonNode filter) {
            long from = number(filter.path("fromBlock"));
            long to = number(filter.path("toBlock"));
            String address = filter.path("address").asText(null);
            String topic0 = filter.path("topics").path(0).asText(null);
            List<ObjectNode> matching = new ArrayList<>();
            logsByBlock.forEach((block, logs) -> {
                if (block >= from && block <= to && block <= head) {
                    for (ObjectNode log : logs) {
                        boolean addressMatches =
                                address == null || log.path("address").asText().equalsIgnoreCase(address);
                        boolean topicMatches = topic0 == null || log.path("topics").path(0).asText().equals(topic0);
                        if (addressMatches && topicMatches) {
                            matching.add(log.deepCopy().put("blockHash", blockHash(block)));
                        }
                    }
                }
            });
            Collections.reverse(matching);
            return MAPPER.createArrayNode().addAll(matching);
        }

        private static String hex(long number) {
            return "0x" + Long.toHexString(number);
        }

        private static long number(JsonNode quantity) {
            return Long.parseLong(quantity.asText().substring(2), 16);
        }
    }
}

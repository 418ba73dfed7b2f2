package io.usdetracker.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock standing in for Etherscan v2, answering from a list of logs with the bodies docs/REFERENCE.md describes:
 * HTTP 200 with status "0" for errors, 1000 records a call, page x offset at most 10000, records ordered by
 * block and log index, every number a hex string with zero as a bare "0x". Faults can be queued for the next
 * getLogs calls.
 */
public final class EtherscanFake implements AutoCloseable {

    public enum Fault {
        RATE_LIMIT, HTML_502, CUT_JSON, CONNECTION_RESET, SLOW, QUERY_TIMEOUT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final String apiKey;
    private volatile List<RawLog> logs = List.of();
    private volatile long head;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Deque<Fault> ethCallFaults = new ArrayDeque<>();
    /** Null until {@link #balances} is called: till then balanceOf and totalSupply() revert, as before. */
    private volatile Map<String, java.math.BigInteger> balances;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger recordsServed = new AtomicInteger();
    private volatile long slowMillis = 3000;
    private volatile int decimals = 18;
    private final BlockHashes hashes = new BlockHashes();

    public EtherscanFake(String apiKey) {
        this.apiKey = apiKey;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Rules()));
        server.start();
        server.stubFor(get(urlPathEqualTo("/v2/api")).willReturn(aResponse().withStatus(200)));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/v2/api";
    }

    public EtherscanFake chain(List<RawLog> chainLogs, long headBlock) {
        List<RawLog> sorted = new ArrayList<>(chainLogs);
        sorted.sort(Comparator.comparingLong((RawLog l) -> Hex.longQuantity(l.blockNumber()))
                .thenComparingLong(l -> Hex.longQuantity(l.logIndex())));
        logs = sorted;
        head = headBlock;
        return this;
    }

    /**
     * A reorganisation: blocks from {@code firstBlock} up get new hashes, and the chain's logs become
     * {@code chainLogs} (their block hashes are served as the new ones).
     */
    public EtherscanFake reorg(long firstBlock, List<RawLog> chainLogs, long headBlock) {
        hashes.fork(firstBlock);
        return chain(chainLogs, headBlock);
    }

    public synchronized EtherscanFake failNextGetLogs(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public synchronized EtherscanFake failNextEthCalls(Fault... next) {
        ethCallFaults.addAll(List.of(next));
        return this;
    }

    /**
     * What the token answers to {@code balanceOf} (40 hex digits, no 0x, to balance; others hold 0) and to
     * {@code totalSupply()} (minus the zero address's balance) through {@code proxy/eth_call}, at any block.
     */
    public EtherscanFake balances(Map<String, java.math.BigInteger> tokenBalances) {
        balances = Map.copyOf(tokenBalances);
        return this;
    }

    /** What the token answers to {@code decimals()} through {@code proxy/eth_call}. */
    public EtherscanFake decimals(int tokenDecimals) {
        decimals = tokenDecimals;
        return this;
    }

    public EtherscanFake slowMillis(long millis) {
        slowMillis = millis;
        return this;
    }

    public int calls(String action) {
        return calls.getOrDefault(action, new AtomicInteger()).get();
    }

    /** Records every getLogs answer held, summed: a record read twice counts twice. */
    public int recordsServed() {
        return recordsServed.get();
    }

    private synchronized Fault nextFault() {
        return faults.pollFirst();
    }

    private synchronized Fault nextEthCallFault() {
        return ethCallFaults.pollFirst();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Rules implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String action = param(event, "action");
            calls.computeIfAbsent(action == null ? "none" : action, k -> new AtomicInteger()).incrementAndGet();
            if (param(event, "chainid") == null) {
                return notOk("Missing or unsupported chainid parameter (required for v2 api), please see https://api.etherscan.io/v2/chainlist for the list of supported chainids");
            }
            if (!apiKey.equals(param(event, "apikey"))) {
                return notOk("Invalid API Key");
            }
            if ("eth_blockNumber".equals(action)) {
                return json("{\"jsonrpc\":\"2.0\",\"id\":83,\"result\":\"0x" + Long.toHexString(head) + "\"}");
            }
            if ("eth_call".equals(action)) {
                return ethCall(event);
            }
            if ("eth_getBlockByNumber".equals(action)) {
                long number = Hex.longQuantity(param(event, "tag"));
                return json(number > head ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"
                        : "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"number\":\"" + Hex.toQuantity(number)
                        + "\",\"hash\":\"" + hashes.hash(number) + "\"}}");
            }
            if (!"getLogs".equals(action) || request == null) {
                return notOk("Error! Missing Or invalid Module name");
            }
            Fault fault = nextFault();
            if (fault != null) {
                return faulty(fault);
            }
            return getLogs(event);
        }

        private ResponseDefinition getLogs(ServeEvent event) {
            long from = Long.parseLong(param(event, "fromBlock"));
            long to = Long.parseLong(param(event, "toBlock"));
            int page = Integer.parseInt(param(event, "page"));
            int offset = Integer.parseInt(param(event, "offset"));
            if (offset > 1000) {
                offset = 1000;
            }
            if ((long) page * offset > 10_000) {
                return notOk("Result window is too large, PageNo x Offset size must be less than or equal to 10000");
            }
            String address = param(event, "address");
            List<RawLog> matching = new ArrayList<>();
            for (RawLog l : logs) {
                long block = Hex.longQuantity(l.blockNumber());
                if (block >= from && block <= to && l.address().equalsIgnoreCase(address)) {
                    matching.add(l);
                }
            }
            int start = (page - 1) * offset;
            if (start >= matching.size()) {
                return json("{\"status\":\"0\",\"message\":\"No records found\",\"result\":[]}");
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("status", "1");
            body.put("message", "OK");
            ArrayNode result = body.putArray("result");
            for (RawLog l : matching.subList(start, Math.min(matching.size(), start + offset))) {
                result.add(etherscanShape(l));
            }
            recordsServed.addAndGet(result.size());
            return json(body.toString());
        }

        /** The token's decimals(); any other call, or another contract, reverts as a node would say. */
        private ResponseDefinition ethCall(ServeEvent event) {
            Fault fault = nextEthCallFault();
            if (fault != null) {
                return faulty(fault);
            }
            String to = param(event, "to");
            String data = param(event, "data");
            if (to == null || !to.equalsIgnoreCase(SyntheticLogs.TOKEN) || data == null) {
                return json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"execution reverted\"}}");
            }
            if ("0x313ce567".equals(data)) {
                return json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + SyntheticLogs.word(java.math.BigInteger.valueOf(decimals)) + "\"}");
            }
            if ("0x18160ddd".equals(data) && balances != null) {
                return word(balances.getOrDefault(SyntheticLogs.ZERO, java.math.BigInteger.ZERO).negate());
            }
            if (data.startsWith("0x70a08231") && data.length() == 74 && balances != null) {
                return word(balances.getOrDefault(data.substring(34).toLowerCase(java.util.Locale.ROOT), java.math.BigInteger.ZERO));
            }
            return json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"execution reverted\"}}");
        }

        private ResponseDefinition word(java.math.BigInteger value) {
            return json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + SyntheticLogs.word(value) + "\"}");
        }

        private ResponseDefinition faulty(Fault fault) {
            return switch (fault) {
                case RATE_LIMIT -> notOk("Max calls per sec rate limit reached (5/sec)");
                case QUERY_TIMEOUT -> notOk("Query Timeout occured. Please select a smaller result dataset");
                case HTML_502 -> aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")
                        .build();
                case CUT_JSON -> json("{\"status\":\"1\",\"message\":\"OK\",\"result\":[{\"address\":\"0x4c9e");
                case CONNECTION_RESET -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
                case SLOW -> aResponse().withStatus(200).withFixedDelay((int) slowMillis)
                        .withBody("{\"status\":\"0\",\"message\":\"No records found\",\"result\":[]}").build();
            };
        }

        private ObjectNode etherscanShape(RawLog l) {
            ObjectNode n = JSON.createObjectNode();
            n.put("address", l.address());
            ArrayNode topics = n.putArray("topics");
            l.topics().forEach(topics::add);
            n.put("data", l.data());
            n.put("blockNumber", l.blockNumber());
            if (l.blockHash() != null) {
                n.put("blockHash", hashes.hash(Hex.longQuantity(l.blockNumber())));
            }
            n.put("timeStamp", l.timeStamp() == null ? "0x6450ffef" : l.timeStamp());
            n.put("gasPrice", "0x12d430ac57");
            n.put("gasUsed", "0x14c97");
            n.put("logIndex", bareZero(l.logIndex()));
            n.put("transactionHash", l.transactionHash());
            n.put("transactionIndex", "0x");
            return n;
        }

        private String bareZero(String hex) {
            return Hex.quantity(hex).signum() == 0 ? "0x" : hex;
        }

        private String param(ServeEvent event, String name) {
            var p = event.getRequest().queryParameter(name);
            return p.isPresent() ? p.firstValue() : null;
        }

        private ResponseDefinition notOk(String result) {
            return json("{\"status\":\"0\",\"message\":\"NOTOK\",\"result\":\"" + result + "\"}");
        }

        private ResponseDefinition json(String body) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body).build();
        }

        @Override
        public String getName() {
            return "etherscan-rules";
        }
    }
}

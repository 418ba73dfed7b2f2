package io.usdetracker.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock standing in for a JSON-RPC provider (single and batch requests) that refuses eth_getLogs ranges wider
 * than its limit with the provider's own message, as docs/REFERENCE.md quotes them. It can also lag: blocks above
 * {@code knownHead} are unknown to it (eth_getBlockByNumber answers null and their logs are missing). It keeps no
 * old state: eth_call answers geth's "missing trie node" error.
 */
public final class RpcProviderFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private volatile List<RawLog> logs = List.of();
    private volatile long head;
    private volatile long knownHead = Long.MAX_VALUE;
    private volatile long chainId = 1;
    private volatile long maxRange = Long.MAX_VALUE;
    private volatile String refusal = "";
    private volatile int refusalCode = -32005;
    private final BlockHashes hashes = new BlockHashes();
    private volatile Long forkInNextBatch;
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger getLogsCalls = new AtomicInteger();
    private final java.util.Deque<Integer> failures = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public RpcProviderFake() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Rules()));
        server.start();
        server.stubFor(post(urlPathEqualTo("/rpc/SECRETPATHKEY")).willReturn(aResponse().withStatus(200)));
    }

    /** The URL, with a key in its path as Infura and Alchemy hand them out. */
    public String url() {
        return "http://127.0.0.1:" + server.port() + "/rpc/SECRETPATHKEY";
    }

    public RpcProviderFake chain(List<RawLog> chainLogs, long headBlock) {
        logs = List.copyOf(chainLogs);
        head = headBlock;
        return this;
    }

    /**
     * A reorganisation: blocks from {@code firstBlock} up get new hashes, and the chain's logs become
     * {@code chainLogs} (their block hashes are served as the new ones).
     */
    public RpcProviderFake reorg(long firstBlock, List<RawLog> chainLogs, long headBlock) {
        hashes.fork(firstBlock);
        return chain(chainLogs, headBlock);
    }

    /**
     * The next batch request sees the chain change under it: its first call is answered from the chain as it is,
     * the others after every block from {@code firstBlock} up got a new hash.
     */
    public RpcProviderFake forkDuringNextBatch(long firstBlock) {
        forkInNextBatch = firstBlock;
        return this;
    }

    public RpcProviderFake chainId(long id) {
        chainId = id;
        return this;
    }

    /** Refuses eth_getLogs over more than {@code blocks} blocks with {@code message} (%d: first block, %d: last allowed). */
    public RpcProviderFake limit(long blocks, int code, String message) {
        maxRange = blocks;
        refusalCode = code;
        refusal = message;
        return this;
    }

    public RpcProviderFake knownHead(long block) {
        knownHead = block;
        return this;
    }

    /** The next requests answer these HTTP statuses (429, 502, ...) with an HTML or empty body, one each. */
    public RpcProviderFake failNext(Integer... statuses) {
        failures.addAll(List.of(statuses));
        return this;
    }

    public int refusals() {
        return refusals.get();
    }

    public int getLogsCalls() {
        return getLogsCalls.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Rules implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Integer failure = failures.pollFirst();
            if (failure != null) {
                return aResponse().withStatus(failure).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>" + failure + "</h1></body></html>").build();
            }
            try {
                JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
                JsonNode answer;
                if (request.isArray()) {
                    ArrayNode answers = JSON.createArrayNode();
                    Long fork = forkInNextBatch;
                    forkInNextBatch = null;
                    for (JsonNode r : request) {
                        answers.add(answer(r));
                        if (fork != null && answers.size() == 1) {
                            hashes.fork(fork);
                        }
                    }
                    answer = answers;
                } else {
                    answer = answer(request);
                }
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer.toString()).build();
            } catch (Exception e) {
                return aResponse().withStatus(500).withBody(e.toString()).build();
            }
        }

        private ObjectNode answer(JsonNode request) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("jsonrpc", "2.0");
            answer.set("id", request.get("id"));
            JsonNode params = request.get("params");
            switch (request.get("method").asText()) {
                case "eth_chainId" -> answer.put("result", Hex.toQuantity(chainId));
                case "eth_blockNumber" -> answer.put("result", Hex.toQuantity(head));
                case "eth_getBlockByNumber" -> {
                    long number = Hex.longQuantity(params.get(0).asText());
                    if (number > knownHead || number > head) {
                        answer.putNull("result");
                    } else {
                        ObjectNode block = answer.putObject("result");
                        block.put("number", Hex.toQuantity(number));
                        block.put("hash", hashes.hash(number));
                    }
                }
                case "eth_getLogs" -> getLogs(params.get(0), answer);
                // a full node that keeps recent state only, as geth answers for an older block
                case "eth_call" -> answer.putObject("error").put("code", -32000)
                        .put("message", "missing trie node 4a51d2e1c3c2f1d5 (path ) state 0x4a51d2e1 is not available");
                default -> answer.putObject("error").put("code", -32601).put("message", "method not found");
            }
            return answer;
        }

        private void getLogs(JsonNode filter, ObjectNode answer) {
            getLogsCalls.incrementAndGet();
            long from = Hex.longQuantity(filter.get("fromBlock").asText());
            long to = Hex.longQuantity(filter.get("toBlock").asText());
            if (to - from + 1 > maxRange) {
                refusals.incrementAndGet();
                String message = refusal.replace("{from}", Hex.toQuantity(from)).replace("{to}", Hex.toQuantity(from + maxRange - 1));
                answer.putObject("error").put("code", refusalCode).put("message", message);
                return;
            }
            ArrayNode result = answer.putArray("result");
            List<RawLog> matching = new ArrayList<>();
            for (RawLog l : logs) {
                long block = Hex.longQuantity(l.blockNumber());
                if (block >= from && block <= to && block <= knownHead) {
                    matching.add(l);
                }
            }
            for (RawLog l : matching) {
                ObjectNode n = result.addObject();
                n.put("address", l.address());
                ArrayNode topics = n.putArray("topics");
                l.topics().forEach(topics::add);
                n.put("data", l.data());
                n.put("blockNumber", l.blockNumber());
                n.put("blockHash", l.blockHash() == null ? null : hashes.hash(block(l)));
                n.put("logIndex", l.logIndex());
                n.put("transactionHash", l.transactionHash());
                n.put("transactionIndex", "0x0");
                n.put("removed", false);
            }
        }

        private long block(RawLog l) {
            return Hex.longQuantity(l.blockNumber());
        }

        @Override
        public String getName() {
            return "json-rpc-provider";
        }
    }
}

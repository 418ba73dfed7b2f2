package io.usdetracker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * A local Etherscan API v2 that answers from a real JSON-RPC node, so that end-to-end tests and
 * benchmarks can drive the tracker's Etherscan path offline. It follows Etherscan's wire habits
 * (HTTP 200 with {@code status:"0"} bodies, bare {@code "0x"} zeros, 1000-record pages, the
 * 10000-record result window, a per-second rate limit) and can inject the faults that proxies in front
 * of Etherscan produce.
 *
 * <p>Where Etherscan does not document its behaviour, this stand-in picks one, so that tests can rely on it:
 * <ul>
 * <li>An {@code offset} above 1000 is served as 1000 ("limited to 1000 records per query" in the docs), so
 *     a client asking for more gets a page shorter than it asked for; the 10000 window is checked on the
 *     offset as asked, and a page or offset below 1 is refused.</li>
 * <li>Only calls let through fill the rate-limit window, and only after the chain id and key checks,
 *     because Etherscan counts per key.</li>
 * <li>A missing key answers {@code "Missing/Invalid API Key"}, a wrong one {@code "Invalid API Key"}, both NOTOK.</li>
 * <li>Block numbers must be decimal or {@code latest}; a range reaching past the head ends at the head.</li>
 * <li>{@code timeStamp} comes from {@code eth_getBlockByNumber}, {@code gasPrice} (the receipt's
 *     effectiveGasPrice) and {@code gasUsed} from {@code eth_getBlockReceipts}: one batch per page, cached.</li>
 * </ul>
 */
public final class EtherscanStandin implements AutoCloseable {

    /** The faults a proxy in front of Etherscan, or Etherscan itself, can answer instead of data. */
    public enum Fault {
        /** A rate-limit body although the caller kept to the limit. */
        RATE_LIMIT,
        /** HTTP 502 with an HTML page. */
        BAD_GATEWAY,
        /** No answer: the connection is held, then closed. */
        TIMEOUT,
        /** A full Content-Length but only half the JSON body, then the connection closed. */
        CUT_BODY
    }

    private static final String PATH = "/v2/api";
    private static final int MAX_RECORDS = 1000;
    private static final int MAX_WINDOW = 10_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    // Keeps one JSON-RPC batch well below what nodes accept in one request body.
    private static final int BLOCKS_PER_BATCH = 100;
    // The first slice of a range read from the node; it doubles while slices hold few logs.
    private static final long FIRST_SLICE_BLOCKS = 64;
    // A reorg between the range fetch and the block look-ups is retried this often before giving up.
    private static final int CHAIN_MOVED_ATTEMPTS = 3;
    private static final String NO_KEY = "Missing/Invalid API Key";
    private static final String BAD_KEY = "Invalid API Key";
    private static final String BAD_CHAIN = "Missing or unsupported chainid parameter (required for v2 api), "
            + "please see https://api.etherscan.io/v2/chainlist for the list of supported chainids";
    private static final String WINDOW_TOO_LARGE =
            "Result window is too large, PageNo x Offset size must be less than or equal to 10000";
    private static final byte[] BAD_GATEWAY_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
            + "</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, the client's delayed
        // ACK then adds ~40 ms to every call, capping a benchmark near 20 calls/s. The JDK reads this once,
        // when its first HttpServer starts, so an explicit setting, or an earlier server, wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final URI nodeUrl;
    private final String apiKey;
    private final long chainId;
    private final int callsPerSecond;
    private final Duration timeoutHold;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final ArrayDeque<Long> acceptedCallTimes = new ArrayDeque<>();
    private final Map<String, RangeLogs> rangeCache = lruMap(16);
    private final Map<String, Object> rangeLocks = lruMap(64);
    private final Map<String, BlockInfo> blockCache = lruMap(100_000);

    private final LongAdder totalCalls = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final Map<String, LongAdder> callsByAction = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nodeCalls = new ConcurrentHashMap<>();
    private final AtomicLongArray faultCounts = new AtomicLongArray(Fault.values().length);
    private final java.util.Queue<Call> callLog = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Boolean> recordsServed = new ConcurrentHashMap<>();
    private final LongAdder recordsServedAgain = new LongAdder();
    // what answer() served on this request's thread, for the call log
    private final ThreadLocal<Integer> served = ThreadLocal.withInitial(() -> -1);
    private final ThreadLocal<byte[]> rateLimitedAnswer = new ThreadLocal<>();
    private final ThreadLocal<Integer> servedBefore = ThreadLocal.withInitial(() -> 0);

    private final Object faultLock = new Object();
    private double faultRatio;
    private Random faultRandom;
    private Fault[] faultKinds;

    private EtherscanStandin(Builder builder) throws IOException {
        this.nodeUrl = URI.create(builder.nodeRpcUrl);
        this.apiKey = builder.apiKey;
        this.chainId = builder.chainId;
        this.callsPerSecond = builder.callsPerSecond;
        this.timeoutHold = builder.timeoutHold;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "etherscan-standin-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param nodeRpcUrl the JSON-RPC URL of the node that holds the chain, e.g. anvil's {@code http://127.0.0.1:8545}
     * @param apiKey     the only key accepted in {@code apikey}
     */
    public static Builder builder(String nodeRpcUrl, String apiKey) {
        return new Builder(nodeRpcUrl, apiKey);
    }

    public static final class Builder {
        private final String nodeRpcUrl;
        private final String apiKey;
        private long chainId = 1;
        private int callsPerSecond = 5;
        private Duration timeoutHold = Duration.ofSeconds(30);

        private Builder(String nodeRpcUrl, String apiKey) {
            if (nodeRpcUrl == null || nodeRpcUrl.isBlank()) {
                throw new IllegalArgumentException("nodeRpcUrl is required");
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is required");
            }
            this.nodeRpcUrl = nodeRpcUrl;
            this.apiKey = apiKey;
        }

        /** The only {@code chainid} answered; 1 unless set. */
        public Builder chainId(long chainId) {
            if (chainId < 1) {
                throw new IllegalArgumentException("chainId must be positive: " + chainId);
            }
            this.chainId = chainId;
            return this;
        }

        /** Calls allowed in any sliding one-second window; 5 (Etherscan's paid tier) unless set. */
        public Builder callsPerSecond(int callsPerSecond) {
            if (callsPerSecond < 1) {
                throw new IllegalArgumentException("callsPerSecond must be at least 1: " + callsPerSecond);
            }
            this.callsPerSecond = callsPerSecond;
            return this;
        }

        /** How long a {@link Fault#TIMEOUT} holds the connection before closing it; 30 s unless set. */
        public Builder timeoutHold(Duration timeoutHold) {
            if (timeoutHold.isNegative()) {
                throw new IllegalArgumentException("timeoutHold must not be negative: " + timeoutHold);
            }
            this.timeoutHold = timeoutHold;
            return this;
        }

        public EtherscanStandin start() throws IOException {
            return new EtherscanStandin(this);
        }
    }

    /** E.g. {@code http://127.0.0.1:41234/v2/api}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * Makes {@code ratio} of the following calls answer a fault instead of data, drawn from a random
     * sequence fixed by {@code seed} so that a failing chaos run can be replayed. Without {@code kinds}
     * every kind is drawn with equal chance; a ratio of 0 turns faults off.
     */
    public void faults(double ratio, long seed, Fault... kinds) {
        if (ratio < 0 || ratio > 1) {
            throw new IllegalArgumentException("ratio must lie in [0, 1]: " + ratio);
        }
        synchronized (faultLock) {
            faultRatio = ratio;
            faultRandom = new Random(seed);
            faultKinds = kinds.length == 0 ? Fault.values() : kinds.clone();
        }
    }

    /** Every request received on {@code /v2/api}, faulted, refused or answered. */
    public long totalCalls() {
        return totalCalls.sum();
    }

    /** Requests received with this {@code action} parameter ({@code ""} counts those without one). */
    public long calls(String action) {
        LongAdder count = callsByAction.get(action);
        return count == null ? 0 : count.sum();
    }

    public Map<String, Long> callsByAction() {
        Map<String, Long> snapshot = new TreeMap<>();
        callsByAction.forEach((action, count) -> snapshot.put(action, count.sum()));
        return snapshot;
    }

    /** Calls refused by the real rate limiter; injected {@link Fault#RATE_LIMIT} answers are not included. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    public long faultCount(Fault kind) {
        return faultCounts.get(kind.ordinal());
    }

    public Map<Fault, Long> faultCounts() {
        Map<Fault, Long> snapshot = new EnumMap<>(Fault.class);
        for (Fault kind : Fault.values()) {
            snapshot.put(kind, faultCount(kind));
        }
        return snapshot;
    }

    /** JSON-RPC requests sent to the node for this method, each element of a batch counted. */
    public long nodeCalls(String method) {
        LongAdder count = nodeCalls.get(method);
        return count == null ? 0 : count.sum();
    }

    /**
     * One request as it arrived, for measuring a client: when (wall clock and {@link System#nanoTime()}), its action,
     * the getLogs range and page as sent ({@code null} when absent), and how it was answered: the records of a page,
     * 0 for "No records found", -1 for anything else that is not a rate-limit answer; {@code servedBefore} of those
     * records had been served by an earlier page; {@code clientPort}, the client's end of the connection it came on
     * (a new port is a new connection).
     */
    public record Call(long wallMillis, long nanos, String action, String fromBlock, String toBlock, String page,
                       int records, int servedBefore, boolean rateLimited, int clientPort) {
    }

    /** Every request received on {@code /v2/api} so far, in the order they arrived. */
    public List<Call> callLog() {
        List<Call> calls = new ArrayList<>(callLog);
        calls.sort(Comparator.comparingLong(Call::nanos));
        return calls;
    }

    /** Records (block, log index) that a getLogs page had already served before: what a client read twice. */
    public long recordsServedAgain() {
        return recordsServedAgain.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            long arrivedNanos = System.nanoTime();
            long arrivedMillis = System.currentTimeMillis();
            Map<String, String> params = params(exchange);
            Fault fault = drawFault();
            if (fault != null) {
                faultCounts.incrementAndGet(fault.ordinal());
            }
            // Counted after the fault, so that a test seeing the call counted also sees its fault.
            callsByAction.computeIfAbsent(params.getOrDefault("action", ""), action -> new LongAdder()).increment();
            totalCalls.increment();
            if (fault == null) {
                byte[] body = answer(params);
                callLog.add(new Call(arrivedMillis, arrivedNanos, params.getOrDefault("action", ""), params.get("fromBlock"),
                        params.get("toBlock"), params.get("page"), served.get(), servedBefore.get(),
                        body == rateLimitedAnswer.get(), exchange.getRemoteAddress().getPort()));
                served.remove();
                servedBefore.remove();
                rateLimitedAnswer.remove();
                send(exchange, 200, "application/json; charset=utf-8", body);
                return;
            }
            switch (fault) {
                case RATE_LIMIT -> send(exchange, 200, "application/json; charset=utf-8", rateLimitBody());
                case BAD_GATEWAY -> send(exchange, 502, "text/html", BAD_GATEWAY_PAGE);
                case TIMEOUT -> Thread.sleep(timeoutHold.toMillis());
                case CUT_BODY -> sendCut(exchange, answer(params));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug here must not pass for an injected fault, so it gets a status no fault uses.
            if (exchange.getResponseCode() == -1) {
                send(exchange, 500, "text/plain; charset=utf-8",
                        ("stand-in failure: " + e).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            // Closing before any response was sent drops the connection, which is what a TIMEOUT needs.
            exchange.close();
        }
    }

    private Fault drawFault() {
        synchronized (faultLock) {
            if (faultRatio == 0 || faultRandom.nextDouble() >= faultRatio) {
                return null;
            }
            return faultKinds[faultRandom.nextInt(faultKinds.length)];
        }
    }

    private byte[] answer(Map<String, String> params) throws IOException {
        if (!String.valueOf(chainId).equals(params.get("chainid"))) {
            return notOk(BAD_CHAIN);
        }
        String key = params.get("apikey");
        if (key == null || key.isEmpty()) {
            return notOk(NO_KEY);
        }
        if (!apiKey.equals(key)) {
            return notOk(BAD_KEY);
        }
        if (!admitCall()) {
            rateLimited.increment();
            byte[] refusal = rateLimitBody();
            rateLimitedAnswer.set(refusal);
            return refusal;
        }
        String module = params.getOrDefault("module", "");
        String action = params.getOrDefault("action", "");
        try {
            if (module.equals("logs") && action.equals("getLogs")) {
                return getLogs(params);
            }
            if (module.equals("proxy")) {
                return switch (action) {
                    case "eth_blockNumber" -> proxy(83, request(83, "eth_blockNumber"));
                    case "eth_call" -> proxy(1, request(1, "eth_call", callObject(params),
                            params.getOrDefault("tag", "latest")));
                    case "eth_getBlockByNumber" -> proxy(1, request(1, "eth_getBlockByNumber",
                            params.get("tag"), Boolean.parseBoolean(params.get("boolean"))));
                    default -> notOk("Error! Missing Or invalid Action name");
                };
            }
            if (module.equals("logs")) {
                return notOk("Error! Missing Or invalid Action name");
            }
            return notOk("Error! Missing Or invalid Module name");
        } catch (BadParameter e) {
            return notOk("Error! Invalid " + e.getMessage());
        } catch (NodeException e) {
            return notOk("Error! " + e.getMessage());
        }
    }

    /** Sliding window over the calls that were let through, so a client that backs off gets in again. */
    private boolean admitCall() {
        long now = System.nanoTime();
        synchronized (acceptedCallTimes) {
            while (!acceptedCallTimes.isEmpty() && now - acceptedCallTimes.peekFirst() >= 1_000_000_000L) {
                acceptedCallTimes.pollFirst();
            }
            if (acceptedCallTimes.size() >= callsPerSecond) {
                return false;
            }
            acceptedCallTimes.addLast(now);
            return true;
        }
    }

    private byte[] rateLimitBody() throws IOException {
        return notOk("Max calls per sec rate limit reached (" + callsPerSecond + "/sec)");
    }

    private static ObjectNode callObject(Map<String, String> params) {
        ObjectNode call = MAPPER.createObjectNode();
        call.put("to", params.get("to"));
        if (params.containsKey("data")) {
            call.put("data", params.get("data"));
        }
        return call;
    }

    /** Etherscan relays the node's answer, error object included, under its own fixed id. */
    private byte[] proxy(int id, ObjectNode request) throws IOException, NodeException {
        JsonNode reply = post(request);
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.put("id", id);
        if (reply.hasNonNull("error")) {
            answer.set("error", reply.get("error"));
        } else {
            answer.set("result", reply.get("result"));
        }
        return MAPPER.writeValueAsBytes(answer);
    }

    private byte[] getLogs(Map<String, String> params) throws IOException, NodeException, BadParameter {
        String address = lowerOrNull(params.get("address"));
        if (address != null && !ADDRESS.matcher(address).matches()) {
            return notOk("Error! Invalid address format");
        }
        LogFilter filter = new LogFilter(address, lowerOrNull(params.get("topic0")),
                blockRef(params.get("fromBlock"), "fromBlock", "0"),
                blockRef(params.get("toBlock"), "toBlock", "latest"));
        long page = count(params.get("page"), "page", 1);
        long offset = count(params.get("offset"), "offset", MAX_RECORDS);
        // Checked on the offset as asked, before capping, like the account endpoints that document this error.
        if (page > MAX_WINDOW || offset > MAX_WINDOW || page * offset > MAX_WINDOW) {
            return notOk(WINDOW_TOO_LARGE);
        }
        int pageSize = (int) Math.min(offset, MAX_RECORDS);
        int start = (int) ((page - 1) * pageSize);
        for (int attempt = 0; attempt < CHAIN_MOVED_ATTEMPTS; attempt++) {
            List<NodeLog> logs = logsInRange(filter);
            if (start >= logs.size()) {
                served.set(0);
                return noRecords();
            }
            try {
                List<NodeLog> pageLogs = logs.subList(start, Math.min(start + pageSize, logs.size()));
                byte[] body = ok(records(pageLogs));
                served.set(pageLogs.size());
                int again = 0;
                for (NodeLog log : pageLogs) {
                    if (recordsServed.putIfAbsent(log.block() + ":" + log.index(), Boolean.TRUE) != null) {
                        again++;
                    }
                }
                recordsServedAgain.add(again);
                servedBefore.set(again);
                return body;
            } catch (ChainMoved e) {
                rangeCache.remove(filter.key());
            }
        }
        return notOk("Error! The chain reorganised during the query, please retry");
    }

    /**
     * All logs of the range, ordered, fetched once and reused while the block that ends the range keeps
     * its hash: that hash commits to every block before it, so a reorg anywhere in the range is seen.
     */
    private List<NodeLog> logsInRange(LogFilter filter) throws NodeException {
        // calls for the pages of one range come together: the first reads the range, the others wait and reuse it
        Object lock = rangeLocks.computeIfAbsent(filter.key(), key -> new Object());
        synchronized (lock) {
            return logsInRangeOnce(filter);
        }
    }

    private List<NodeLog> logsInRangeOnce(LogFilter filter) throws NodeException {
        List<ObjectNode> anchorCalls = new ArrayList<>();
        anchorCalls.add(request(0, "eth_getBlockByNumber", "latest", false));
        if (filter.to() != null) {
            anchorCalls.add(request(1, "eth_getBlockByNumber", hex(filter.to()), false));
        }
        List<JsonNode> anchors = batch(anchorCalls);
        JsonNode head = anchors.get(0);
        JsonNode end = anchors.size() > 1 && anchors.get(1).isObject() ? anchors.get(1) : head;
        String endHash = end.path("hash").asText();
        RangeLogs cached = rangeCache.get(filter.key());
        if (cached != null && cached.endHash().equals(endHash)) {
            return cached.logs();
        }
        long from = filter.from() == null ? number(head.path("number")) : filter.from();
        long to = number(end.path("number"));
        List<NodeLog> logs = from > to ? List.of() : fetchLogs(filter, from, to);
        rangeCache.put(filter.key(), new RangeLogs(endHash, logs));
        return logs;
    }

    private List<NodeLog> fetchLogs(LogFilter filter, long from, long to) throws NodeException {
        ObjectNode criteria = MAPPER.createObjectNode();
        criteria.put("fromBlock", hex(from));
        criteria.put("toBlock", hex(to));
        if (filter.address() != null) {
            criteria.put("address", filter.address());
        }
        if (filter.topic0() != null) {
            criteria.putArray("topics").add(filter.topic0());
        }
        // No page can reach past the result window, so the range is read from the node a slice of blocks at a time
        // until it holds 10000 logs: a huge range then costs no more time or memory than those 10000 logs.
        List<NodeLog> logs = new ArrayList<>();
        long slice = FIRST_SLICE_BLOCKS;
        for (long sliceFrom = from, sliceTo; sliceFrom <= to && logs.size() < MAX_WINDOW; sliceFrom = sliceTo + 1) {
            sliceTo = Math.min(to, sliceFrom + slice - 1);
            criteria.put("fromBlock", hex(sliceFrom));
            criteria.put("toBlock", hex(sliceTo));
            JsonNode result = resultOf(post(request(1, "eth_getLogs", criteria)));
            List<NodeLog> sliceLogs = new ArrayList<>();
            for (JsonNode log : result) {
                if (!log.path("removed").asBoolean(false)) {
                    sliceLogs.add(new NodeLog(number(log.path("blockNumber")), number(log.path("logIndex")), log));
                }
            }
            sliceLogs.sort(Comparator.comparingLong(NodeLog::block).thenComparingLong(NodeLog::index));
            logs.addAll(sliceLogs);
            if (sliceLogs.size() < MAX_WINDOW / 10) {
                slice *= 2;
            }
        }
        return List.copyOf(logs.subList(0, Math.min(logs.size(), MAX_WINDOW)));
    }

    /** Etherscan's records for one page; block timestamps and receipt gas come from the node, cached by block hash. */
    private ArrayNode records(List<NodeLog> page) throws NodeException, ChainMoved {
        Map<Long, String> missing = new LinkedHashMap<>();
        for (NodeLog log : page) {
            if (!blockCache.containsKey(log.blockHash())) {
                missing.putIfAbsent(log.block(), log.blockHash());
            }
        }
        List<Long> numbers = new ArrayList<>(missing.keySet());
        for (int first = 0; first < numbers.size(); first += BLOCKS_PER_BATCH) {
            List<Long> chunk = numbers.subList(first, Math.min(first + BLOCKS_PER_BATCH, numbers.size()));
            List<ObjectNode> calls = new ArrayList<>();
            for (long number : chunk) {
                calls.add(request(calls.size(), "eth_getBlockByNumber", hex(number), false));
                calls.add(request(calls.size(), "eth_getBlockReceipts", hex(number)));
            }
            List<JsonNode> results = batch(calls);
            for (int i = 0; i < chunk.size(); i++) {
                JsonNode block = results.get(2 * i);
                if (block.isObject()) {
                    blockCache.put(block.path("hash").asText().toLowerCase(Locale.ROOT),
                            BlockInfo.of(block, results.get(2 * i + 1)));
                }
            }
        }
        ArrayNode records = MAPPER.createArrayNode();
        for (NodeLog log : page) {
            BlockInfo block = blockCache.get(log.blockHash());
            TxGas gas = block == null ? null : block.gasByTx().get(log.txHash());
            if (gas == null) {
                throw new ChainMoved();
            }
            records.add(record(log.raw(), block.timestamp(), gas));
        }
        return records;
    }

    private static ObjectNode record(JsonNode log, String timestamp, TxGas gas) {
        ObjectNode record = MAPPER.createObjectNode();
        record.put("address", log.path("address").asText().toLowerCase(Locale.ROOT));
        ArrayNode topics = record.putArray("topics");
        log.path("topics").forEach(topic -> topics.add(topic.asText().toLowerCase(Locale.ROOT)));
        record.put("data", log.path("data").asText("0x").toLowerCase(Locale.ROOT));
        record.put("blockNumber", etherscanHex(log.path("blockNumber").asText()));
        record.put("blockHash", log.path("blockHash").asText().toLowerCase(Locale.ROOT));
        record.put("timeStamp", timestamp);
        record.put("gasPrice", gas.gasPrice());
        record.put("gasUsed", gas.gasUsed());
        record.put("logIndex", etherscanHex(log.path("logIndex").asText()));
        record.put("transactionHash", log.path("transactionHash").asText().toLowerCase(Locale.ROOT));
        record.put("transactionIndex", etherscanHex(log.path("transactionIndex").asText()));
        return record;
    }

    /** Etherscan writes quantities without leading zeros, and zero as a bare {@code "0x"}. */
    private static String etherscanHex(String quantity) {
        String digits = quantity.startsWith("0x") || quantity.startsWith("0X") ? quantity.substring(2) : quantity;
        int firstSignificant = 0;
        while (firstSignificant < digits.length() && digits.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        return "0x" + digits.substring(firstSignificant).toLowerCase(Locale.ROOT);
    }

    private ObjectNode request(int id, String method, Object... params) {
        nodeCalls.computeIfAbsent(method, m -> new LongAdder()).increment();
        ObjectNode request = MAPPER.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", MAPPER.valueToTree(params));
        return request;
    }

    /** Results of a JSON-RPC batch in request order; requests must be numbered 0..n-1. */
    private List<JsonNode> batch(List<ObjectNode> requests) throws NodeException {
        JsonNode replies = post(MAPPER.createArrayNode().addAll(requests));
        if (!replies.isArray()) {
            throw new NodeException("batch refused: " + resultOf(replies));
        }
        JsonNode[] results = new JsonNode[requests.size()];
        for (JsonNode reply : replies) {
            int id = reply.path("id").asInt(-1);
            if (id >= 0 && id < results.length) {
                results[id] = resultOf(reply);
            }
        }
        for (JsonNode result : results) {
            if (result == null) {
                throw new NodeException("batch answer lacks a reply");
            }
        }
        return List.of(results);
    }

    private JsonNode post(JsonNode payload) throws NodeException {
        try {
            HttpRequest request = HttpRequest.newBuilder(nodeUrl)
                    .timeout(NODE_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(payload)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new NodeException("node answered HTTP " + response.statusCode());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new NodeException("node unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException("interrupted");
        }
    }

    private static JsonNode resultOf(JsonNode reply) throws NodeException {
        if (reply.hasNonNull("error")) {
            throw new NodeException(reply.get("error").path("message").asText("node error"));
        }
        return reply.path("result");
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Announces the whole body, sends half; closing the short stream makes the server drop the connection. */
    private static void sendCut(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
    }

    private static Map<String, String> params(HttpExchange exchange) throws IOException {
        Map<String, String> params = new HashMap<>();
        addParams(exchange.getRequestURI().getRawQuery(), params);
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            addParams(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
        }
        return params;
    }

    private static void addParams(String encoded, Map<String, String> params) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    /** A decimal block number, or {@code null} for {@code latest}. */
    private static Long blockRef(String value, String name, String absent) throws BadParameter {
        String given = value == null || value.isEmpty() ? absent : value;
        if (given.equals("latest")) {
            return null;
        }
        if (!DECIMAL.matcher(given).matches()) {
            throw new BadParameter(name);
        }
        return Long.parseLong(given);
    }

    private static long count(String value, String name, long absent) throws BadParameter {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (!DECIMAL.matcher(value).matches() || Long.parseLong(value) < 1) {
            throw new BadParameter(name);
        }
        return Long.parseLong(value);
    }

    private static String lowerOrNull(String value) {
        return value == null || value.isEmpty() ? null : value.toLowerCase(Locale.ROOT);
    }

    private static long number(JsonNode quantity) throws NodeException {
        String text = quantity.asText();
        if (!text.startsWith("0x") || text.length() < 3) {
            throw new NodeException("node sent a malformed quantity: " + quantity);
        }
        return Long.parseLong(text.substring(2), 16);
    }

    private static String hex(long number) {
        return "0x" + Long.toHexString(number);
    }

    private static byte[] ok(ArrayNode result) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "1");
        body.put("message", "OK");
        body.set("result", result);
        return MAPPER.writeValueAsBytes(body);
    }

    private static byte[] noRecords() throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "0");
        body.put("message", "No records found");
        body.putArray("result");
        return MAPPER.writeValueAsBytes(body);
    }

    private static byte[] notOk(String result) throws IOException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", "0");
        body.put("message", "NOTOK");
        body.put("result", result);
        return MAPPER.writeValueAsBytes(body);
    }

    private static <K, V> Map<K, V> lruMap(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /** {@code from}/{@code to} are {@code null} for {@code latest}. */
    private record LogFilter(String address, String topic0, Long from, Long to) {
        String key() {
            return address + '|' + topic0 + '|' + from + '|' + to;
        }
    }

    private record RangeLogs(String endHash, List<NodeLog> logs) {
    }

    private record NodeLog(long block, long index, JsonNode raw) {
        String blockHash() {
            return raw.path("blockHash").asText().toLowerCase(Locale.ROOT);
        }

        String txHash() {
            return raw.path("transactionHash").asText().toLowerCase(Locale.ROOT);
        }
    }

    private record TxGas(String gasPrice, String gasUsed) {
    }

    /** Etherscan's gasPrice is what the transaction paid, so the receipt's effectiveGasPrice. */
    private record BlockInfo(String timestamp, Map<String, TxGas> gasByTx) {
        static BlockInfo of(JsonNode block, JsonNode receipts) {
            Map<String, TxGas> gasByTx = new HashMap<>();
            for (JsonNode receipt : receipts) {
                gasByTx.put(receipt.path("transactionHash").asText().toLowerCase(Locale.ROOT),
                        new TxGas(etherscanHex(receipt.path("effectiveGasPrice").asText()),
                                etherscanHex(receipt.path("gasUsed").asText())));
            }
            return new BlockInfo(etherscanHex(block.path("timestamp").asText()), gasByTx);
        }
    }

    private static final class NodeException extends Exception {
        NodeException(String message) {
            super(message);
        }
    }

    private static final class BadParameter extends Exception {
        BadParameter(String name) {
            super(name);
        }
    }

    /** A block's hash no longer matches its logs: the cached range is stale. */
    private static final class ChainMoved extends Exception {
    }
}

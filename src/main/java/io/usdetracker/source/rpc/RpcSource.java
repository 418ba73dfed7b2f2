package io.usdetracker.source.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.usdetracker.source.AskedAhead;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceConfigurationException;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import io.usdetracker.transfer.TransferDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfer logs from any Ethereum JSON-RPC node with {@code eth_getLogs}. Ranges adapt: a provider's refusal
 * names the next range (or the range is halved), and the range doubles again after a few successes. Each
 * {@code eth_getLogs} travels in one batch with {@code eth_getBlockByNumber} of the range's last block: a node
 * (or a load-balanced backend) that does not know that block yet may answer with missing logs, so its answer is
 * not trusted. Logs flagged {@code removed} (dropped by a reorg) are not transfers.
 *
 * <p>The range grows only while answers hold fewer than {@value #GROW_BELOW_LOGS} logs (what providers cap an answer
 * at), so that one answer's memory stays bounded on a node that caps nothing. While behind, the next range is asked
 * for as soon as an answer arrives, from a thread of its own, while the sync records and queues the batch just
 * returned; an answer that is not the one asked for next (the tip moved, a refusal narrowed the range) is dropped.
 */
public class RpcSource implements LogSource {

    private static final Logger LOG = LoggerFactory.getLogger(RpcSource.class);
    private static final int SUCCESSES_BEFORE_GROWING = 3;
    private static final int MAX_REFUSALS = 40;
    private static final int GROW_BELOW_LOGS = 10_000;

    /** Which block the sync may reach: head less confirmations, or the node's finalized block. */
    public enum Tip {
        CONFIRMATIONS, FINALIZED
    }

    private final RpcClient client;
    private final String token;
    private final long chainId;
    private final Tip tipMode;
    private final long maxRange;
    private final SourceStats stats;
    private long range;
    private int successes;
    private volatile boolean chainChecked;
    private Ahead ahead;
    private final ExecutorService caller = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "rpc-ahead");
        thread.setDaemon(true);
        return thread;
    });

    /** The range asked for ahead and its answer to come. */
    private record Ahead(long from, long to, CompletableFuture<List<Object>> answer) {
    }

    public RpcSource(RpcClient client, String token, long chainId, Tip tipMode, long initialRange, long maxRange,
                     SourceStats stats) {
        this.client = client;
        this.token = token;
        this.chainId = chainId;
        this.tipMode = tipMode;
        this.range = initialRange;
        this.maxRange = Math.max(initialRange, maxRange);
        this.stats = stats;
    }

    @Override
    public long head() {
        checkChain();
        return Hex.longQuantity(client.call("eth_blockNumber").asText());
    }

    @Override
    public String ethCall(String to, String data) {
        return ethCall(to, data, "latest");
    }

    @Override
    public String ethCallAt(String to, String data, long block) {
        return ethCall(to, data, Hex.toQuantity(block));
    }

    private String ethCall(String to, String data, String block) {
        checkChain();
        JsonNode result;
        try {
            result = client.call("eth_call", Map.of("to", to, "data", data), block);
        } catch (RpcError e) {
            throw new SourceUnavailableException("eth_call to " + to + " at block " + block + " refused by "
                    + client.shownAs() + ": " + e.getMessage());
        }
        if (result == null || !result.isTextual()) {
            throw new SourceUnavailableException("eth_call to " + to + " at " + client.shownAs() + " gave no result");
        }
        return result.asText();
    }

    @Override
    public String blockHash(long number) {
        checkChain();
        JsonNode block = client.call("eth_getBlockByNumber", Hex.toQuantity(number), false);
        return block == null || block.isNull() ? null : block.path("hash").asText(null);
    }

    @Override
    public long tip(int confirmations) {
        if (tipMode == Tip.FINALIZED) {
            checkChain();
            JsonNode block = client.call("eth_getBlockByNumber", "finalized", false);
            if (block == null || block.isNull()) {
                throw new SourceUnavailableException("the node at " + client.shownAs() + " has no finalized block");
            }
            return Hex.longQuantity(block.get("number").asText());
        }
        return head() - confirmations;
    }

    @Override
    public synchronized Batch next(long from, long tip) {
        for (int refusals = 0; refusals < MAX_REFUSALS; refusals++) {
            long to = Math.min(tip, from + range - 1);
            List<Object> answers;
            try {
                answers = logsAndBlock(from, to);
            } catch (RpcError e) {
                OptionalLong advice = RangeAdvice.nextRange(e.getMessage(), from, to - from + 1);
                if (advice.isEmpty()) {
                    throw new SourceUnavailableException("eth_getLogs refused by " + client.shownAs() + ": " + e.getMessage());
                }
                range = advice.getAsLong();
                successes = 0;
                LOG.info("eth_getLogs over {} blocks refused ({}); asking for {} blocks", to - from + 1, e.getMessage(), range);
                continue;
            }
            JsonNode lastBlock = (JsonNode) answers.get(0);
            if (lastBlock == null || lastBlock.isNull()) {
                throw new SourceUnavailableException("the node at " + client.shownAs() + " does not know block " + to
                        + " yet; its logs up to there are not trusted");
            }
            String toHash = lastBlock.path("hash").asText(null);
            List<RawLog> logs = logs(answers.get(1), from, to, toHash);
            stats.logsFetched(logs.size());
            if (logs.size() >= GROW_BELOW_LOGS) {
                successes = 0;
            } else if (++successes >= SUCCESSES_BEFORE_GROWING && range < maxRange) {
                range = Math.min(maxRange, range * 2);
                successes = 0;
            }
            if (to < tip) {
                long nextFrom = to + 1;
                long nextTo = Math.min(tip, nextFrom + range - 1);
                ahead = new Ahead(nextFrom, nextTo, CompletableFuture.supplyAsync(() -> call(nextFrom, nextTo), caller));
            }
            return new Batch(from, to, logs, toHash);
        }
        throw new SourceUnavailableException("eth_getLogs from block " + from + " refused " + MAX_REFUSALS + " times");
    }


    /** The answer for blocks from..to: the one asked for ahead when it was this range, else a call now. */
    private List<Object> logsAndBlock(long from, long to) {
        Ahead sent = ahead;
        ahead = null;
        if (sent == null || sent.from() != from || sent.to() != to) {
            return call(from, to);
        }
        return AskedAhead.answer(sent.answer());
    }

    /** The range's last block first, then its logs: a log of that block under another hash shows a reorg between. */
    private List<Object> call(long from, long to) {
        return client.batch(List.of(
                new RpcClient.Call("eth_getBlockByNumber", Hex.toQuantity(to), false),
                new RpcClient.Call("eth_getLogs", Map.of(
                        "address", token,
                        "topics", List.of(TransferDecoder.TRANSFER_TOPIC),
                        "fromBlock", Hex.toQuantity(from),
                        "toBlock", Hex.toQuantity(to)))));
    }

    @Override
    public String describe() {
        return "JSON-RPC node at " + client.shownAs() + " (tip: " + tipMode.name().toLowerCase() + ")";
    }

    /** The logs of the answer; one of block {@code to} under another hash means the chain moved between the calls. */
    private List<RawLog> logs(Object result, long from, long to, String toHash) {
        if (!(result instanceof List<?> answered)) {
            throw new SourceUnavailableException("eth_getLogs answered without a list of logs");
        }
        List<RawLog> logs = new ArrayList<>(answered.size());
        for (Object each : answered) {
            RawLog log = (RawLog) each;
            if (log.isRemoved()) {
                continue;
            }
            long block = Hex.longQuantity(log.blockNumber());
            if (block < from || block > to) {
                throw new SourceUnavailableException("eth_getLogs for blocks " + from + ".." + to + " answered a log of block " + block);
            }
            if (block == to && toHash != null && log.blockHash() != null && !toHash.equalsIgnoreCase(log.blockHash())) {
                throw new SourceUnavailableException("block " + to + " changed while it was read (hash " + toHash
                        + ", then a log of " + log.blockHash() + "): a reorganisation; reading it again");
            }
            logs.add(log);
        }
        return logs;
    }

    private void checkChain() {
        if (chainChecked) {
            return;
        }
        long served = Hex.longQuantity(client.call("eth_chainId").asText());
        if (served != chainId) {
            throw new SourceConfigurationException("the node at " + client.shownAs() + " serves chain " + served
                    + ", not chain " + chainId + " (set CHAIN_ID, or point RPC_URL at the right network)");
        }
        chainChecked = true;
    }
}

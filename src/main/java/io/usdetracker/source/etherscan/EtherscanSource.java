package io.usdetracker.source.etherscan;

import com.fasterxml.jackson.databind.JsonNode;
import io.usdetracker.source.AskedAhead;
import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.SourceUnavailableException;
import io.usdetracker.transfer.Hex;
import io.usdetracker.transfer.RawLog;
import io.usdetracker.transfer.TransferDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Transfer logs from Etherscan's {@code logs/getLogs}: at most 1000 records a call, pages up to
 * page x offset = 10000, records ordered by block then log index.
 *
 * <p>A window runs from the next block to the tip and is read page after page. A full page may end in the
 * middle of a block, so the records of its last block are held back until the next page completes it; only
 * whole blocks are handed on. When the next page would pass the 10000-record window, the next window goes on from a
 * block whose records are in hand, at the page that holds the first record not yet read (see continuation): the
 * held block is not read again from its first record. A query time-out narrows the window, which grows back after
 * successes.
 *
 * <p>The next pages of a window are known before their answers arrive, so up to {@value #AHEAD} calls are kept in
 * flight, from threads of their own, while the sync records and queues the batch just returned: calls leave as fast
 * as the rate limiter lets them, not one answer and one batch's processing after another. A new window's first pages
 * go together, as many as the last full page's density says it holds; only the window after a full tenth page has to
 * wait for that page's answer (it starts from what that page held). An answer that is not the one asked for next
 * (the tip moved, a narrower window, a window that ended early) is dropped.
 */
public class EtherscanSource implements LogSource {

    static final int PAGE_SIZE = 1000;
    static final int RESULT_WINDOW = 10_000;
    private static final long MAX_WINDOW_BLOCKS = 1_000_000;

    private final EtherscanClient client;
    private final String token;
    private final SourceStats stats;
    private final String endpointName;
    private long windowBlocks = MAX_WINDOW_BLOCKS;
    /** Records a block on the last full page, to guess how many pages a new window holds; negative before one. */
    private double recordsPerBlock = -1;
    private Paging paging;
    private static final int AHEAD = 3;
    private static final int MIN_PAGES_AFTER_RESTART = 5;
    private final Deque<Ahead> ahead = new ArrayDeque<>();
    private final ExecutorService caller = Executors.newFixedThreadPool(AHEAD, task -> {
        Thread thread = new Thread(task, "etherscan-ahead");
        thread.setDaemon(true);
        return thread;
    });

    /** The call sent ahead: its parameters and its answer to come. */
    private record Ahead(Map<String, String> params, CompletableFuture<JsonNode> answer) {
    }

    public EtherscanSource(EtherscanClient client, String token, SourceStats stats, String endpointName) {
        this.client = client;
        this.token = token;
        this.stats = stats;
        this.endpointName = endpointName;
    }

    /** Where a window stands between calls: which page comes next and the records of the unfinished block. */
    private static final class Paging {
        final long windowFrom;
        final long windowTo;
        long nextBlock;
        int page = 1;
        /** Records at the start of the next page that are already in hand (the last of them is held's last). */
        int known;
        /** The latest block that began exactly at the first record of a page (page 2 or later), and that page. */
        long pageStartBlock = -1;
        int pageStartPage;
        /** Read before the window's first page, so that it never vouches for logs of a chain that came after. */
        String windowToHash;
        List<RawLog> held = new ArrayList<>();

        Paging(long windowFrom, long windowTo) {
            this.windowFrom = windowFrom;
            this.windowTo = windowTo;
            this.nextBlock = windowFrom;
        }
    }

    @Override
    public long head() {
        JsonNode body = client.call(Map.of("module", "proxy", "action", "eth_blockNumber"));
        if (body == null || !body.path("result").isTextual()) {
            throw new SourceUnavailableException("Etherscan eth_blockNumber gave no block number");
        }
        return Hex.longQuantity(body.get("result").asText());
    }

    @Override
    public String ethCall(String to, String data) {
        return ethCall(to, data, "latest");
    }

    @Override
    public String ethCallAt(String to, String data, long block) {
        return ethCall(to, data, Hex.toQuantity(block));
    }

    private String ethCall(String to, String data, String tag) {
        JsonNode body = client.call(Map.of("module", "proxy", "action", "eth_call", "to", to, "data", data, "tag", tag));
        if (body == null || !body.path("result").isTextual()) {
            throw new SourceUnavailableException("Etherscan eth_call to " + to + " at block " + tag + " gave no result");
        }
        return body.get("result").asText();
    }

    @Override
    public String blockHash(long number) {
        JsonNode body = client.call(Map.of("module", "proxy", "action", "eth_getBlockByNumber",
                "tag", Hex.toQuantity(number), "boolean", "false"));
        JsonNode block = body == null ? null : body.get("result");
        if (block == null || block.isNull()) {
            return null;
        }
        if (!block.path("hash").isTextual()) {
            throw new SourceUnavailableException("Etherscan eth_getBlockByNumber " + number + " gave no block hash");
        }
        return block.get("hash").asText();
    }

    @Override
    public long tip(int confirmations) {
        return head() - confirmations;
    }

    @Override
    public synchronized Batch next(long from, long tip) {
        if (paging == null || paging.nextBlock != from || paging.windowTo > tip) {
            paging = new Paging(from, Math.min(tip, from + windowBlocks - 1));
        }
        if (paging.windowToHash == null) {
            paging.windowToHash = blockHash(paging.windowTo);
            sendAhead(paging.windowFrom, paging.windowTo, 1, likelyPages(paging.windowFrom, paging.windowTo));
        }
        Paging p = paging;
        List<RawLog> answered;
        try {
            answered = page(p.windowFrom, p.windowTo, p.page);
        } catch (EtherscanClient.NarrowRangeException e) {
            return narrow(p, tip);
        }
        stats.logsFetched(answered.size());
        List<RawLog> records = withoutKnown(p, answered);
        if (answered.size() < PAGE_SIZE) {
            List<RawLog> logs = p.held;
            logs.addAll(records);
            paging = null;
            windowBlocks = Math.min(MAX_WINDOW_BLOCKS, windowBlocks * 2);
            if (p.windowTo < tip) {
                startNextWindow(p.windowTo + 1, Math.min(tip, p.windowTo + windowBlocks));
            }
            return new Batch(p.nextBlock, p.windowTo, logs, p.windowToHash);
        }
        long firstBlock = Hex.longQuantity(records.get(0).blockNumber());
        if (p.known == 0 && p.page > 1 && (p.held.isEmpty() || firstBlock != blockOf(p.held))) {
            p.pageStartBlock = firstBlock;
            p.pageStartPage = p.page;
        }
        long lastBlock = Hex.longQuantity(records.get(records.size() - 1).blockNumber());
        List<RawLog> complete = new ArrayList<>();
        List<RawLog> held = new ArrayList<>();
        p.held.addAll(records);
        for (RawLog r : p.held) {
            (Hex.longQuantity(r.blockNumber()) < lastBlock ? complete : held).add(r);
        }
        Batch batch = new Batch(p.nextBlock, lastBlock - 1, complete);
        if ((long) (p.page + 1) * PAGE_SIZE > RESULT_WINDOW) {
            if (lastBlock == p.windowFrom) {
                throw new SourceUnavailableException("block " + lastBlock + " holds more than " + RESULT_WINDOW
                        + " Transfer logs, more than Etherscan can page through; use a JSON-RPC node (RPC_URL)");
            }
            paging = continuation(p, lastBlock, held);
        } else {
            p.page++;
            p.known = 0;
            p.nextBlock = lastBlock;
            p.held = held;
        }
        recordsPerBlock = (double) records.size() / Math.max(1, lastBlock - firstBlock + 1);
        sendAhead(paging.windowFrom, paging.windowTo, paging.page, likelyPages(lastBlock, paging.windowTo));
        return batch;
    }

    /**
     * The window after a full tenth page, which ended in block {@code lastBlock} with {@code held} of its records in
     * hand. Records come in block order, so the records of a window from block R are those of this window from R's
     * first record on: the next window from R goes on at the page that holds the first record not yet read, with the
     * records before it on that page already in hand. Only whole pages can be skipped, so R is chosen to lose least:
     * a block that began a page loses nothing (when it leaves at least {@value #MIN_PAGES_AFTER_RESTART} pages to the
     * next window); else the held block, whose records in hand on its last page are read again.
     */
    private static Paging continuation(Paging p, long lastBlock, List<RawLog> held) {
        boolean fromPageStart = held.size() % PAGE_SIZE != 0 && p.pageStartBlock > p.windowFrom
                && p.pageStartPage - 1 >= MIN_PAGES_AFTER_RESTART;
        Paging next;
        if (fromPageStart) {
            next = new Paging(p.pageStartBlock, p.windowTo);
            next.page = RESULT_WINDOW / PAGE_SIZE + 2 - p.pageStartPage;
        } else {
            next = new Paging(lastBlock, p.windowTo);
            next.page = held.size() / PAGE_SIZE + 1;
            next.known = held.size() % PAGE_SIZE;
        }
        next.nextBlock = lastBlock;
        next.held = held;
        next.windowToHash = p.windowToHash;
        return next;
    }

    /**
     * The records of a page less those already in hand at its start. They must end with the last record held, from
     * the same block hash when the answers carry one: if they do not, the chain's records moved (a reorganisation)
     * since the held ones were read, and the window starts again from its next block.
     */
    private List<RawLog> withoutKnown(Paging p, List<RawLog> answered) {
        if (p.known == 0) {
            return answered;
        }
        RawLog lastHeld = p.held.get(p.held.size() - 1);
        if (answered.size() < p.known || !sameRecord(answered.get(p.known - 1), lastHeld)) {
            paging = null;
            throw new SourceUnavailableException("Etherscan's records of blocks " + p.windowFrom + ".." + p.windowTo
                    + " moved between pages; the window starts again at block " + p.nextBlock);
        }
        return answered.subList(p.known, answered.size());
    }

    private static boolean sameRecord(RawLog a, RawLog b) {
        return Hex.longQuantity(a.blockNumber()) == Hex.longQuantity(b.blockNumber())
                && Hex.longQuantity(a.logIndex()) == Hex.longQuantity(b.logIndex())
                && a.transactionHash().equalsIgnoreCase(b.transactionHash())
                && (a.blockHash() == null || b.blockHash() == null || a.blockHash().equalsIgnoreCase(b.blockHash()));
    }

    private static long blockOf(List<RawLog> records) {
        return Hex.longQuantity(records.get(records.size() - 1).blockNumber());
    }

    /**
     * Opens the next window now, so that its first page is in flight while this batch is applied: its last block's
     * hash is read first, as next() would, so that the hash never vouches for logs of a chain that came after. A
     * failure leaves it to next(), which reads the hash again.
     */
    private void startNextWindow(long from, long to) {
        Paging next = new Paging(from, to);
        try {
            next.windowToHash = blockHash(to);
        } catch (SourceUnavailableException e) {
            return;
        }
        paging = next;
        sendAhead(from, to, 1, likelyPages(from, to));
    }

    /**
     * How many pages blocks {@code from..to} likely hold at the density of the last full page, a fifth less to spare
     * calls near a window's end. Before any full page, 2: a page sent ahead in vain once is cheaper than a window's
     * second page waiting for its first, which is the slowest (the server reads the range then).
     */
    private int likelyPages(long from, long to) {
        if (recordsPerBlock < 0) {
            return 2;
        }
        return (int) (recordsPerBlock * (to - from + 1) / (PAGE_SIZE * 1.2));
    }

    private Batch narrow(Paging p, long tip) {
        long span = p.windowTo - p.windowFrom + 1;
        if (span <= 1 || p.page > 1) {
            if (p.page == 1) {
                throw new SourceUnavailableException("Etherscan cannot answer for block " + p.windowFrom + " alone");
            }
            paging = new Paging(p.nextBlock, p.windowTo);
            paging.windowToHash = p.windowToHash;
            return new Batch(p.nextBlock, p.nextBlock - 1, List.of());
        }
        windowBlocks = Math.max(1, span / 2);
        paging = new Paging(p.windowFrom, Math.min(tip, p.windowFrom + windowBlocks - 1));
        return new Batch(p.nextBlock, p.nextBlock - 1, List.of());
    }


    @Override
    public String describe() {
        return "Etherscan at " + endpointName;
    }

    private Map<String, String> pageParams(long from, long to, int page) {
        return Map.of(
                "module", "logs",
                "action", "getLogs",
                "address", token,
                "topic0", TransferDecoder.TRANSFER_TOPIC,
                "fromBlock", Long.toString(from),
                "toBlock", Long.toString(to),
                "page", Integer.toString(page),
                "offset", Integer.toString(PAGE_SIZE));
    }

    /**
     * Keeps pages {@code page} onwards of the window in flight: the next one, which is needed, and as many more as
     * the window likely holds ({@code likelyPages}), up to {@value #AHEAD} and the result window. A page sent ahead
     * that the window turns out not to need is a call wasted, so few are sent near a window's end.
     */
    private void sendAhead(long from, long to, int page, int likelyPages) {
        int pages = Math.max(1, Math.min(AHEAD, likelyPages));
        for (int p = page; p < page + pages && (long) p * PAGE_SIZE <= RESULT_WINDOW; p++) {
            Map<String, String> params = pageParams(from, to, p);
            if (ahead.stream().noneMatch(a -> a.params().equals(params))) {
                ahead.addLast(new Ahead(params, CompletableFuture.supplyAsync(() -> client.call(params), caller)));
            }
        }
    }

    /** The answer to {@code params}: the call sent ahead when it was this one (earlier ones are dropped), else a call now. */
    private JsonNode answer(Map<String, String> params) {
        Ahead sent = null;
        while (!ahead.isEmpty() && sent == null) {
            Ahead first = ahead.removeFirst();
            if (first.params().equals(params)) {
                sent = first;
            }
        }
        if (sent == null) {
            return client.call(params);
        }
        return AskedAhead.answer(sent.answer());
    }

    private List<RawLog> page(long from, long to, int page) {
        JsonNode body = answer(pageParams(from, to, page));
        if (body == null) {
            return new ArrayList<>();
        }
        JsonNode result = body.get("result");
        if (result == null || !result.isArray()) {
            throw new SourceUnavailableException("Etherscan getLogs answered without a list of records");
        }
        List<RawLog> logs = new ArrayList<>(result.size());
        for (JsonNode node : result) {
            logs.add(RawLog.of(node));
        }
        return logs;
    }
}

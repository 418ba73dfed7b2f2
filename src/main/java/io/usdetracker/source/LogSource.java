package io.usdetracker.source;

import io.usdetracker.transfer.RawLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Transfer logs come from: the Etherscan API or a JSON-RPC node. Both are asked only for the tracked
 * contract's logs with the Transfer topic, and both promise whole blocks: a batch covering blocks
 * {@code from..to} holds every matching log of those blocks.
 */
public interface LogSource {

    /** The newest block the source knows. */
    long head();

    /** The newest block the sync may apply: the head less the confirmations, or the source's finalized block. */
    long tip(int confirmations);

    /**
     * The next batch starting at {@code from}, never beyond {@code tip}. It may cover fewer blocks than asked
     * for (a page ended in the middle of a block, a range was narrowed), even none, but never skips one.
     */
    Batch next(long from, long tip);

    /** Every matching log of blocks {@code from..to}, in order, however many calls that takes. */
    default List<RawLog> logsOf(long from, long to) {
        List<RawLog> all = new ArrayList<>();
        long next = from;
        while (next <= to) {
            Batch batch = next(next, to);
            all.addAll(batch.logs());
            next = batch.to() + 1;
        }
        return all;
    }

    /**
     * A read-only {@code eth_call} of contract {@code to} at the latest block, for what only the token can tell
     * (its {@code decimals()}): {@code data} is the ABI-encoded call, the answer the raw ABI-encoded result.
     */
    String ethCall(String to, String data);

    /** The same call as of block {@code block}; a source that cannot answer for that block throws. */
    String ethCallAt(String to, String data, long block);

    /** The hash of block {@code number} on the source's chain now (0x-hex), or null when it does not know the block. */
    String blockHash(long number);

    /** What the log lines and the status call a source: never a key. */
    String describe();

    /**
     * Logs of blocks {@code from..to}, all of them. {@code to == from - 1} means nothing was covered yet,
     * and then {@code logs} is empty. {@code toHash} is the hash of block {@code to} when the source read it
     * before the logs (null otherwise): a reorganisation between the two then shows as a mismatch later, never
     * as a hash that vouches for logs of another chain.
     */
    record Batch(long from, long to, List<RawLog> logs, String toHash) {

        public Batch(long from, long to, List<RawLog> logs) {
            this(from, to, logs, null);
        }

        public long blocks() {
            return to - from + 1;
        }
    }
}

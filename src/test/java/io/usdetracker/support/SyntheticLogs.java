package io.usdetracker.support;

import io.usdetracker.transfer.RawLog;
import io.usdetracker.transfer.TransferDecoder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Transfer logs of one token, written the way a chain would hold them (ordered by block and log index, unique
 * transaction hashes), with the expected balance of every address computed independently of the tracker.
 */
public final class SyntheticLogs {

    public static final String TOKEN = "0x4c9edd5852cd905f086c759e8383e09bff1e68b3";
    public static final String ZERO = "0000000000000000000000000000000000000000";
    public static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final String token;
    private final List<RawLog> logs = new ArrayList<>();
    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Random random;
    private final List<String> holders = new ArrayList<>();
    private int txCounter;

    public SyntheticLogs(long seed, int holderCount) {
        this(seed, holderCount, TOKEN);
    }

    /** Logs of another token than USDe's, at {@code token} (0x-prefixed, lower case). */
    public SyntheticLogs(long seed, int holderCount, String token) {
        this.token = token;
        random = new Random(seed);
        for (int i = 1; i <= holderCount; i++) {
            holders.add(String.format(Locale.ROOT, "%040x", BigInteger.valueOf(i).multiply(BigInteger.valueOf(0x1000193))));
        }
    }

    /** {@code count} transfers spread over blocks from {@code firstBlock}, {@code perBlock} logs in each block. */
    public SyntheticLogs transfers(long firstBlock, int count, int perBlock) {
        for (int i = 0; i < count; i++) {
            long block = firstBlock + i / perBlock;
            int logIndex = i % perBlock;
            String from = i % 17 == 0 ? ZERO : pick();
            String to = i % 23 == 0 ? ZERO : pick();
            if (i % 31 == 0) {
                to = from;
            }
            BigInteger amount = i % 29 == 0 ? BigInteger.ZERO : new BigInteger(96, random);
            add(block, logIndex, from, to, amount);
        }
        return this;
    }

    public SyntheticLogs add(long block, int logIndex, String from, String to, BigInteger amount) {
        String tx = String.format(Locale.ROOT, "0x%064x", ++txCounter);
        logs.add(new RawLog(token, List.of(TransferDecoder.TRANSFER_TOPIC, topic(from), topic(to)), word(amount),
                "0x" + Long.toHexString(block), String.format(Locale.ROOT, "0x%064x", block),
                "0x" + Long.toHexString(1_700_000_000L + block * 12), "0x" + Integer.toHexString(logIndex), tx, null));
        balances.merge(from, amount.negate(), BigInteger::add);
        balances.merge(to, amount, BigInteger::add);
        return this;
    }

    /** An ERC-721-shaped log with the Transfer topic: must land in quarantine, not in balances. */
    public SyntheticLogs addErc721Shaped(long block, int logIndex) {
        String tx = String.format(Locale.ROOT, "0x%064x", ++txCounter);
        logs.add(new RawLog(token, List.of(TransferDecoder.TRANSFER_TOPIC, topic(pick()), topic(pick()), word(BigInteger.ONE)),
                "0x", "0x" + Long.toHexString(block), null, null, "0x" + Integer.toHexString(logIndex), tx, null));
        return this;
    }

    public List<RawLog> logs() {
        return logs;
    }

    /** Expected balance per address (40 hex digits), zero address included. */
    public Map<String, BigInteger> balances() {
        return balances;
    }

    private String pick() {
        return holders.get(random.nextInt(holders.size()));
    }

    public static String topic(String address) {
        return "0x000000000000000000000000" + address;
    }

    public static String word(BigInteger value) {
        return String.format(Locale.ROOT, "0x%064x", value);
    }
}

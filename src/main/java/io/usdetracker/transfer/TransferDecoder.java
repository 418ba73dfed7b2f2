package io.usdetracker.transfer;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Accepts exactly the ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)} logs of
 * one contract and sends every other log to quarantine with the reason. The same topic0 is used by ERC-721
 * (4 topics, no data), so the shape is checked, not only the topic.
 */
public final class TransferDecoder {

    public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private static final String ADDRESS_PADDING = "000000000000000000000000";

    private final String token;

    /** @param token the tracked contract, 0x-prefixed, any case */
    public TransferDecoder(String token) {
        this.token = token.toLowerCase(Locale.ROOT);
    }

    public DecodedLog decode(RawLog log) {
        long block;
        int logIndex;
        String txHash;
        try {
            block = Hex.longQuantity(log.blockNumber());
            logIndex = Math.toIntExact(Hex.longQuantity(log.logIndex()));
            txHash = Hex.fixedBytes(log.transactionHash(), 32);
        } catch (RuntimeException e) {
            return new Quarantined(-1, String.valueOf(log.transactionHash()), -1,
                    "unreadable position (blockNumber, logIndex or transactionHash): " + e.getMessage(), log);
        }
        String reason = shapeProblem(log);
        if (reason != null) {
            return new Quarantined(block, txHash, logIndex, reason, log);
        }
        String from = topicAddress(log.topics().get(1));
        String to = topicAddress(log.topics().get(2));
        if (from == null || to == null) {
            return new Quarantined(block, txHash, logIndex, "address topic has non-zero padding", log);
        }
        BigInteger amount = new BigInteger(log.data().substring(2), 16);
        return new Transfer(block, txHash, logIndex, from, to, amount);
    }

    private String shapeProblem(RawLog log) {
        if (log.address() == null || !token.equalsIgnoreCase(log.address())) {
            return "emitted by " + log.address() + ", not the tracked contract " + token;
        }
        var topics = log.topics();
        if (topics == null || topics.isEmpty() || !TRANSFER_TOPIC.equalsIgnoreCase(topics.get(0))) {
            return "not a Transfer event";
        }
        if (topics.size() != 3) {
            return "Transfer with " + topics.size() + " topics, an ERC-20 Transfer has 3";
        }
        for (int i = 1; i < 3; i++) {
            if (!Hex.isFixedBytes(topics.get(i), 32)) {
                return "topic " + i + " is not 32 bytes of hex";
            }
        }
        String data = log.data();
        if (!Hex.isFixedBytes(data, 32)) {
            int bytes = data == null || data.length() < 2 ? 0 : (data.length() - 2) / 2;
            return "data holds " + bytes + " bytes, an ERC-20 Transfer value is 32";
        }
        return null;
    }

    /** The 20-byte address of a 32-byte topic (checked hex), or null when its 12 leading bytes are not zero. */
    private static String topicAddress(String topic) {
        if (!topic.startsWith(ADDRESS_PADDING, 2)) {
            return null;
        }
        return topic.substring(2 + ADDRESS_PADDING.length()).toLowerCase(Locale.ROOT);
    }
}

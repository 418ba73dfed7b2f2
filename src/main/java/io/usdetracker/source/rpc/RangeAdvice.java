package io.usdetracker.source.rpc;

import java.math.BigInteger;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a provider's refusal of an {@code eth_getLogs} range and says how many blocks to ask for next: the range
 * the provider names when it names one (Infura, Alchemy), the limit it states (QuickNode, publicnode, Cloudflare),
 * else half of what was refused (llamarpc, Ankr, and any message that speaks of too many results or too wide a
 * range). A message that is not about the range is not range advice.
 */
public final class RangeAdvice {

    private static final Pattern SUGGESTED = Pattern.compile("\\[\\s*(0x[0-9a-fA-F]+)\\s*,\\s*(0x[0-9a-fA-F]+)\\s*]");
    private static final Pattern STATED_LIMIT = Pattern.compile(
            "(?:limited to (?:an? )?|maximum block range:?\\s*|max range:?\\s*|block range (?:limit|is) (?:of )?)([0-9][0-9,]*)");
    private static final String[] RANGE_WORDS = {
        "block range", "range is too", "too wide", "too large", "more than", "exceed", "max results", "response size",
        "limited to", "max range", "too many", "query returned"
    };

    private RangeAdvice() {
    }

    /**
     * The number of blocks to ask for after {@code requestedBlocks} starting at {@code from} were refused with
     * {@code message}, or empty when the message is not about the range.
     */
    public static OptionalLong nextRange(String message, long from, long requestedBlocks) {
        if (message == null) {
            return OptionalLong.empty();
        }
        String text = message.toLowerCase(Locale.ROOT);
        Matcher suggested = SUGGESTED.matcher(text);
        if (suggested.find()) {
            long suggestedFrom = new BigInteger(suggested.group(1).substring(2), 16).longValueExact();
            long suggestedTo = new BigInteger(suggested.group(2).substring(2), 16).longValueExact();
            long blocks = suggestedTo - Math.max(from, suggestedFrom) + 1;
            if (suggestedFrom <= from && blocks >= 1 && blocks < requestedBlocks) {
                return OptionalLong.of(blocks);
            }
            return OptionalLong.of(halve(requestedBlocks));
        }
        if (!isAboutRange(text)) {
            return OptionalLong.empty();
        }
        Matcher stated = STATED_LIMIT.matcher(text);
        if (stated.find()) {
            long limit = Long.parseLong(stated.group(1).replace(",", ""));
            if (limit >= 1 && limit < requestedBlocks) {
                return OptionalLong.of(limit);
            }
        }
        return OptionalLong.of(halve(requestedBlocks));
    }

    private static boolean isAboutRange(String text) {
        for (String word : RANGE_WORDS) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static long halve(long blocks) {
        return Math.max(1, blocks / 2);
    }
}

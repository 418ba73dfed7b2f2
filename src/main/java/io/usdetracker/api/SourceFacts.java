package io.usdetracker.api;

import io.usdetracker.source.LogSource;
import io.usdetracker.transfer.Hex;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * What the API shows but only the source knows: the token's {@code decimals()} (read from the token through the
 * configured source, never assumed, and kept once known) and the chain head (kept for 15 s, so that a busy
 * dashboard costs the source one call per 15 s at most).
 */
public class SourceFacts {

    /** The selector of ERC-20 {@code decimals()}. */
    static final String DECIMALS_CALL = "0x313ce567";

    private final Refreshed<Integer> decimals;
    private final Refreshed<Long> head;

    public SourceFacts(LogSource source, String token, Executor executor) {
        Duration firstWait = Duration.ofSeconds(2);
        this.decimals = new Refreshed<>("the token's decimals()", () -> decodeDecimals(source.ethCall(token, DECIMALS_CALL)),
                Duration.ofDays(36_500), Duration.ofSeconds(30), firstWait, executor);
        this.head = new Refreshed<>("the chain head", source::head, Duration.ofSeconds(15), Duration.ofSeconds(15),
                firstWait, executor);
    }

    public OptionalInt decimals() {
        return decimals.get().map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    public OptionalLong head() {
        return head.get().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** A {@code uint8} in one ABI word; an empty answer means there is no contract (or no such function) there. */
    static int decodeDecimals(String result) {
        if (result == null || result.length() != 66) {
            throw new IllegalStateException("decimals() answered '" + result + "', not one 32-byte word: is the token address right?");
        }
        var value = Hex.quantity(result);
        if (value.bitLength() > 8) {
            throw new IllegalStateException("decimals() answered " + value + ", more than a uint8 holds");
        }
        return value.intValue();
    }
}

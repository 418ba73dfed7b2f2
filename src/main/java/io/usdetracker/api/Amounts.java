package io.usdetracker.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalInt;

/** Raw token units as the API writes them: decimal strings, and a human form scaled by the token's decimals. */
public final class Amounts {

    private Amounts() {
    }

    public static String raw(BigDecimal amount) {
        return amount.toBigIntegerExact().toString();
    }

    /** {@code 1500000000000000000} with 18 decimals is {@code "1.5"}; null while the decimals are not known. */
    public static String formatted(BigInteger raw, OptionalInt decimals) {
        if (decimals.isEmpty()) {
            return null;
        }
        BigDecimal scaled = new BigDecimal(raw, decimals.getAsInt());
        return scaled.signum() == 0 ? "0" : scaled.stripTrailingZeros().toPlainString();
    }

    public static String formatted(BigDecimal raw, OptionalInt decimals) {
        return formatted(raw.toBigIntegerExact(), decimals);
    }
}

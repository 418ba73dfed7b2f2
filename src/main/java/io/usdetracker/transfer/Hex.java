package io.usdetracker.transfer;

import java.math.BigInteger;
import java.util.Locale;

/** Reading the number and byte forms found on the wire. */
public final class Hex {

    private Hex() {
    }

    /**
     * A quantity written as {@code 0x}-hex (Etherscan writes zero as a bare {@code "0x"}) or as decimal.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static BigInteger quantity(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty number");
        }
        if (text.startsWith("0x") || text.startsWith("0X")) {
            String digits = text.substring(2);
            if (digits.isEmpty()) {
                return BigInteger.ZERO;
            }
            requireHex(digits, text);
            return new BigInteger(digits, 16);
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                throw new IllegalArgumentException("not a number: " + text);
            }
        }
        return new BigInteger(text);
    }

    public static long longQuantity(String text) {
        return quantity(text).longValueExact();
    }

    public static String toQuantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Lower-case hex without prefix, when {@code text} is {@code 0x} followed by exactly {@code bytes} bytes. */
    public static String fixedBytes(String text, int bytes) {
        if (text == null || !text.startsWith("0x") || text.length() != 2 + 2 * bytes) {
            throw new IllegalArgumentException("expected " + bytes + " bytes of 0x-hex");
        }
        String digits = text.substring(2);
        requireHex(digits, text);
        return digits.toLowerCase(Locale.ROOT);
    }

    private static void requireHex(String digits, String text) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not hex: " + text);
            }
        }
    }
}

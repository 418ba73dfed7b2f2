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

    /** {@link #quantity} as a long; the short forms block numbers and log indexes take are read without a BigInteger. */
    public static long longQuantity(String text) {
        int length = text == null ? 0 : text.length();
        if (length > 2 && length <= 17 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            long value = 0;
            for (int i = 2; i < length; i++) {
                int digit = hexDigit(text.charAt(i));
                if (digit < 0) {
                    return quantity(text).longValueExact();
                }
                value = value << 4 | digit;
            }
            return value;
        }
        return quantity(text).longValueExact();
    }

    public static String toQuantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Lower-case hex without prefix, when {@code text} is {@code 0x} followed by exactly {@code bytes} bytes. */
    public static String fixedBytes(String text, int bytes) {
        int upper = checkFixedBytes(text, bytes);
        if (upper < 0) {
            throw new IllegalArgumentException("expected " + bytes + " bytes of 0x-hex");
        }
        String digits = text.substring(2);
        return upper == 0 ? digits : digits.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code text} is {@code 0x} followed by exactly {@code bytes} bytes of hex (either case). */
    public static boolean isFixedBytes(String text, int bytes) {
        return checkFixedBytes(text, bytes) >= 0;
    }

    /** -1 when not 0x and 2 x bytes hex digits, else how many of the digits are upper-case letters. */
    private static int checkFixedBytes(String text, int bytes) {
        if (text == null || text.length() != 2 + 2 * bytes || text.charAt(0) != '0' || text.charAt(1) != 'x') {
            return -1;
        }
        int upper = 0;
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'F') {
                upper++;
            } else if (hexDigit(c) < 0) {
                return -1;
            }
        }
        return upper;
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void requireHex(String digits, String text) {
        for (int i = 0; i < digits.length(); i++) {
            if (hexDigit(digits.charAt(i)) < 0) {
                throw new IllegalArgumentException("not hex: " + text);
            }
        }
    }
}

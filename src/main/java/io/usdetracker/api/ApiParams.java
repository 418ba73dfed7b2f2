package io.usdetracker.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the API's parameters from their text forms, each refusal naming the parameter. Addresses are taken in
 * any casing, with or without {@code 0x}: an EIP-55 checksum is a casing, and the lower-case form is the key.
 */
public final class ApiParams {

    private static final Pattern ADDRESS = Pattern.compile("(0[xX])?[0-9a-fA-F]{40}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern POSITION = Pattern.compile("(\\d{1,18}):(\\d{1,9})");

    private ApiParams() {
    }

    /** An address as 40 lower-case hex digits, the form the SQL decodes. */
    public static String address(String parameter, String value) {
        if (value == null || !ADDRESS.matcher(value.trim()).matches()) {
            throw ApiException.badParameter(parameter, "expected an address of 40 hex digits, with or without 0x, got '"
                    + shorten(value) + "'");
        }
        String trimmed = value.trim();
        return trimmed.substring(trimmed.length() - 40).toLowerCase(Locale.ROOT);
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when the parameter is absent. */
    public static long number(String parameter, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw ApiException.badParameter(parameter, "expected a whole number from " + min + " to " + max
                    + ", got '" + shorten(value) + "'");
        }
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw ApiException.badParameter(parameter, "must be from " + min + " to " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** A paging position {@code block:logIndex}, as the {@code next} field of a page gives it. */
    public static long[] position(String parameter, String value) {
        var m = value == null ? null : POSITION.matcher(value);
        if (m == null || !m.matches()) {
            throw ApiException.badParameter(parameter, "expected block:logIndex as given in 'next', got '" + shorten(value) + "'");
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}

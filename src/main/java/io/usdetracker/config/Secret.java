package io.usdetracker.config;

/** A credential whose {@link #toString()} never reveals it, so that it cannot leak into a log line by accident. */
public record Secret(String value) {

    /** The form shown to people: the last four characters at most, enough to tell two keys apart. */
    public String masked() {
        return value.length() <= 8 ? "****" : "****" + value.substring(value.length() - 4);
    }

    /** Replaces every occurrence of the secret in {@code text}. */
    public String scrub(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, masked());
    }

    @Override
    public String toString() {
        return masked();
    }
}

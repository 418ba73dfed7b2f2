package io.usdetracker.transfer;

/** A log that is not a valid Transfer of the tracked token, kept with the reason instead of being applied. */
public record Quarantined(long block, String txHash, int logIndex, String reason, RawLog log) implements DecodedLog {
}

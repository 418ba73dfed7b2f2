package io.usdetracker.transfer;

/** What a raw log turns into: a transfer to apply, or a quarantined log with its reason. */
public sealed interface DecodedLog permits Transfer, Quarantined {

    long block();

    String txHash();

    int logIndex();
}

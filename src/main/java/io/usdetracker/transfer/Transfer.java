package io.usdetracker.transfer;

import java.math.BigInteger;

/**
 * A decoded ERC-20 transfer. Hashes and addresses are lower-case hex without {@code 0x}, the form
 * PostgreSQL's {@code decode(.., 'hex')} takes; the amount is the exact uint256.
 */
public record Transfer(long block, String txHash, int logIndex, String from, String to, BigInteger amount)
        implements DecodedLog {
}

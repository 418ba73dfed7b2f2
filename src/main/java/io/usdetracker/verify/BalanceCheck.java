package io.usdetracker.verify;

import java.math.BigInteger;

/**
 * One address compared with the chain at {@code block}: what the tracker holds and what the token says
 * ({@code balanceOf}, or for the zero address minus {@code totalSupply()}).
 */
public record BalanceCheck(String address, long block, BigInteger tracked, BigInteger onChain) {

    public static final String ZERO = "0".repeat(40);

    public boolean matches() {
        return tracked.equals(onChain);
    }

    public boolean isSupply() {
        return address.equals(ZERO);
    }

    /** The line a log or the command prints for a mismatch: the address, both values and the block. */
    public String describe() {
        return isSupply()
                ? "total supply at block " + block + ": tracked " + tracked.negate() + " (minus the zero address's balance), "
                        + "totalSupply() " + onChain.negate()
                : "0x" + address + " at block " + block + ": tracked " + tracked + ", balanceOf " + onChain;
    }
}

package io.usdetracker.observe;

import java.util.Optional;

/**
 * A balance that verify-balances found wrong and calc-balance did not put right: readiness fails with it until
 * a later run finds every checked balance right again.
 */
public class BalanceAlarm {

    private volatile String reason;

    public void raise(String why) {
        reason = why;
    }

    public void clear() {
        reason = null;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}

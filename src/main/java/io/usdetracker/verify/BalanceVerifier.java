package io.usdetracker.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.observe.BalanceAlarm;
import io.usdetracker.observe.TrackerMetrics;
import io.usdetracker.source.SourceUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of verify-balances: compares a sample of balances with the chain at the cursor block, names each
 * mismatch, and after calc-balance has repaired them checks them again; one still wrong raises the alarm that
 * readiness reports. A source that cannot answer for the block skips the run, said once until a run succeeds.
 */
public class BalanceVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BalanceVerifier.class);
    private static final String MISMATCHED = "usdeMismatched";

    private final ChainBalances chain;
    private final TrackerMetrics metrics;
    private final BalanceAlarm alarm;
    private final ObjectMapper json;
    private final int top;
    private final int random;
    private volatile boolean skipSaid;

    public BalanceVerifier(ChainBalances chain, TrackerMetrics metrics, BalanceAlarm alarm, ObjectMapper json, int top, int random) {
        this.chain = chain;
        this.metrics = metrics;
        this.alarm = alarm;
        this.json = json;
        this.top = top;
        this.random = random;
    }

    /** The parameters of select_verify_sample.sql. */
    public Map<String, Object> sampleQuery() {
        return Map.of("top", top, "random", random);
    }

    /** Checks the sample; returns the mismatched addresses, to be repaired through calc-balance. */
    public List<String> compare(Exchange exchange, List<Map<String, Object>> rows) {
        List<BalanceCheck> checks = checkedOrSkipped(rows);
        if (checks == null) {
            return List.of();
        }
        List<String> mismatched = checks.stream().filter(c -> !c.matches()).map(BalanceCheck::address).toList();
        for (BalanceCheck c : checks) {
            if (!c.matches()) {
                metrics.balanceMismatch();
                LOG.warn("balance mismatch: {}; repairing through calc-balance", c.describe());
            }
        }
        if (mismatched.isEmpty()) {
            alarm.clear();
            LOG.debug("verify-balances: {} balances and the total supply match at block {}", checks.size() - 1,
                    checks.isEmpty() ? -1 : checks.get(0).block());
        }
        exchange.setProperty(MISMATCHED, mismatched);
        return mismatched;
    }

    /** The parameters of select_verify_addresses.sql: the addresses just repaired. */
    public Map<String, Object> recheckQuery(Exchange exchange) throws JsonProcessingException {
        return Map.of("addresses", json.writeValueAsString(exchange.getProperty(MISMATCHED, List.class)));
    }

    /** The repaired addresses checked again: any still wrong fails readiness. */
    public void recheck(List<Map<String, Object>> rows) {
        List<BalanceCheck> checks = checkedOrSkipped(rows);
        if (checks == null) {
            return;
        }
        List<BalanceCheck> wrong = checks.stream().filter(c -> !c.matches()).toList();
        for (BalanceCheck c : checks) {
            if (c.matches()) {
                LOG.info("balance repaired: 0x{} at block {} is {} again", c.address(), c.block(), c.tracked());
            } else {
                LOG.error("balance mismatch not repaired by calc-balance: {}; readiness fails until a run finds it right",
                        c.describe());
            }
        }
        if (wrong.isEmpty()) {
            alarm.clear();
        } else {
            alarm.raise(wrong.size() + " balance(s) differ from the chain after repair, first " + wrong.get(0).describe());
        }
    }

    private List<BalanceCheck> checkedOrSkipped(List<Map<String, Object>> rows) {
        try {
            List<BalanceCheck> checks = chain.check(rows);
            skipSaid = false;
            return checks;
        } catch (SourceUnavailableException e) {
            if (!skipSaid) {
                skipSaid = true;
                LOG.warn("verify-balances skipped: the source cannot answer for block {} ({}); trying again next period",
                        rows.isEmpty() ? "?" : rows.get(0).get("block"), e.getMessage());
            }
            return null;
        }
    }
}

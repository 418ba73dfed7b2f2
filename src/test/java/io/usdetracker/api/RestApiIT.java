package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API over a database filled by the real pipeline (the WireMock Etherscan, the sync, Redis, the
 * workers), its answers compared with a ledger replayed independently from the same logs. The token says it has
 * 6 decimals, so that a formatted amount assuming 18 would show.
 */
class RestApiIT {

    /** USDe's creation block, so that the README's examples (written for USDe) fall inside the synced range. */
    static final long FIRST_BLOCK = 18_571_358;
    static final long HEAD = FIRST_BLOCK + 1600;
    static final String EMPTIED = "00000000000000000000000000000000000000a0";
    static final String PASSED_THROUGH = "00000000000000000000000000000000000000b0";
    static final String NEVER_SEEN = "00000000000000000000000000000000000000c0";

    static EtherscanFake etherscan;
    static TrackerApp app;
    static ApiClient api;
    static SyntheticLogs logs;
    static Ledger ledger;

    @BeforeAll
    static void syncThroughThePipeline() throws Exception {
        logs = new SyntheticLogs(11, 40).transfers(FIRST_BLOCK, 3000, 2);
        logs.addErc721Shaped(FIRST_BLOCK + 500, 7).addErc721Shaped(FIRST_BLOCK + 1200, 9);
        logs.add(FIRST_BLOCK + 1549, 0, SyntheticLogs.ZERO, EMPTIED, BigInteger.valueOf(1_000_000));
        logs.add(FIRST_BLOCK + 1550, 0, EMPTIED, PASSED_THROUGH, BigInteger.valueOf(1_000_000));
        logs.add(FIRST_BLOCK + 1551, 0, PASSED_THROUGH, SyntheticLogs.ZERO, BigInteger.valueOf(1_000_000));
        ledger = new Ledger(logs.logs());
        etherscan = new EtherscanFake("TESTKEY0123456789ABCDEF").decimals(6).chain(logs.logs(), HEAD);
        app = new TrackerApp("rest_api", etherscan).with("START_BLOCK", Long.toString(FIRST_BLOCK)).start();
        api = new ApiClient(app.apiUrl());
        TrackerApp.await("cursor at the head", Duration.ofMinutes(2), () -> app.cursor() >= HEAD);
        TrackerApp.await("history at the cursor", Duration.ofMinutes(1),
                () -> app.queryLong("SELECT COALESCE(max(last_block), -1) FROM history_cursor") >= HEAD);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (etherscan != null) {
            etherscan.close();
        }
    }

    @Test
    void everyBalanceEqualsTheLedgerAtTheCursorWithTheTokensDecimals() throws Exception {
        Map<String, BigInteger> expected = ledger.balancesAt(HEAD);
        assertThat(expected).hasSizeGreaterThan(40);
        for (var e : expected.entrySet()) {
            JsonNode b = api.json("/api/balances/0x" + e.getKey());
            assertThat(b.get("address").asText()).isEqualTo("0x" + e.getKey());
            assertThat(b.get("balance").asText()).as(e.getKey()).isEqualTo(e.getValue().toString());
            assertThat(b.get("formatted").asText()).isEqualTo(new BigDecimal(e.getValue(), 6).stripTrailingZeros().toPlainString()
                    .replaceAll("^0E-6$", "0"));
            assertThat(b.get("block").asLong()).isEqualTo(HEAD);
        }
        assertThat(api.json("/api/balances/0x" + EMPTIED).get("balance").asText()).isEqualTo("0");
    }

    @Test
    void anAddressIsFoundInAnyCasingWithOrWithoutPrefix() throws Exception {
        String holder = topHolder();
        String expected = api.json("/api/balances/0x" + holder).get("balance").asText();
        String mixed = mixedCase(holder);
        for (String form : List.of(holder, holder.toUpperCase(Locale.ROOT), "0X" + holder.toUpperCase(Locale.ROOT), "0x" + mixed, mixed)) {
            JsonNode b = api.json("/api/balances/" + form);
            assertThat(b.get("balance").asText()).as(form).isEqualTo(expected);
            assertThat(b.get("address").asText()).isEqualTo("0x" + holder);
        }
    }

    @Test
    void anAddressNeverSeenHoldsZero() throws Exception {
        JsonNode b = api.json("/api/balances/0x" + NEVER_SEEN);
        assertThat(b.get("balance").asText()).isEqualTo("0");
        assertThat(b.get("formatted").asText()).isEqualTo("0");
    }

    @Test
    void aBalanceAtAPastBlockIsTheSumOfTheDeltasUpToIt() throws Exception {
        String holder = topHolder();
        List<Long> blocks = new ArrayList<>(List.of(FIRST_BLOCK - 1, FIRST_BLOCK, FIRST_BLOCK + 1, FIRST_BLOCK + 377, FIRST_BLOCK + 800, FIRST_BLOCK + 1549, FIRST_BLOCK + 1550, HEAD));
        for (Ledger.Move m : ledger.transfersOf(holder).subList(0, 5)) {
            blocks.add(m.block());
            blocks.add(m.block() - 1);
        }
        for (long block : blocks) {
            for (String address : List.of(holder, EMPTIED, PASSED_THROUGH, Ledger.ZERO)) {
                JsonNode b = api.json("/api/balances/" + address + "?block=" + block);
                assertThat(b.get("balance").asText()).as(address + " at " + block)
                        .isEqualTo(ledger.balancesAt(block).getOrDefault(address, BigInteger.ZERO).toString());
                assertThat(b.get("block").asLong()).isEqualTo(block);
            }
        }
    }

    @Test
    void aBlockPastTheCursorIsAConflictNamingTheCursor() throws Exception {
        ApiClient.Answer a = api.get("/api/balances/0x" + topHolder() + "?block=" + (HEAD + 1));
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.json().get("cursor").asLong()).isEqualTo(HEAD);
        assertThat(a.json().get("error").asText()).startsWith("block:");
    }

    @Test
    void holdersAreEveryPositiveBalanceLargestFirstWithoutTheZeroAddress() throws Exception {
        List<Map.Entry<String, BigInteger>> expected = expectedHolders();
        JsonNode page = api.json("/api/holders?limit=1000");
        assertThat(page.get("holders")).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode h = page.get("holders").get(i);
            assertThat(h.get("rank").asLong()).isEqualTo(i + 1);
            assertThat(h.get("address").asText()).isEqualTo("0x" + expected.get(i).getKey());
            assertThat(h.get("balance").asText()).isEqualTo(expected.get(i).getValue().toString());
        }
        assertThat(page.toString()).doesNotContain(EMPTIED, PASSED_THROUGH, Ledger.ZERO);
    }

    @Test
    void holderPagesFollowOneAnotherWithoutGapOrOverlap() throws Exception {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; ; offset += 7) {
            JsonNode page = api.json("/api/holders?limit=7&offset=" + offset);
            page.get("holders").forEach(h -> paged.add(h.get("address").asText() + "=" + h.get("balance").asText()));
            if (page.get("holders").size() < 7) {
                break;
            }
        }
        List<String> whole = new ArrayList<>();
        expectedHolders().forEach(e -> whole.add("0x" + e.getKey() + "=" + e.getValue()));
        assertThat(paged).isEqualTo(whole);
        assertThat(api.json("/api/holders?limit=1000&offset=" + whole.size()).get("holders")).isEmpty();
    }

    @Test
    void theCsvHoldsEveryHolderLikeTheJson() throws Exception {
        ApiClient.Answer csv = api.get("/api/holders.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("rank,address,balance,formatted");
        List<Map.Entry<String, BigInteger>> expected = expectedHolders();
        assertThat(lines).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            BigInteger balance = expected.get(i).getValue();
            assertThat(lines.get(i + 1)).isEqualTo((i + 1) + ",0x" + expected.get(i).getKey() + "," + balance + ","
                    + new BigDecimal(balance, 6).stripTrailingZeros().toPlainString());
        }
    }

    @Test
    void transfersComeNewestFirstAndPageByPosition() throws Exception {
        String holder = topHolder();
        List<Ledger.Move> expected = ledger.transfersOf(holder);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(expected).anyMatch(m -> m.from().equals(m.to()));
        List<JsonNode> seen = new ArrayList<>();
        String before = null;
        do {
            JsonNode page = api.json("/api/transfers?address=0x" + holder.toUpperCase(Locale.ROOT) + "&limit=25"
                    + (before == null ? "" : "&before=" + before));
            page.get("transfers").forEach(seen::add);
            before = page.get("next").isNull() ? null : page.get("next").asText();
        } while (before != null);
        assertThat(seen).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Ledger.Move m = expected.get(i);
            JsonNode t = seen.get(i);
            assertThat(t.get("block").asLong()).isEqualTo(m.block());
            assertThat(t.get("logIndex").asInt()).isEqualTo(m.logIndex());
            assertThat(t.get("txHash").asText()).isEqualTo("0x" + m.tx());
            assertThat(t.get("from").asText()).isEqualTo("0x" + m.from());
            assertThat(t.get("to").asText()).isEqualTo("0x" + m.to());
            assertThat(t.get("amount").asText()).isEqualTo(m.amount().toString());
            assertThat(t.get("direction").asText()).isEqualTo(m.from().equals(m.to()) ? "self" : m.to().equals(holder) ? "in" : "out");
            assertThat(t.get("time").asText()).isNotEmpty();
        }
    }

    @Test
    void statsMatchTheLedger() throws Exception {
        JsonNode s = api.json("/api/stats");
        assertThat(s.get("token").asText()).isEqualTo(SyntheticLogs.TOKEN);
        assertThat(s.get("decimals").asInt()).isEqualTo(6);
        assertThat(s.get("holders").asLong()).isEqualTo(ledger.holdersAt(HEAD));
        assertThat(s.get("totalSupply").asText()).isEqualTo(ledger.supplyAt(HEAD).toString());
        assertThat(s.get("totalSupplyFormatted").asText()).isEqualTo(new BigDecimal(ledger.supplyAt(HEAD), 6).stripTrailingZeros().toPlainString());
        assertThat(s.get("cursor").asLong()).isEqualTo(HEAD);
        assertThat(s.get("startBlock").asLong()).isEqualTo(FIRST_BLOCK);
        assertThat(s.get("chainHead").asLong()).isEqualTo(HEAD);
        assertThat(s.get("blocksBehind").asLong()).isZero();
        assertThat(s.get("lastSync").asText()).isNotEmpty();
        assertThat(s.get("transfers").asLong()).isEqualTo(ledger.moves.size());
        assertThat(s.get("quarantined").asLong()).isEqualTo(2);
    }

    @Test
    void historyGivesSupplyAndHoldersAsTheyWereAtEachPoint() throws Exception {
        JsonNode points = api.json("/api/history").get("points");
        assertThat(points.size()).isGreaterThanOrEqualTo(5);
        long previous = -1;
        for (JsonNode p : points) {
            long block = p.get("block").asLong();
            assertThat(block).isGreaterThan(previous);
            previous = block;
            assertThat(p.get("supply").asText()).as("supply at " + block).isEqualTo(ledger.supplyAt(block).toString());
            assertThat(p.get("holders").asLong()).as("holders at " + block).isEqualTo(ledger.holdersAt(block));
            assertThat(p.get("transfers").asLong()).isEqualTo(ledger.moves.stream().filter(m -> m.block() <= block).count());
            assertThat(p.get("time").asText()).isNotEmpty();
        }
        assertThat(previous).isEqualTo(ledger.lastBlock());
        assertThat(api.json("/api/history?points=2").get("points").size()).isLessThanOrEqualTo(3);
    }

    @Test
    void badInputIsA400NamingTheParameterWithoutAStackTrace() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/api/balances/0x123", "address"),
                Map.entry("/api/balances/0xZZ9edd5852cd905f086c759e8383e09bff1e68b3", "address"),
                Map.entry("/api/balances/0x" + NEVER_SEEN + "?block=abc", "block"),
                Map.entry("/api/balances/0x" + NEVER_SEEN + "?block=-5", "block"),
                Map.entry("/api/holders?limit=-1", "limit"),
                Map.entry("/api/holders?limit=0", "limit"),
                Map.entry("/api/holders?limit=1001", "limit"),
                Map.entry("/api/holders?offset=x", "offset"),
                Map.entry("/api/transfers", "address"),
                Map.entry("/api/transfers?address=0x123", "address"),
                Map.entry("/api/transfers?address=0x" + NEVER_SEEN + "&limit=abc", "limit"),
                Map.entry("/api/transfers?address=0x" + NEVER_SEEN + "&before=yesterday", "before"),
                Map.entry("/api/history?points=1", "points"));
        for (var c : cases.entrySet()) {
            ApiClient.Answer a = api.get(c.getKey());
            assertThat(a.status()).as(c.getKey()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/json");
            assertThat(a.json().get("error").asText()).as(c.getKey()).startsWith(c.getValue() + ":");
            assertThat(a.body()).doesNotContain("Exception", "\tat ", "io.usdetracker");
        }
    }

    @Test
    void unknownPathsAreA404InJson() throws Exception {
        for (String path : List.of("/api/nothing", "/api/balances", "/favicon.ico", "/assets/../pom.xml", "/assets/missing.js")) {
            ApiClient.Answer a = api.get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.contentType()).as(path).startsWith("application/json");
            assertThat(a.json().get("error").asText()).isNotEmpty();
        }
    }

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        OpenApiContract contract = new OpenApiContract(api, Map.of("address", "0x" + topHolder(), "block", Long.toString(FIRST_BLOCK + 800),
                "limit", "3", "offset", "2", "before", (HEAD + 1) + ":0", "points", "10"));
        // relative to where the document was read from, not the bind address 0.0.0.0
        assertThat(contract.document().get("servers").get(0).get("url").asText()).isIn("", "/");
        List<String> called = contract.checkAll();
        System.out.println("OpenAPI operations checked:\n  " + String.join("\n  ", called));
        assertThat(contract.document().get("paths").size()).isEqualTo(6);
        assertThat(called).hasSizeGreaterThanOrEqualTo(6 + 8);
    }

    @Test
    void theReadmesExamplesAnswerAsItSays() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Read the balances over HTTP"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Pattern example = Pattern.compile("^curl -s '?http://localhost:8080(\\S+?)'?(?:\\s+# (\\d{3}) \\{\"error\": \"(\\w+):.*)?$", Pattern.MULTILINE);
        Matcher m = example.matcher(section);
        int count = 0;
        while (m.find()) {
            count++;
            ApiClient.Answer a = api.get(m.group(1));
            int expected = m.group(2) == null ? 200 : Integer.parseInt(m.group(2));
            assertThat(a.status()).as(m.group()).isEqualTo(expected);
            if (m.group(3) != null) {
                assertThat(a.json().get("error").asText()).as(m.group()).startsWith(m.group(3) + ":");
            }
        }
        assertThat(count).as("curl examples in the README").isGreaterThanOrEqualTo(10);
    }

    static String topHolder() {
        return expectedHolders().get(0).getKey();
    }

    static List<Map.Entry<String, BigInteger>> expectedHolders() {
        return ledger.balancesAt(HEAD).entrySet().stream()
                .filter(e -> !e.getKey().equals(Ledger.ZERO) && e.getValue().signum() > 0)
                .sorted(Map.Entry.<String, BigInteger>comparingByValue().reversed())
                .toList();
    }

    /** Every other letter upper-case: a casing no one would write, which must still be accepted. */
    static String mixedCase(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            s.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }
}

package io.usdetracker.source.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Each provider's real refusal (docs/REFERENCE.md) leads to the right next range. */
class RangeAdviceTest {

    private static final long FROM = 0x1000;

    @Test
    void infuraSuggestedRangeIsUsed() {
        String message = "query returned more than 10000 results. Try with this block range [0x1000, 0x10ff].";
        assertThat(RangeAdvice.nextRange(message, FROM, 5_000)).hasValue(0x100);
    }

    @Test
    void alchemySuggestedRangeIsUsed() {
        String message = "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit "
                + "on the response size, or you can request any block range with a cap of 10K logs in the response. "
                + "Based on your parameters, this block range should work: [0x1000, 0x17cf]";
        assertThat(RangeAdvice.nextRange(message, FROM, 10_000)).hasValue(0x7d0);
    }

    @Test
    void quickNodeStatedLimitIsUsed() {
        assertThat(RangeAdvice.nextRange("eth_getLogs is limited to a 10,000 range", FROM, 50_000)).hasValue(10_000);
    }

    @Test
    void publicNodeStatedLimitIsUsed() {
        assertThat(RangeAdvice.nextRange("exceed maximum block range: 50000", FROM, 100_000)).hasValue(50_000);
    }

    @Test
    void cloudflareStatedLimitIsUsed() {
        assertThat(RangeAdvice.nextRange("Max range: 800", FROM, 2_000)).hasValue(800);
    }

    @Test
    void llamaRpcResultLimitHalvesTheRange() {
        assertThat(RangeAdvice.nextRange("query exceeds max results 20000", FROM, 2_000)).hasValue(1_000);
    }

    @Test
    void ankrTooWideHalvesTheRange() {
        assertThat(RangeAdvice.nextRange("block range is too wide", FROM, 2_000)).hasValue(1_000);
    }

    @Test
    void aSuggestionThatDoesNotStartAtTheRequestIsNotTrustedAndTheRangeIsHalved() {
        String message = "query returned more than 10000 results. Try with this block range [0x2000, 0x20ff].";
        assertThat(RangeAdvice.nextRange(message, FROM, 5_000)).hasValue(2_500);
    }

    @Test
    void aStatedLimitAboveTheRequestHalvesInstead() {
        assertThat(RangeAdvice.nextRange("exceed maximum block range: 50000", FROM, 20_000)).hasValue(10_000);
    }

    @Test
    void aSingleBlockIsNeverHalvedToNothing() {
        assertThat(RangeAdvice.nextRange("block range is too wide", FROM, 1)).hasValue(1);
    }

    @Test
    void anErrorThatIsNotAboutTheRangeIsNotAdvice() {
        assertThat(RangeAdvice.nextRange("header not found", FROM, 2_000)).isEqualTo(OptionalLong.empty());
        assertThat(RangeAdvice.nextRange("internal error", FROM, 2_000)).isEqualTo(OptionalLong.empty());
    }
}

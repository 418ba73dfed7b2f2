package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ApiParamsTest {

    @Test
    void anAddressIsAcceptedInAnyCasingWithOrWithoutPrefix() {
        String lower = "4c9edd5852cd905f086c759e8383e09bff1e68b3";
        assertThat(ApiParams.address("address", "0x" + lower)).isEqualTo(lower);
        assertThat(ApiParams.address("address", lower.toUpperCase())).isEqualTo(lower);
        assertThat(ApiParams.address("address", "0X4C9EDD5852CD905F086C759E8383E09BFF1E68B3")).isEqualTo(lower);
        assertThat(ApiParams.address("address", "0x4c9EDD5852cd905f086C759E8383e09bff1E68B3")).isEqualTo(lower);
    }

    @Test
    void aMalformedAddressIsRefusedNamingTheParameter() {
        for (String bad : new String[] {"0x123", "", "0x4c9edd5852cd905f086c759e8383e09bff1e68b3ff", "0xZZ9edd5852cd905f086c759e8383e09bff1e68b3"}) {
            assertThatThrownBy(() -> ApiParams.address("address", bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).startsWith("address:");
                    });
        }
    }

    @Test
    void numbersAreBoundedAndAbsentOnesTakeTheirDefault() {
        assertThat(ApiParams.number("limit", null, 100, 1, 1000)).isEqualTo(100);
        assertThat(ApiParams.number("limit", "1000", 100, 1, 1000)).isEqualTo(1000);
        for (String bad : new String[] {"-1", "0", "1001", "abc", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> ApiParams.number("limit", bad, 100, 1, 1000))
                    .hasMessageStartingWith("limit:");
        }
    }

    @Test
    void aPagingPositionIsBlockColonLogIndex() {
        assertThat(ApiParams.position("before", "18650000:12")).containsExactly(18_650_000L, 12L);
        assertThatThrownBy(() -> ApiParams.position("before", "18650000")).hasMessageStartingWith("before:");
        assertThatThrownBy(() -> ApiParams.position("before", "a:b")).hasMessageStartingWith("before:");
    }

    @Test
    void amountsAreScaledByTheTokensDecimalsWithoutRounding() {
        assertThat(Amounts.formatted(new BigInteger("1500000000000000000"), OptionalInt.of(18))).isEqualTo("1.5");
        assertThat(Amounts.formatted(new BigInteger("1500000"), OptionalInt.of(6))).isEqualTo("1.5");
        assertThat(Amounts.formatted(BigInteger.ZERO, OptionalInt.of(18))).isEqualTo("0");
        assertThat(Amounts.formatted(new BigInteger("-123000000"), OptionalInt.of(6))).isEqualTo("-123");
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        assertThat(Amounts.formatted(max, OptionalInt.of(18)))
                .isEqualTo("115792089237316195423570985008687907853269984665640564039457.584007913129639935");
        assertThat(Amounts.formatted(BigInteger.TEN, OptionalInt.empty())).isNull();
    }

    @Test
    void decimalsAreOneAbiWordHoldingAUint8() {
        assertThat(SourceFacts.decodeDecimals("0x" + "0".repeat(62) + "12")).isEqualTo(18);
        assertThat(SourceFacts.decodeDecimals("0x" + "0".repeat(63) + "6")).isEqualTo(6);
        assertThatThrownBy(() -> SourceFacts.decodeDecimals("0x")).hasMessageContaining("is the token address right");
        assertThatThrownBy(() -> SourceFacts.decodeDecimals("0x" + "0".repeat(60) + "0100")).hasMessageContaining("uint8");
    }
}

package io.usdetracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void quantitiesReadTheSameWhicheverWayTheyAreRead() {
        assertThat(Hex.longQuantity("0x0")).isZero();
        assertThat(Hex.longQuantity("0x")).isZero();
        assertThat(Hex.longQuantity("0x1A")).isEqualTo(26);
        assertThat(Hex.longQuantity("0xfffffffffffffff")).isEqualTo(0xfffffffffffffffL);
        assertThat(Hex.longQuantity("0x7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
        assertThat(Hex.longQuantity("17173049")).isEqualTo(17173049);
        assertThatThrownBy(() -> Hex.longQuantity("0x8000000000000000")).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Hex.longQuantity("0x1g")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> Hex.longQuantity(null)).hasMessageContaining("empty");
    }

    @Test
    void fixedBytesAreLowerCasedAndOnlyAsciiHexPasses() {
        String mixed = "0x" + "AbCdEf0123456789".repeat(4);
        assertThat(Hex.fixedBytes(mixed, 32)).isEqualTo("abcdef0123456789".repeat(4));
        assertThat(Hex.isFixedBytes(mixed, 32)).isTrue();
        String fullWidthDigit = "0x" + "0".repeat(63) + "\uff11";
        assertThat(Hex.isFixedBytes(fullWidthDigit, 32)).isFalse();
        assertThatThrownBy(() -> Hex.fixedBytes(fullWidthDigit, 32)).hasMessageContaining("32 bytes");
        assertThat(Hex.isFixedBytes("0X" + "0".repeat(64), 32)).isFalse();
        assertThat(Hex.isFixedBytes("0x" + "0".repeat(62), 32)).isFalse();
        assertThat(Hex.isFixedBytes(null, 32)).isFalse();
    }
}

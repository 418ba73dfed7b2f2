package io.usdetracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferDecoderTest {

    private static final String TOKEN = "0x4c9edd5852cd905f086c759e8383e09bff1e68b3";
    private static final String TX = "0x" + "ab".repeat(32);
    private static final String ALICE = "0000000000000000000000001111111111111111111111111111111111111111";
    private static final String BOB = "0000000000000000000000002222222222222222222222222222222222222222";

    private final TransferDecoder decoder = new TransferDecoder(TOKEN.toUpperCase().replace("0X", "0x"));

    @Test
    void decodesAnErc20TransferWithEtherscanZeroForms() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), word(BigInteger.TEN), "0x", "0x");
        assertThat(decoder.decode(log)).isEqualTo(new Transfer(0, "ab".repeat(32), 0, ALICE.substring(24), BOB.substring(24), BigInteger.TEN));
    }

    @Test
    void readsDecimalPositionsAsWellAsHex() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), word(BigInteger.ONE), "18571358", "12");
        Transfer t = (Transfer) decoder.decode(log);
        assertThat(t.block()).isEqualTo(18571358L);
        assertThat(t.logIndex()).isEqualTo(12);
    }

    @Test
    void keepsTheFullUint256Range() {
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), word(max), "0x1", "0x1");
        assertThat(((Transfer) decoder.decode(log)).amount()).isEqualTo(max);
    }

    @Test
    void quarantinesAnErc721ShapedLog() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB, "0x" + "0".repeat(63) + "7"), "0x", "0x1", "0x2");
        assertThat(reason(log)).contains("4 topics");
    }

    @Test
    void quarantinesShortData() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), "0x01", "0x1", "0x2");
        assertThat(reason(log)).contains("data holds 1 bytes");
    }

    @Test
    void quarantinesAnAddressTopicWithNonZeroPadding() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + "f".repeat(64), "0x" + BOB), word(BigInteger.ONE), "0x1", "0x2");
        assertThat(reason(log)).contains("non-zero padding");
    }

    @Test
    void quarantinesAnotherContractsTransfer() {
        RawLog log = log("0x" + "9".repeat(40), List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), word(BigInteger.ONE), "0x1", "0x2");
        assertThat(reason(log)).contains("not the tracked contract");
    }

    @Test
    void quarantinesAnotherEvent() {
        RawLog log = log(TOKEN, List.of("0x" + "8c".repeat(32), "0x" + ALICE, "0x" + BOB), word(BigInteger.ONE), "0x1", "0x2");
        assertThat(reason(log)).isEqualTo("not a Transfer event");
    }

    @Test
    void quarantinesAnUnreadablePosition() {
        RawLog log = log(TOKEN, List.of(TransferDecoder.TRANSFER_TOPIC, "0x" + ALICE, "0x" + BOB), word(BigInteger.ONE), "0xzz", "0x2");
        assertThat(reason(log)).startsWith("unreadable position");
    }

    private String reason(RawLog log) {
        return ((Quarantined) decoder.decode(log)).reason();
    }

    private static String word(BigInteger value) {
        String hex = value.toString(16);
        return "0x" + "0".repeat(64 - hex.length()) + hex;
    }

    private static RawLog log(String address, List<String> topics, String data, String block, String index) {
        return new RawLog(address, topics, data, block, null, null, index, TX, null);
    }
}

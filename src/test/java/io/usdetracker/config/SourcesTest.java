package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.source.SourceStats;
import io.usdetracker.source.etherscan.EtherscanSource;
import io.usdetracker.source.rpc.RpcSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesTest {

    @Test
    void withNeitherKeyNorNodeThePublicKeylessNodeIsUsed() {
        var source = Sources.choose(TrackerSettings.load(Map.<String, String>of()::get), new SourceStats(), () -> false);
        assertThat(source).isInstanceOf(RpcSource.class);
        assertThat(source.describe()).contains("https://ethereum-rpc.publicnode.com");
    }

    @Test
    void anEtherscanKeyAloneSelectsEtherscan() {
        var source = Sources.choose(TrackerSettings.load(Map.of("ETHERSCAN_API_KEY", "KEY0123456789")::get), new SourceStats(), () -> false);
        assertThat(source).isInstanceOf(EtherscanSource.class);
        assertThat(source.describe()).doesNotContain("KEY0123456789");
    }

    @Test
    void aNodeWinsOverAnEtherscanKeyAndItsUrlPathIsNeverShown() {
        var settings = TrackerSettings.load(Map.of("ETHERSCAN_API_KEY", "KEY0123456789",
                "RPC_URL", "https://mainnet.example.io/v3/SECRETPROJECTKEY")::get);
        var source = Sources.choose(settings, new SourceStats(), () -> false);
        assertThat(source).isInstanceOf(RpcSource.class);
        assertThat(source.describe()).contains("mainnet.example.io").doesNotContain("SECRETPROJECTKEY");
    }
}

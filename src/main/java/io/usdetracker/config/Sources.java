package io.usdetracker.config;

import io.usdetracker.source.LogSource;
import io.usdetracker.source.SourceStats;
import io.usdetracker.source.etherscan.EtherscanClient;
import io.usdetracker.source.etherscan.EtherscanSource;
import io.usdetracker.source.rpc.RpcClient;
import io.usdetracker.source.rpc.RpcSource;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which source the settings select, built with its client. */
public final class Sources {

    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);
    /** The keyless default: PublicNode's Ethereum endpoint (eth_getLogs up to 50000 blocks). */
    static final URI PUBLIC_NODE = URI.create("https://ethereum-rpc.publicnode.com");
    private static final long MAX_RPC_RANGE = 100_000;
    /** How often the sync tries a call (rate-limit answers, 5xx, time-outs) before the run gives up. */
    public static final int SYNC_ATTEMPTS = 8;

    private Sources() {
    }

    /** The sync's source: each call tried up to {@value #SYNC_ATTEMPTS} times before the run gives up. */
    static LogSource choose(TrackerSettings settings, SourceStats stats, BooleanSupplier stopping) {
        return choose(settings, stats, SYNC_ATTEMPTS, stopping);
    }

    /**
     * RPC_URL wins when set (a node is the authority and has no daily quota); else Etherscan with
     * ETHERSCAN_API_KEY; else a public keyless node, so that a first run needs no sign-up. Each call is tried up
     * to {@code attempts} times.
     */
    public static LogSource choose(TrackerSettings settings, SourceStats stats, int attempts, BooleanSupplier stopping) {
        if (settings.rpcUrl().isEmpty() && settings.etherscanApiKey().isPresent()) {
            URI endpoint = settings.etherscanApiUrl();
            EtherscanClient client = new EtherscanClient(endpoint, settings.etherscanApiKey().get(), settings.chainId(),
                    settings.etherscanCallsPerSecond(), stats, settings.sourceTimeout(), attempts, Duration.ofMillis(500), stopping);
            return new EtherscanSource(client, settings.token(), stats,
                    endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath());
        }
        URI node = settings.rpcUrl().orElse(PUBLIC_NODE);
        if (settings.rpcUrl().isPresent() && settings.etherscanApiKey().isPresent()) {
            LOG.info("source: both RPC_URL and ETHERSCAN_API_KEY are set; RPC_URL wins, the Etherscan key is not used");
        } else if (settings.rpcUrl().isEmpty()) {
            LOG.info("source: neither ETHERSCAN_API_KEY nor RPC_URL is set; using the public keyless node {} "
                    + "(rate-limited; set RPC_URL to your own node or provider for speed)", node);
        }
        RpcClient client = new RpcClient(node, settings.rpcCallsPerSecond(), stats, settings.sourceTimeout(), attempts,
                Duration.ofMillis(500), stopping);
        RpcSource.Tip tip = settings.tip().equals("finalized") ? RpcSource.Tip.FINALIZED : RpcSource.Tip.CONFIRMATIONS;
        return new RpcSource(client, settings.token(), settings.chainId(), tip, settings.rpcBlockRange(),
                MAX_RPC_RANGE, stats);
    }

}

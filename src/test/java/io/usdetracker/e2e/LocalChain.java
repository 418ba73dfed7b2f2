package io.usdetracker.e2e;

import java.util.concurrent.CountDownLatch;

/**
 * A local chain to point the tracker at by hand: anvil with a token history and an Etherscan stand-in over it.
 * Prints the environment to give the tracker, then runs until interrupted. Arguments: transfers (default 20000),
 * Etherscan calls per second (default 5).
 */
public final class LocalChain {

    private LocalChain() {
    }

    public static void main(String[] args) throws Exception {
        int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int callsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        AnvilChain chain = AnvilChain.start(transfers);
        EtherscanStandin etherscan = EtherscanStandin.builder(chain.rpcUrl(), "LOCALSTANDINKEY0001")
                .chainId(31337).callsPerSecond(callsPerSecond).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            etherscan.close();
            chain.close();
        }));
        AnvilChain.History h = chain.history();
        System.out.printf("# %d transfers, %d holders, blocks %d..%d%n", h.transfers(), h.holders(), h.deployBlock(), h.lastBlock());
        System.out.printf("export ETHERSCAN_API_URL=%s ETHERSCAN_API_KEY=LOCALSTANDINKEY0001 ETHERSCAN_CALLS_PER_SEC=%d "
                + "CHAIN_ID=31337 USDE_ADDRESS=%s START_BLOCK=%d CONFIRMATIONS=0%n",
                etherscan.baseUrl(), callsPerSecond, h.token(), h.deployBlock());
        System.out.printf("# or, for the JSON-RPC source: export RPC_URL=%s CHAIN_ID=31337 USDE_ADDRESS=%s START_BLOCK=%d%n",
                chain.rpcUrl(), h.token(), h.deployBlock());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {

    /** PostgreSQL 17's default max_connections (100) less superuser_reserved_connections (3). */
    private static final int POSTGRES_DEFAULT_CONNECTIONS = 97;
    /** .env's WORKER_CONCURRENCY. */
    private static final int WORKER_CONCURRENCY = 2;

    @Test
    void theComposeDeploymentScaledToSixteenWorkersFitsInPostgresDefaultConnections() {
        // README: docker compose up -d --scale worker=16, beside one sync, one api and the console
        int held = 16 * Role.WORKER.databaseConnections(WORKER_CONCURRENCY)
                + Role.SYNC.databaseConnections(WORKER_CONCURRENCY)
                + Role.API.databaseConnections(WORKER_CONCURRENCY)
                + Role.CONSOLE.databaseConnections(WORKER_CONCURRENCY);
        assertThat(held).isLessThanOrEqualTo(POSTGRES_DEFAULT_CONNECTIONS);
    }

    @Test
    void aWorkerHoldsAConnectionPerConsumerAndFewMore() {
        assertThat(Role.WORKER.databaseConnections(2)).isBetween(3, 4);
        assertThat(Role.WORKER.databaseConnections(8)).isBetween(9, 10);
    }

    @Test
    void theConsoleRunsNoRouteAndHoldsAtMostTwoConnections() {
        assertThat(Role.CONSOLE.databaseConnections(WORKER_CONCURRENCY)).isLessThanOrEqualTo(2);
    }

    @Test
    void oneMachineDoingEverythingKeepsRoomForTheWorkersTheSyncAndTheApi() {
        assertThat(Role.ALL.databaseConnections(2)).isEqualTo(14);
        assertThat(Role.ALL.databaseConnections(6)).isEqualTo(18);
    }
}

package io.usdetracker.sync;

import io.usdetracker.db.SqlFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one sync fetches at a time: the one whose database session holds a PostgreSQL advisory lock. The
 * session is kept open between runs; if it dies (database restart, network), the lock is gone with it and is
 * taken again, by this process or another. A process that does not get it waits and says so once.
 */
public class LeaderLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);

    private final DataSource dataSource;
    private Connection session;
    private boolean waitingSaid;

    public LeaderLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public synchronized boolean holds() {
        try {
            if (session != null && session.isValid(2)) {
                return true;
            }
            drop();
            Connection candidate = dataSource.getConnection();
            boolean acquired;
            try (Statement s = candidate.createStatement();
                 ResultSet rs = s.executeQuery(SqlFiles.load("sql/leader_lock_try.sql"))) {
                acquired = rs.next() && rs.getBoolean(1);
            }
            if (acquired) {
                session = candidate;
                waitingSaid = false;
                LOG.info("this process holds the sync leader lock and fetches");
                return true;
            }
            candidate.close();
            if (!waitingSaid) {
                waitingSaid = true;
                LOG.info("another sync process holds the leader lock; this one waits and takes over if it stops");
            }
            return false;
        } catch (SQLException e) {
            LOG.warn("sync leader lock unavailable: {}", e.getMessage());
            drop();
            return false;
        }
    }

    private void drop() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is being abandoned; its lock ends with it
            }
            session = null;
        }
    }

    /** Gives the lock back before the session returns to the pool, so that a waiting sync takes over at once. */
    @Override
    public synchronized void close() {
        if (session != null) {
            try (Statement s = session.createStatement()) {
                s.execute(SqlFiles.load("sql/leader_lock_release.sql"));
            } catch (SQLException e) {
                LOG.debug("leader lock release failed; it ends with the session", e);
            }
        }
        drop();
    }
}

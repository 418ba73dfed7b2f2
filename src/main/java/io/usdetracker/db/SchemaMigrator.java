package io.usdetracker.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered DDL files of {@code sql/} (listed in order in {@code migrations.list}) that the database
 * has not seen, each in its own transaction, under an advisory lock so that several processes starting at once
 * apply each file exactly once.
 */
public final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    public static void migrate(DataSource dataSource) throws SQLException {
        List<String> files = SqlFiles.load("db/migrations.list").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(SqlFiles.load("sql/migrations_prepare.sql"));
                Set<String> applied = new HashSet<>();
                try (ResultSet rs = s.executeQuery(SqlFiles.load("sql/migrations_applied.sql"))) {
                    while (rs.next()) {
                        applied.add(rs.getString(1));
                    }
                }
                for (String file : files) {
                    if (applied.contains(file)) {
                        continue;
                    }
                    s.execute(SqlFiles.load("db/" + file));
                    try (var insert = c.prepareStatement(SqlFiles.load("sql/migrations_record.sql"))) {
                        insert.setString(1, file);
                        insert.executeUpdate();
                    }
                    LOG.info("schema: applied {}", file);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

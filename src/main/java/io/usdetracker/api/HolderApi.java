package io.usdetracker.api;

import io.usdetracker.db.SqlFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.BufferedOutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code GET /api/holders} (a page of the top holders) and {@code GET /api/holders.csv} (all of them, streamed). */
public class HolderApi {

    private static final Logger LOG = LoggerFactory.getLogger(HolderApi.class);
    private static final int MAX_LIMIT = 1000;
    private static final int CSV_FETCH_SIZE = 5000;
    private static final int CHUNK_BYTES = 32 * 1024;
    private static final long CLIENT_PATIENCE_MILLIS = 60_000;

    private final NamedParameterJdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transaction;
    private final SourceFacts facts;
    private final ExecutorService writers;
    private final String page = SqlFiles.load("sql/select_holders.sql");
    private final String all = SqlFiles.load("sql/select_all_holders.sql");

    public HolderApi(DataSource dataSource, SourceFacts facts, ExecutorService writers) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(CSV_FETCH_SIZE);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transaction.setReadOnly(true);
        this.facts = facts;
        this.writers = writers;
    }

    public Views.Holders top(@Header("limit") String limitText, @Header("offset") String offsetText) {
        int limit = (int) ApiParams.number("limit", limitText, 100, 1, MAX_LIMIT);
        long offset = ApiParams.number("offset", offsetText, 0, 0, Long.MAX_VALUE / 2);
        OptionalInt decimals = facts.decimals();
        List<Views.Holder> holders = new ArrayList<>(limit);
        jdbc.query(page, Map.of("limit", limit, "offset", offset), rs -> {
            BigDecimal balance = rs.getBigDecimal("balance");
            holders.add(new Views.Holder(offset + holders.size() + 1, "0x" + rs.getString("address"),
                    Amounts.raw(balance), Amounts.formatted(balance, decimals)));
        });
        return new Views.Holders(limit, offset, holders);
    }

    /**
     * Every holder as CSV, written by a worker thread into a pipe that the HTTP response reads, so that neither
     * side holds the whole list: PostgreSQL hands the rows over a cursor (fetch size within a transaction).
     */
    public InputStream csv() {
        ChunkPipe pipe = new ChunkPipe(8, CLIENT_PATIENCE_MILLIS);
        OptionalInt decimals = facts.decimals();
        writers.submit(() -> write(pipe, decimals));
        return pipe;
    }

    private void write(ChunkPipe pipe, OptionalInt decimals) {
        // Closed only after the last row: a failure must not end the stream as if it were complete.
        Writer w = new OutputStreamWriter(new BufferedOutputStream(pipe.writerSide(), CHUNK_BYTES), StandardCharsets.UTF_8);
        try {
            w.write("rank,address,balance,formatted\n");
            long[] rank = {0};
            transaction.executeWithoutResult(status -> streaming.query(all, rs -> {
                BigDecimal balance = rs.getBigDecimal("balance");
                String formatted = Amounts.formatted(balance, decimals);
                try {
                    w.write(++rank[0] + ",0x" + rs.getString("address") + "," + Amounts.raw(balance) + ","
                            + (formatted == null ? "" : formatted) + "\n");
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
            }));
            w.close();
        } catch (ClientGone | IOException e) {
            LOG.debug("holders.csv: the client left before the end ({})", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("holders.csv: cut short by {}", e.toString());
            pipe.fail("holders.csv cut short: " + e.getMessage());
        }
    }

    /** The reader of the pipe went away: the query stops and the transaction ends. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}

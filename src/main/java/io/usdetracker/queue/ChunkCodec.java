package io.usdetracker.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.transfer.RawLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The text form of a chunk message on the {@code parse_transfer} queue: a header line, then one line per raw log
 * with its fields separated by tabs, every field the source's text unchanged. A field equal to the same field of
 * the log before it is written {@code =}: a block's number, hash and time, a batch transaction's hash, the token's
 * address and the event topic repeat from log to log, and JSON repeated them with a key each (a 10,000-log chunk
 * of USDe-like transfers is about 5.7 MB as JSON and 2.3 MB here, written in a quarter of the time and read in a
 * third, warm).
 *
 * <pre>
 * usde-chunk 1 TAB chunk TAB from TAB to TAB count
 * blockNumber TAB blockHash TAB timeStamp TAB transactionHash TAB logIndex TAB address TAB data TAB removed TAB topics TAB topic...
 * </pre>
 *
 * A field is {@code \0} when absent, {@code =} when as before; otherwise backslash, tab, CR and LF are written
 * {@code \\ \t \r \n} and a leading {@code =} as {@code \=}, so any text a source sends comes back as it was. A
 * message that starts with <code>{</code> is the JSON form of an earlier version, still read, so that chunks queued
 * before an upgrade are applied after it.
 */
public final class ChunkCodec {

    private static final String MAGIC = "usde-chunk 1";
    private static final int FIXED_FIELDS = 9;
    private static final ObjectMapper LEGACY = new ObjectMapper();
    /** The fields of a log line before its topics, in order. */
    private static final List<Function<RawLog, String>> PLAIN_FIELDS = List.of(RawLog::blockNumber, RawLog::blockHash,
            RawLog::timeStamp, RawLog::transactionHash, RawLog::logIndex, RawLog::address, RawLog::data,
            log -> removed(log.removed()));

    private ChunkCodec() {
    }

    public static String encode(ChunkMessage chunk) {
        List<RawLog> logs = chunk.logs();
        StringBuilder out = new StringBuilder(64 + logs.size() * 330);
        out.append(MAGIC).append('\t').append(chunk.chunk()).append('\t').append(chunk.from()).append('\t')
                .append(chunk.to()).append('\t').append(logs.size()).append('\n');
        RawLog previous = null;
        for (RawLog log : logs) {
            for (Function<RawLog, String> plainField : PLAIN_FIELDS) {
                field(out, plainField.apply(log), previous == null ? null : plainField.apply(previous), previous != null);
                out.append('\t');
            }
            List<String> topics = log.topics();
            List<String> before = previous == null ? null : previous.topics();
            if (topics == null) {
                out.append("\\0");
            } else {
                out.append(topics.size());
                for (int i = 0; i < topics.size(); i++) {
                    out.append('\t');
                    boolean hasBefore = before != null && i < before.size();
                    field(out, topics.get(i), hasBefore ? before.get(i) : null, hasBefore);
                }
            }
            out.append('\n');
            previous = log;
        }
        return out.toString();
    }

    /** What a message says of its chunk besides the logs. */
    public record Header(long chunk, long from, long to, int count) {
    }

    /**
     * The chunk a queued message holds.
     *
     * @throws IllegalArgumentException when the text is neither this form nor the earlier JSON one
     */
    public static ChunkMessage decode(String message) {
        List<RawLog> logs = new ArrayList<>();
        Header header = read(message, logs::add);
        return new ChunkMessage(header.chunk(), header.from(), header.to(), logs);
    }

    /**
     * Reads a queued message, handing its logs to {@code each} one at a time as they are read, so that a worker
     * never holds a chunk's logs all at once.
     *
     * @throws IllegalArgumentException when the text is neither this form nor the earlier JSON one; logs before
     *                                  the fault have been handed on
     */
    public static Header read(String message, Consumer<RawLog> each) {
        if (message.startsWith("{")) {
            ChunkMessage legacy;
            try {
                legacy = LEGACY.readValue(message, ChunkMessage.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("unreadable JSON chunk message: " + e.getOriginalMessage());
            }
            legacy.logs().forEach(each);
            return new Header(legacy.chunk(), legacy.from(), legacy.to(), legacy.logs().size());
        }
        Reader in = new Reader(message);
        if (!MAGIC.equals(in.next())) {
            throw new IllegalArgumentException("not a chunk message (it should start with '" + MAGIC + "')");
        }
        Header header = new Header(number(in.next()), number(in.next()), number(in.next()),
                Math.toIntExact(number(in.next())));
        in.endOfLine();
        String[] fields = new String[FIXED_FIELDS];
        List<String> topics = null;
        for (int n = 0; n < header.count(); n++) {
            for (int i = 0; i < FIXED_FIELDS; i++) {
                fields[i] = in.field(fields[i], n > 0);
            }
            List<String> before = topics;
            if (fields[8] == null) {
                topics = null;
            } else {
                int size = Math.toIntExact(number(fields[8]));
                topics = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    boolean hasBefore = before != null && i < before.size();
                    topics.add(in.field(hasBefore ? before.get(i) : null, hasBefore));
                }
            }
            in.endOfLine();
            each.accept(new RawLog(fields[5], topics, fields[6], fields[0], fields[1], fields[2], fields[4], fields[3],
                    fields[7] == null ? null : fields[7].equals("1")));
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("chunk message " + header.chunk() + " holds more than the "
                    + header.count() + " logs it announces");
        }
        return header;
    }

    /** How many logs a message announces in its header, or 0 when it has no readable header (see {@link #read}). */
    public static int count(String message) {
        int headerEnd = message.indexOf('\n');
        if (!message.startsWith(MAGIC + "\t") || headerEnd < 0) {
            return 0;
        }
        String header = message.substring(0, headerEnd);
        try {
            return Integer.parseInt(header.substring(header.lastIndexOf('\t') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The chunk's logs as messages of one log each, under the chunk's id and range: the queue messages of the design
     * before chunks, which the benchmark's per-log reference ({@code bench/per-log}) runs to compare against.
     */
    public static List<String> perLog(String message) {
        ChunkMessage chunk = decode(message);
        List<String> messages = new ArrayList<>(chunk.logs().size());
        for (RawLog log : chunk.logs()) {
            messages.add(encode(new ChunkMessage(chunk.chunk(), chunk.from(), chunk.to(), List.of(log))));
        }
        return messages;
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a chunk message holds '" + text + "' where a count or block number belongs");
        }
    }

    private static String removed(Boolean removed) {
        return removed == null ? null : removed ? "1" : "0";
    }

    private static void field(StringBuilder out, String value, String before, boolean hasBefore) {
        if (value == null) {
            out.append("\\0");
            return;
        }
        if (hasBefore && value.equals(before)) {
            out.append('=');
            return;
        }
        if (plain(value)) {
            out.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=' -> out.append(i == 0 ? "\\=" : "=");
                default -> out.append(c);
            }
        }
    }

    /** Whether a value is written as it is: what sources send (hex, numbers) always is. */
    private static boolean plain(String value) {
        if (value.startsWith("=")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads a message field by field: fields are separated by tabs, lines end in a newline. */
    private static final class Reader {
        private final String text;
        private int at;
        private boolean lineStart = true;
        /** Whether the field {@link #start} found holds a backslash. */
        private boolean escaped;

        Reader(String text) {
            this.text = text;
        }

        /** A header field, as it is. */
        String next() {
            int end = start();
            String value = text.substring(at, end);
            at = end;
            return value;
        }

        /** A log field: {@code before} when it is {@code =}, null when {@code \0}, else its text unescaped. */
        String field(String before, boolean hasBefore) {
            int end = start();
            String value;
            if (end == at + 1 && text.charAt(at) == '=') {
                if (!hasBefore) {
                    throw new IllegalArgumentException("a field says 'as before' with nothing before it");
                }
                value = before;
            } else if (end == at + 2 && text.charAt(at) == '\\' && text.charAt(at + 1) == '0') {
                value = null;
            } else {
                value = escaped ? unescape(at, end) : text.substring(at, end);
            }
            at = end;
            return value;
        }

        void endOfLine() {
            if (at >= text.length() || text.charAt(at) != '\n') {
                throw new IllegalArgumentException("a chunk message line has more fields than expected, or is cut");
            }
            at++;
            lineStart = true;
        }

        boolean atEnd() {
            return at == text.length();
        }

        /** Steps over the tab before a field (none before a line's first) and finds where the field ends. */
        private int start() {
            if (!lineStart) {
                if (at >= text.length() || text.charAt(at) != '\t') {
                    throw new IllegalArgumentException("a chunk message line has fewer fields than expected, or is cut");
                }
                at++;
            } else if (at >= text.length()) {
                throw new IllegalArgumentException("the chunk message is cut short");
            }
            lineStart = false;
            escaped = false;
            int end = at;
            while (end < text.length()) {
                char c = text.charAt(end);
                if (c == '\t' || c == '\n') {
                    break;
                }
                escaped |= c == '\\';
                end++;
            }
            return end;
        }

        private String unescape(int from, int end) {
            StringBuilder out = new StringBuilder(end - from);
            for (int i = from; i < end; i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (++i == end) {
                    throw new IllegalArgumentException("a chunk message field ends in a lone backslash");
                }
                char e = text.charAt(i);
                switch (e) {
                    case '\\' -> out.append('\\');
                    case 't' -> out.append('\t');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case '=' -> out.append('=');
                    default -> throw new IllegalArgumentException("unknown escape \\" + e + " in a chunk message");
                }
            }
            return out.toString();
        }
    }
}

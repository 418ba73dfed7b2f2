package io.usdetracker.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands bytes from a writer thread to the HTTP response, a bounded number of chunks at a time, so that a long
 * export streams in constant memory. Unlike java.io's pipes it does not depend on thread liveness (both sides
 * run on pooled threads): a side that waits longer than {@code patience} for the other gives up, so a client
 * that went away never holds the writer (and its database connection) for good. A writer failure reaches the
 * reader as an IOException, which aborts the response instead of ending it as if it were complete.
 */
final class ChunkPipe extends InputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private final long patienceMillis;
    private volatile boolean readerClosed;
    private volatile String failure;
    private byte[] current;
    private int position;

    ChunkPipe(int capacity, long patienceMillis) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
        this.patienceMillis = patienceMillis;
    }

    /** The writer's end: each flush (or full buffer of the caller's BufferedOutputStream) is one chunk. */
    OutputStream writerSide() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    put(Arrays.copyOfRange(b, off, off + len));
                }
            }

            @Override
            public void close() throws IOException {
                put(END);
            }
        };
    }

    /** Ends the stream as broken: the reader gets {@code message} as an IOException after what it has read. */
    void fail(String message) {
        failure = message;
        chunks.clear();
        chunks.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            if (readerClosed || !chunks.offer(chunk, patienceMillis, TimeUnit.MILLISECONDS)) {
                throw new IOException(readerClosed ? "the reader closed the stream" : "the reader stopped reading");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing over a chunk");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (current == null || position == current.length) {
            try {
                current = chunks.poll(patienceMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the writer");
            }
            position = 0;
            if (current == null) {
                throw new IOException("the writer stopped writing");
            }
        }
        if (current == END) {
            chunks.offer(END);
            if (failure != null) {
                throw new IOException(failure);
            }
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        readerClosed = true;
        chunks.clear();
    }
}

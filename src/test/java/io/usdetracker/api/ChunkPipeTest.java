package io.usdetracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    @Test
    void everythingWrittenIsReadInOrderThenTheEnd() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2, 5000);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.writerSide()) {
                for (int i = 0; i < 1000; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String read = new String(pipe.readAllBytes(), StandardCharsets.UTF_8);
        writer.join();
        assertThat(read.lines()).hasSize(1000).startsWith("line 0").endsWith("line 999");
    }

    @Test
    void aWriterFailureReachesTheReaderAsAnError() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2, 5000);
        pipe.writerSide().write("partial".getBytes(StandardCharsets.UTF_8));
        pipe.fail("database gone");
        assertThatThrownBy(pipe::readAllBytes).isInstanceOf(IOException.class).hasMessage("database gone");
    }

    @Test
    void aReaderThatGoesAwayReleasesTheWriter() throws Exception {
        ChunkPipe pipe = new ChunkPipe(1, 60_000);
        OutputStream out = pipe.writerSide();
        out.write(1);
        pipe.close();
        assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aReaderThatStopsReadingReleasesTheWriterAfterItsPatience() throws Exception {
        ChunkPipe pipe = new ChunkPipe(1, 200);
        OutputStream out = pipe.writerSide();
        out.write(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> out.write(2)).isInstanceOf(IOException.class).hasMessageContaining("stopped reading");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 5000L);
    }
}

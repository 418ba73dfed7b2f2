package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.usdetracker.support.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The relay in front of a raw local server standing in for Jetty: a client that leaves mid-answer, and an answer
 * that breaks, are each a connection to close quietly, not errors to log, and the relay serves on.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HawtioRelayTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String CHUNK = "2000\r\n" + "x".repeat(0x2000) + "\r\n";

    private final Vertx vertx = Vertx.vertx();
    private final CountDownLatch slowAnswerAbandoned = new CountDownLatch(1);
    private NetServer jetty;
    private HttpServer management;

    @BeforeEach
    void startRelayInFrontOfAStandIn() throws Exception {
        jetty = vertx.createNetServer().connectHandler(this::answer).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        HawtioRelay.install(vertx, router, () -> jetty.actualPort());
        management = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatLeavesMidAnswerIsLetGoQuietlyAndJettysAnswerIsAbandoned() throws Exception {
        Logger relayLog = (Logger) LoggerFactory.getLogger(HawtioRelay.class);
        relayLog.setLevel(Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            for (int client = 0; client < 5; client++) {
                try (Socket socket = new Socket("127.0.0.1", management.actualPort())) {
                    socket.getOutputStream().write(request("/hawtio/slow"));
                    socket.getInputStream().readNBytes(20_000);
                }
            }
            assertThat(slowAnswerAbandoned.await(10, TimeUnit.SECONDS)).as("the relay stops Jetty's answer").isTrue();
            assertThat(get("/hawtio/small").body()).as("the relay serves on").isEqualTo("ok");
            Thread.sleep(300); // lines the event loop may still write about the abandoned answers
            assertThat(warningsAndErrors(logs)).isEmpty();
            assertThat(logs.lines().stream().filter(e -> e.getLoggerName().equals(HawtioRelay.class.getName())))
                    .as("one DEBUG line per client that left").hasSize(5).allMatch(e -> e.getLevel() == Level.DEBUG);
        } finally {
            relayLog.setLevel(null);
        }
    }

    @Test
    void anAnswerThatBreaksBeforeItsBodyBecomes502() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> answer = get("/hawtio/head-only");
            assertThat(answer.statusCode()).isEqualTo(502);
            assertThat(answer.body()).isEqualTo("Hawtio did not answer\n");
            assertThat(get("/hawtio/small").body()).isEqualTo("ok");
            assertThat(warningsAndErrors(logs)).isEmpty();
        }
    }

    @Test
    void anAnswerThatBreaksMidBodyClosesTheClientsConnectionWithoutEndingTheAnswer() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            String read;
            try (Socket socket = new Socket("127.0.0.1", management.actualPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request("/hawtio/broken"));
                read = new String(readToTheEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            }
            assertThat(read).startsWith("HTTP/1.1 200");
            assertThat(read.substring(read.indexOf("\r\n\r\n")).chars().filter(c -> c == 'x').count()).as("the part Jetty sent, re-chunked").isEqualTo(0x2000);
            assertThat(read).as("a truncated answer must not look complete").doesNotEndWith("0\r\n\r\n");
            assertThat(get("/hawtio/small").body()).isEqualTo("ok");
            assertThat(warningsAndErrors(logs)).isEmpty();
        }
    }

    /** The stand-in for Jetty: a long slow answer, a short one, and two that break. */
    private void answer(NetSocket socket) {
        StringBuilder received = new StringBuilder();
        socket.handler(bytes -> {
            received.append(bytes.toString(StandardCharsets.ISO_8859_1));
            if (received.indexOf("\r\n\r\n") < 0) {
                return;
            }
            String path = received.substring(received.indexOf(" ") + 1, received.indexOf(" HTTP/"));
            received.setLength(0);
            switch (path) {
                case "/hawtio/small" -> socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
                case "/hawtio/head-only" -> socket.write(HEAD).onComplete(written -> socket.close());
                case "/hawtio/broken" -> socket.write(HEAD + CHUNK).onComplete(written -> socket.close());
                default -> slow(socket);
            }
        });
    }

    private void slow(NetSocket socket) {
        socket.write(HEAD);
        long timer = vertx.setPeriodic(5, tick -> socket.write(CHUNK));
        socket.closeHandler(closed -> {
            vertx.cancelTimer(timer);
            slowAnswerAbandoned.countDown();
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readToTheEnd(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static List<String> warningsAndErrors(LogCapture logs) {
        return List.copyOf(logs.lines()).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList();
    }
}

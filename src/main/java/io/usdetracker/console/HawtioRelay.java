package io.usdetracker.console;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Hawtio (Jetty on 127.0.0.1) to /hawtio of the management server's own port: each request is passed on
 * as it came, body streamed, and the answer streamed back. While Jetty is still starting the answer is 503. A client
 * that leaves mid-answer resets the request to Jetty (one DEBUG line); an answer that breaks is a 502 if nothing of
 * it was written yet, else the client's connection is closed.
 */
final class HawtioRelay {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioRelay.class);

    /** Hop-by-hop headers, which belong to one connection and are not passed on. */
    private static final Set<String> HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade");

    private final HttpClient client;
    private final IntSupplier jettyPort;

    private HawtioRelay(HttpClient client, IntSupplier jettyPort) {
        this.client = client;
        this.jettyPort = jettyPort;
    }

    /** Routes /hawtio and /hawtio/* of {@code router} to the Jetty port {@code jettyPort} answers (0 while it starts). */
    static void install(io.vertx.core.Vertx vertx, Router router, IntSupplier jettyPort) {
        HawtioRelay relay = new HawtioRelay(vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(16)), jettyPort);
        // before any body handler of the router, so that the body is still unread and can be streamed
        router.route(HawtioServer.CONTEXT_PATH).order(-1000).handler(relay::relay);
        router.route(HawtioServer.CONTEXT_PATH + "/*").order(-1000).handler(relay::relay);
    }

    private void relay(RoutingContext ctx) {
        HttpServerRequest in = ctx.request();
        HttpServerResponse out = ctx.response();
        int port = jettyPort.getAsInt();
        if (port == 0) {
            out.setStatusCode(503).putHeader("Retry-After", "5").putHeader("Content-Type", "text/plain")
                    .end("Hawtio is starting; try again in a few seconds\n");
            return;
        }
        in.pause();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost("127.0.0.1").setPort(port)
                .setURI(in.uri()).setHeaders(passable(in.headers()));
        if (in.authority() != null) {
            options.putHeader("X-Forwarded-Host", in.authority().toString());
        }
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                failed(out, opened.cause());
            } else {
                forward(in, out, opened.result());
            }
        });
    }

    private void forward(HttpServerRequest in, HttpServerResponse out, HttpClientRequest request) {
        if (out.closed()) {
            request.reset();
            return;
        }
        // a browser closed while Hawtio loads: Jetty's answer has nowhere to go, so it is stopped, not written on
        out.closeHandler(gone -> {
            if (!out.ended()) {
                LOG.debug("console: the client left before the answer to {} {} ended; the request to Hawtio is reset",
                        in.method(), in.uri());
                request.reset();
            }
        });
        request.send(in).onComplete(sent -> {
            if (sent.failed()) {
                failed(out, sent.cause());
                return;
            }
            HttpClientResponse answer = sent.result();
            out.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
            out.headers().addAll(passable(answer.headers()));
            if (answer.getHeader("Content-Length") == null) {
                out.setChunked(true);
            }
            answer.pipe().endOnFailure(false).to(out).onFailure(broken -> failed(out, broken));
        });
    }

    /** Jetty did not answer, or its answer broke: 502 if nothing was written yet, else the answer is cut off. */
    private static void failed(HttpServerResponse out, Throwable cause) {
        if (out.closed()) {
            return; // the client left: its close handler has said so and reset the request
        }
        LOG.debug("console: Hawtio's answer failed: {}", cause.toString());
        if (out.headWritten()) {
            out.reset(); // closes the connection, so that a truncated answer is not taken for a whole one
        } else {
            out.headers().clear();
            out.setChunked(false).setStatusCode(502).setStatusMessage("Bad Gateway").putHeader("Content-Type", "text/plain")
                    .end("Hawtio did not answer\n");
        }
    }

    private static MultiMap passable(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(header -> {
            if (!HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                copy.add(header.getKey(), header.getValue());
            }
        });
        return copy;
    }
}

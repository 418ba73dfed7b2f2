package io.usdetracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Route;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Answers every request no route took with 404 and a JSON body, as the API's other errors are: the HTTP
 * server's own default is an empty or HTML page. Installed last in the router once the server is up.
 */
public final class UnknownPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnknownPaths() {
    }

    public static void install(CamelContext context, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no HTTP router on port " + port + ": is camel.server.enabled set?");
        }
        Route last = router.route().order(Integer.MAX_VALUE);
        last.handler(ctx -> {
            String body;
            try {
                body = JSON.writeValueAsString(Map.of("error", "no such path: " + ctx.request().method() + " " + ctx.normalizedPath()));
            } catch (Exception e) {
                body = "{\"error\":\"no such path\"}";
            }
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(body);
        });
    }
}

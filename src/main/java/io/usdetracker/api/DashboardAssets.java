package io.usdetracker.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The dashboard's files, served from the jar ({@code dashboard/} on the classpath) so that it works offline.
 * Only plain names with a known type are looked up, so no request can reach another resource.
 */
public class DashboardAssets {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** Text files, kept as Strings: the HTTP server writes a String at once, while bytes go through a stream. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();

    public String index(Exchange exchange) {
        return asset("index.html", exchange);
    }

    public String asset(@Header("file") String name, Exchange exchange) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException(404, "no such asset: " + name, Map.of());
        }
        String content = loaded.computeIfAbsent(name, DashboardAssets::load);
        if (content.isEmpty()) {
            throw new ApiException(404, "no such asset: " + name, Map.of());
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        return content;
    }

    private static String load(String name) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream("dashboard/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.usdetracker.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CONSOLE_TARGETS as Hawtio connections. Hawtio 4 keeps its connections in the browser's local storage
 * ({@value #STORAGE_KEY}); a script added to the war's index.html ({@value #SCRIPT}) puts the configured ones there
 * before Hawtio reads them, under ids of their own, so that "Connect" lists them beside any the user added.
 */
final class ConsoleConnections {

    /** Under static/, which Hawtio serves without a login (the login page itself needs it). */
    static final String SCRIPT = "static/console-connections.js";
    static final String STORAGE_KEY = "connect.connections";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleConnections() {
    }

    /** The script: the connections as Hawtio stores them (id, name, scheme, host, port, path), merged into storage. */
    static String script(Map<String, URI> targets) throws Exception {
        List<Map<String, Object>> connections = new ArrayList<>();
        targets.forEach((name, url) -> {
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("id", "tracker-" + name);
            connection.put("name", name);
            connection.put("scheme", url.getScheme());
            connection.put("host", url.getHost());
            connection.put("port", url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80);
            connection.put("path", url.getRawPath() == null || url.getRawPath().isEmpty() ? "/jolokia" : url.getRawPath());
            connections.add(connection);
        });
        return "// written by the tracker from CONSOLE_TARGETS: the JVMs this console offers as connections\n"
                + "(function () {\n"
                + "  var key = '" + STORAGE_KEY + "';\n"
                + "  var stored = JSON.parse(localStorage.getItem(key) || '{}');\n"
                + "  " + JSON.writeValueAsString(connections) + ".forEach(function (c) { stored[c.id] = c; });\n"
                + "  localStorage.setItem(key, JSON.stringify(stored));\n"
                + "})();\n";
    }

    /** index.html with the script loaded first, before Hawtio's own (deferred) scripts run. */
    static String withScript(String indexHtml) {
        String tag = "<script src=\"" + HawtioServer.CONTEXT_PATH + "/" + SCRIPT + "\"></script>";
        int head = indexHtml.indexOf("</head>");
        if (head < 0) {
            throw new IllegalStateException("Hawtio's index.html has no </head>: cannot add " + SCRIPT);
        }
        return indexHtml.substring(0, head) + tag + indexHtml.substring(head);
    }
}

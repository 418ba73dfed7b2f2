package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleConnectionsTest {

    @Test
    void eachTargetBecomesAConnectionAsHawtioStoresIt() throws Exception {
        Map<String, URI> targets = new LinkedHashMap<>();
        targets.put("sync", URI.create("http://sync:8778/jolokia"));
        targets.put("api", URI.create("https://api.example/jolokia/"));
        String script = ConsoleConnections.script(targets);
        assertThat(script).contains("'connect.connections'")
                .contains("{\"id\":\"tracker-sync\",\"name\":\"sync\",\"scheme\":\"http\",\"host\":\"sync\",\"port\":8778,\"path\":\"/jolokia\"}")
                .contains("{\"id\":\"tracker-api\",\"name\":\"api\",\"scheme\":\"https\",\"host\":\"api.example\",\"port\":443,\"path\":\"/jolokia/\"}");
    }

    @Test
    void indexHtmlLoadsTheScriptInItsHead() {
        String index = "<html><head><title>Hawtio</title><script defer src=\"/hawtio/static/js/main.js\"></script></head><body></body></html>";
        assertThat(ConsoleConnections.withScript(index))
                .contains("<script src=\"/hawtio/static/console-connections.js\"></script></head>");
        assertThatThrownBy(() -> ConsoleConnections.withScript("<html></html>")).hasMessageContaining("</head>");
    }
}

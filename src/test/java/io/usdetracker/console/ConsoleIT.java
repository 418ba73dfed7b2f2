package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.TrackerApp;
import io.usdetracker.support.TrackerOnEtherscanTest;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Who reaches the console and the Jolokia endpoints, on which port, and what they may do there. */
class ConsoleIT extends TrackerOnEtherscanTest {

    private static final String USER = "watcher";
    private static final String PASSWORD = "an unguessable passphrase";
    private static final String ROUTE = "org.apache.camel:context=usde-tracker,type=routes,name=\"parse-transfer\"";
    private static final String TIMER_ROUTE = "org.apache.camel:context=usde-tracker,type=routes,name=\"sync-transfers\"";
    private static final String CONTEXT = "org.apache.camel:context=usde-tracker,type=context,name=\"usde-tracker\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    ConsoleIT() {
        super(9_000);
    }

    @Test
    void withoutAPasswordNeitherHawtioNorJolokiaStartsAndTheLogSaysWhyOnOneLine() throws Exception {
        int jolokiaPort = TrackerApp.freePort();
        try (LogCapture logs = new LogCapture()) {
            app.with("JOLOKIA_PORT", Integer.toString(jolokiaPort)).start();
            TrackerApp.await("cursor at the tip", Duration.ofSeconds(60), () -> app.cursor() == start - 1);
            List<String> why = logs.lines().stream().map(e -> e.getFormattedMessage())
                    .filter(line -> line.contains("HAWTIO_PASSWORD is not set")).toList();
            assertThat(why).hasSize(1);
            assertThat(why.get(0)).doesNotContain("\n").startsWith("console: Hawtio and Jolokia do not start");
        }
        assertThat(Http.get(app.managementUrl() + "/hawtio/").statusCode()).isEqualTo(404);
        assertThat(Http.get(app.managementUrl() + "/hawtio/jolokia/version").statusCode()).isEqualTo(404);
        assertThat(Http.get(app.apiUrl() + "/api/stats").statusCode()).as("the rest runs on").isEqualTo(200);
        assertThat(Http.get(app.managementUrl() + "/observe/health/live").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new Socket("127.0.0.1", jolokiaPort).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void jolokiaAsksForTheAccountAndAllowsOnlyCamelReadsAndRouteOperations() throws Exception {
        int jolokiaPort = TrackerApp.freePort();
        String jolokia = "http://127.0.0.1:" + jolokiaPort + "/jolokia";
        app.with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD).with("JOLOKIA_PORT", Integer.toString(jolokiaPort)).start();
        TrackerApp.await("Jolokia", Duration.ofSeconds(60), () -> answers(jolokia + "/version"));

        assertThat(Http.get(jolokia + "/version").statusCode()).as("no credentials").isEqualTo(401);
        assertThat(Http.get(jolokia + "/version", USER, PASSWORD + "x").statusCode()).as("a wrong password").isEqualTo(401);
        assertThat(Http.get(jolokia + "/version", "admin", "admin").statusCode()).as("admin/admin").isEqualTo(401);

        JsonNode list = post(jolokia, "{\"type\":\"list\",\"maxDepth\":1}");
        assertThat(iterable(list.path("value").fieldNames())).containsExactly("org.apache.camel");
        JsonNode runtime = post(jolokia, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}");
        assertThat(runtime.path("status").asInt()).isEqualTo(403);
        JsonNode properties = post(jolokia, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}");
        assertThat(properties.path("status").asInt()).isEqualTo(403);
        JsonNode state = post(jolokia, "{\"type\":\"read\",\"mbean\":" + JSON.writeValueAsString(ROUTE) + ",\"attribute\":\"State\"}");
        assertThat(state.path("value").asText()).isEqualTo("Started");

        JsonNode stop = post(jolokia, exec(ROUTE, "stop()"));
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
        assertThat(app.context().getRouteController().getRouteStatus("parse-transfer")).isEqualTo(ServiceStatus.Stopped);
        assertThat(post(jolokia, exec(ROUTE, "start()")).path("status").asInt()).isEqualTo(200);
        assertThat(app.context().getRouteController().getRouteStatus("parse-transfer")).isEqualTo(ServiceStatus.Started);
        JsonNode suspend = post(jolokia, exec(TIMER_ROUTE, "suspend()"));
        assertThat(suspend.path("status").asInt()).as(suspend.toString()).isEqualTo(200);
        assertThat(app.context().getRouteController().getRouteStatus("sync-transfers")).isEqualTo(ServiceStatus.Suspended);
        assertThat(post(jolokia, exec(TIMER_ROUTE, "resume()")).path("status").asInt()).isEqualTo(200);
        assertThat(app.context().getRouteController().getRouteStatus("sync-transfers")).isEqualTo(ServiceStatus.Started);

        assertThat(post(jolokia, exec(CONTEXT, "stop()")).path("status").asInt()).as("stopping Camel").isEqualTo(403);
        assertThat(post(jolokia, exec(ROUTE, "remove()")).path("status").asInt()).as("removing a route").isEqualTo(403);
        JsonNode write = post(jolokia, "{\"type\":\"write\",\"mbean\":" + JSON.writeValueAsString(CONTEXT)
                + ",\"attribute\":\"Tracing\",\"value\":true}");
        assertThat(write.path("status").asInt()).as("writing an attribute").isEqualTo(403);
        assertThat(app.context().isStarted()).isTrue();
    }

    @Test
    void jolokiaListensOnLoopbackUnlessToldOtherwiseAndAWorkerServesNoHawtio() throws Exception {
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no address but loopback");
        int jolokiaPort = TrackerApp.freePort();
        app.with("ROLE", "worker").with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD)
                .with("JOLOKIA_PORT", Integer.toString(jolokiaPort)).start();
        TrackerApp.await("Jolokia", Duration.ofSeconds(60), () -> answers("http://127.0.0.1:" + jolokiaPort + "/jolokia/version"));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(outside.get(), jolokiaPort), 2000);
            }
        }).as("Jolokia at " + outside.get().getHostAddress()).isInstanceOf(ConnectException.class);
        assertThat(Http.get(app.managementUrl() + "/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(Http.get(app.managementUrl() + "/hawtio/", USER, PASSWORD).statusCode()).as("Hawtio in ROLE=worker").isEqualTo(404);
    }

    @Test
    void aManagementPortApartServesHawtioThereAndNotOnTheApiPort() throws Exception {
        app.with("MANAGEMENT_PORT", Integer.toString(TrackerApp.freePort()))
                .with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD).start();
        HawtioBrowserIT.awaitHawtio(app.managementUrl() + "/hawtio");
        assertThat(Http.get(app.managementUrl() + "/hawtio/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(Http.get(app.managementUrl() + "/hawtio/jolokia/version", USER, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(Http.get(app.apiUrl() + "/hawtio/jolokia/version", USER, PASSWORD).statusCode()).isEqualTo(404);
    }

    private static boolean answers(String url) {
        try {
            return Http.get(url, USER, PASSWORD).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String exec(String mbean, String operation) throws Exception {
        return "{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(mbean) + ",\"operation\":\"" + operation + "\"}";
    }

    private static JsonNode post(String jolokia, String body) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jolokia + "/"))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }
}

package io.usdetracker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.usdetracker.support.EtherscanFake;
import io.usdetracker.support.EtherscanFake.Fault;
import io.usdetracker.support.Http;
import io.usdetracker.support.LogCapture;
import io.usdetracker.support.SyntheticLogs;
import io.usdetracker.support.TrackerApp;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The Etherscan key and the console's password are never shown: not in a log line, an endpoint URI, an MBean
 * attribute, a management answer, a Jolokia answer (Hawtio's and JOLOKIA_PORT's) or a Hawtio page.
 */
class SecretsIT {

    private static final long START = 17_000;
    private static final String KEY = "SECRETKEY0123456789XYZW";
    private static final String USER = "watcher";
    private static final String PASSWORD = "HAWTIOPASSWORD0123456789";

    @Test
    void theApiKeyAppearsNowhereAnOperatorLooks() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(95, 20).transfers(START, 1_500, 5);
        long tip = START + 300;
        try (EtherscanFake etherscan = new EtherscanFake(KEY).chain(chain.logs(), tip);
             LogCapture logs = new LogCapture();
             TrackerApp app = new TrackerApp("theApiKeyAppearsNowhere", etherscan)) {
            etherscan.failNextGetLogs(Fault.RATE_LIMIT, Fault.HTML_502, Fault.CUT_JSON);
            int jolokiaPort = TrackerApp.freePort();
            app.with("ETHERSCAN_API_KEY", KEY).with("START_BLOCK", Long.toString(START))
                    .with("HAWTIO_USER", USER).with("HAWTIO_PASSWORD", PASSWORD).with("JOLOKIA_PORT", Integer.toString(jolokiaPort))
                    .start();
            TrackerApp.await("cursor at the tip", Duration.ofSeconds(90), () -> app.cursor() == tip);
            String hawtio = app.managementUrl() + "/hawtio";
            TrackerApp.await("Hawtio started", Duration.ofSeconds(60), () -> Http.get(hawtio + "/jolokia/version").statusCode() != 503);
            List<String> answers = new ArrayList<>();
            for (String jolokia : List.of(hawtio + "/jolokia", "http://127.0.0.1:" + jolokiaPort + "/jolokia")) {
                TrackerApp.await("Jolokia at " + jolokia, Duration.ofSeconds(60),
                        () -> Http.get(jolokia + "/version", USER, PASSWORD).statusCode() == 200);
                for (String request : List.of("/read/org.apache.camel:*?ignoreErrors=true", "/list",
                        "/search/*:*", "/exec/org.apache.camel:context=usde-tracker,type=context,name=%22usde-tracker%22/dumpRoutesAsXml(boolean,boolean)/true/true",
                        "/read/java.lang:type=Runtime")) {
                    String body = Http.get(jolokia + request, USER, PASSWORD).body();
                    answers.add(body);
                    assertThat(body).as(jolokia + request).doesNotContain(KEY).doesNotContain(PASSWORD);
                }
            }
            assertThat(String.join("", answers)).as("Jolokia answers hold the Camel MBeans' values")
                    .contains("sync-transfers").contains("parse-transfer").contains("ExchangesTotal");
            for (String page : List.of("/", "/index.html", "/login", "/auth/config", "/user", "/plugin", "/hawtconfig.json",
                    "/static/console-connections.js")) {
                assertThat(Http.get(hawtio + page, USER, PASSWORD).body()).as(hawtio + page).doesNotContain(KEY).doesNotContain(PASSWORD);
            }

            List<String> seen = new ArrayList<>();
            logs.lines().forEach(e -> seen.add(e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? ""
                    : e.getThrowableProxy().getMessage())));
            assertThat(seen).as("log lines").isNotEmpty().noneMatch(line -> line.contains(KEY) || line.contains(PASSWORD));
            assertThat(seen).as("the console started").anyMatch(line -> line.startsWith("console: Hawtio at"));
            assertThat(seen).as("the masked form is what is shown").anyMatch(line -> line.contains("****XYZW")
                    || line.contains("Etherscan at"));

            for (Endpoint endpoint : app.context().getEndpoints()) {
                assertThat(endpoint.getEndpointUri()).as("endpoint URI").doesNotContain(KEY);
            }
            assertThat(mbeanAttributes()).as("Camel MBean attributes").isNotEmpty().noneMatch(v -> v.contains(KEY) || v.contains(PASSWORD));

            for (String path : List.of("/observe/health?exposureLevel=full", "/observe/health/ready?exposureLevel=full",
                    "/observe/metrics")) {
                assertThat(Http.get(app.managementUrl() + path).body()).as(path).doesNotContain(KEY);
            }
        }
    }

    /** Every readable attribute of every Camel MBean, as text. */
    private static List<String> mbeanAttributes() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> values = new ArrayList<>();
        for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:*"), null)) {
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    values.add(name + " " + attribute.getName() + "=" + String.valueOf(server.getAttribute(name, attribute.getName())));
                } catch (Exception | LinkageError e) {
                    values.add(name + " " + attribute.getName() + " unreadable: " + e);
                }
            }
        }
        return values;
    }
}

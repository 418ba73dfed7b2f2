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

/** The Etherscan key is never shown: not in a log line, an endpoint URI, an MBean attribute or a management answer. */
class SecretsIT {

    private static final long START = 17_000;
    private static final String KEY = "SECRETKEY0123456789XYZW";

    @Test
    void theApiKeyAppearsNowhereAnOperatorLooks() throws Exception {
        SyntheticLogs chain = new SyntheticLogs(95, 20).transfers(START, 1_500, 5);
        long tip = START + 300;
        try (EtherscanFake etherscan = new EtherscanFake(KEY).chain(chain.logs(), tip);
             LogCapture logs = new LogCapture();
             TrackerApp app = new TrackerApp("theApiKeyAppearsNowhere", etherscan)) {
            etherscan.failNextGetLogs(Fault.RATE_LIMIT, Fault.HTML_502, Fault.CUT_JSON);
            app.with("ETHERSCAN_API_KEY", KEY).with("START_BLOCK", Long.toString(START)).start();
            TrackerApp.await("cursor at the tip", Duration.ofSeconds(90), () -> app.cursor() == tip);

            List<String> seen = new ArrayList<>();
            logs.lines().forEach(e -> seen.add(e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? ""
                    : e.getThrowableProxy().getMessage())));
            assertThat(seen).as("log lines").isNotEmpty().noneMatch(line -> line.contains(KEY));
            assertThat(seen).as("the masked form is what is shown").anyMatch(line -> line.contains("****XYZW")
                    || line.contains("Etherscan at"));

            for (Endpoint endpoint : app.context().getEndpoints()) {
                assertThat(endpoint.getEndpointUri()).as("endpoint URI").doesNotContain(KEY);
            }
            assertThat(mbeanAttributes()).as("Camel MBean attributes").isNotEmpty().noneMatch(v -> v.contains(KEY));

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

package io.usdetracker.console;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.Test;

class CamelReadRestrictorTest {

    private static final String CONTEXT = "org.apache.camel:context=usde-tracker,type=context,name=\"usde-tracker\"";
    private static final String ROUTE = "org.apache.camel:context=usde-tracker,type=routes,name=\"sync-transfers\"";
    private static final String ENDPOINT = "org.apache.camel:context=usde-tracker,type=endpoints,name=\"timer://sync-transfers\"";
    private static final String RUNTIME = "java.lang:type=Runtime";

    private final CamelReadRestrictor restrictor = new CamelReadRestrictor();

    @Test
    void camelMBeansCanBeReadListedAndSearched() throws Exception {
        assertThat(restrictor.isAttributeReadAllowed(name(ROUTE), "ExchangesTotal")).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(name(CONTEXT), "State")).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(name(ENDPOINT), "EndpointUri")).isTrue();
        assertThat(restrictor.isObjectNameHidden(name(ROUTE))).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.VERSION)).isTrue();
    }

    @Test
    void everyOtherMBeanIsHiddenAndUnreadable() throws Exception {
        for (String other : new String[] {RUNTIME, "java.lang:type=Memory", "hawtio:type=About",
                "com.zaxxer.hikari:type=Pool (tracker)", "JMImplementation:type=MBeanServerDelegate"}) {
            assertThat(restrictor.isObjectNameHidden(name(other))).as(other).isTrue();
            assertThat(restrictor.isAttributeReadAllowed(name(other), "InputArguments")).as(other).isFalse();
            assertThat(restrictor.isOperationAllowed(name(other), "start")).as(other).isFalse();
        }
        assertThat(restrictor.isAttributeReadAllowed(name(RUNTIME), "SystemProperties")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(name("org.apache.camel.fake:type=routes"), "X")).isFalse();
    }

    @Test
    void aRouteCanBeStartedStoppedSuspendedAndResumed() throws Exception {
        for (String operation : new String[] {"start", "stop", "suspend", "resume", "stop()", "stop(long)", "start()"}) {
            assertThat(restrictor.isOperationAllowed(name(ROUTE), operation)).as(operation).isTrue();
        }
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isTrue();
    }

    @Test
    void noOtherOperationRunsAndTheContextCannotBeStopped() throws Exception {
        for (String operation : new String[] {"remove", "stopAndRemove", "updateRouteFromXml", "reset", "shutdown", "restart"}) {
            assertThat(restrictor.isOperationAllowed(name(ROUTE), operation)).as(operation).isFalse();
        }
        for (String operation : new String[] {"stop", "suspend", "start", "sendBody", "requestBody", "addOrUpdateRoutesFromXml"}) {
            assertThat(restrictor.isOperationAllowed(name(CONTEXT), operation)).as("context " + operation).isFalse();
        }
        assertThat(restrictor.isOperationAllowed(name(ENDPOINT), "stop")).isFalse();
    }

    @Test
    void onlyTheReadOnlyDumpsHawtiosDiagramsUseRun() throws Exception {
        assertThat(restrictor.isOperationAllowed(name(CONTEXT), "dumpRoutesAsXml")).isTrue();
        assertThat(restrictor.isOperationAllowed(name(CONTEXT), "dumpRoutesAsXml(boolean,boolean)")).isTrue();
        assertThat(restrictor.isOperationAllowed(name(ROUTE), "dumpRouteStatsAsXml")).isTrue();
        assertThat(restrictor.isOperationAllowed(name(ENDPOINT), "dumpRoutesAsXml")).isFalse();
    }

    @Test
    void nothingIsWrittenAndNothingButGetAndPostIsServed() throws Exception {
        assertThat(restrictor.isAttributeWriteAllowed(name(ROUTE), "TracingEnabled")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(name(CONTEXT), "Tracing")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).isTrue();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.POST)).isTrue();
    }

    @Test
    void crossOriginBrowserRequestsAreNotAllowed() {
        assertThat(restrictor.isOriginAllowed("https://evil.example", false)).isFalse();
    }

    private static ObjectName name(String text) throws Exception {
        return new ObjectName(text);
    }
}

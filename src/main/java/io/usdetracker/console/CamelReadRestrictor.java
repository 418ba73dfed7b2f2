package io.usdetracker.console;

import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * What every Jolokia endpoint of the tracker allows (Hawtio's in the console, JOLOKIA_PORT's in each role): the
 * org.apache.camel MBeans, read; a route's start, stop, suspend and resume; Camel's read-only dumps that Hawtio's
 * route diagram and statistics are drawn from. Nothing else: every other MBean is hidden (java.lang's Runtime holds
 * the command line and the system properties), no attribute is written, no other operation runs.
 * Jolokia's policy file cannot say "only these operations, only on routes", hence this class (restrictorClass).
 */
public class CamelReadRestrictor implements Restrictor {

    static final String CAMEL = "org.apache.camel";
    private static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume");
    /** Read-only: they dump route definitions and statistics as XML, which is what Hawtio's Camel pages show. */
    private static final Set<String> DUMPS = Set.of("dumpRoutesAsXml", "dumpRouteAsXml", "dumpRoutesStatsAsXml",
            "dumpRouteStatsAsXml", "dumpStepStatsAsXml");
    private static final Set<RequestType> TYPES = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.EXEC, RequestType.VERSION);

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return TYPES.contains(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return isCamel(name);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        if (!isCamel(name) || operation == null) {
            return false;
        }
        // a client may name the overload: dumpRoutesAsXml(boolean,boolean)
        int signature = operation.indexOf('(');
        if (signature >= 0) {
            operation = operation.substring(0, signature);
        }
        String type = name.getKeyProperty("type");
        return DUMPS.contains(operation) && ("context".equals(type) || "routes".equals(type))
                || ROUTE_OPERATIONS.contains(operation) && "routes".equals(type);
    }

    /** Who may connect is decided by the credentials and the address the endpoint binds, not by the client's host. */
    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /** Cross-origin browser requests are refused: the console calls its own origin, or the server-side proxy. */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return !isCamel(name);
    }

    private static boolean isCamel(ObjectName name) {
        return name != null && !name.isDomainPattern() && CAMEL.equals(name.getDomain());
    }
}

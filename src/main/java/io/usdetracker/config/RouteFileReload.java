package io.usdetracker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of ROUTES_DIR: an edited {@code *.camel.yaml} replaces only its own routes. A file that does not
 * load (a YAML mistake, an unknown endpoint) is rejected with one line naming it and the reason, and its routes
 * keep running as they were: Camel stops a route before it starts the new version, so when the new version
 * fails after that, the last version that loaded is put back. A file holding a route whose id another file's route
 * has (a copy made to try a variant) is rejected too: Camel would replace that route by the copy's without a word.
 */
final class RouteFileReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReload.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<Path, String> lastLoaded = new ConcurrentHashMap<>();

    RouteFileReload(Path dir) {
        super(dir.toString(), false);
        setPattern("*.camel.yaml");
        setRemoveAllRoutes(false);
        try (var files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).forEach(this::remember);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        List<Resource> edited = new ArrayList<>();
        for (Resource resource : resources == null ? List.<Resource>of() : resources) {
            String taken = routeOfAnotherFile(resource);
            if (taken == null) {
                edited.add(resource);
            } else {
                LOG.error("routes: {} rejected, the routes it holds keep running as they were: {}",
                        path(resource).getFileName(), taken);
            }
        }
        if (edited.isEmpty()) {
            return;
        }
        try {
            super.onRouteReload(edited, removeEverything);
            edited.forEach(r -> remember(path(r)));
        } catch (RuntimeException e) {
            for (Resource resource : edited) {
                LOG.error("routes: {} rejected, the routes it holds keep running as they were: {}",
                        path(resource).getFileName(), reason(e));
                restore(resource);
            }
        }
    }

    /** Why the file cannot be loaded as it is, when one of its route ids is another file's route; else null. */
    private String routeOfAnotherFile(Resource resource) {
        JsonNode file;
        try {
            file = YAML.readTree(Files.readString(path(resource), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null; // deleted, or not YAML: Camel's loader says why
        }
        if (file == null || !file.isArray()) {
            return null;
        }
        for (JsonNode element : file) {
            String id = element.path("route").path("id").asText(null);
            Route existing = id == null ? null : getCamelContext().getRoute(id);
            Resource source = existing == null ? null : existing.getSourceResource();
            if (source != null && !path(source).equals(path(resource))) {
                return "route " + id + " is " + path(source).getFileName() + "'s (give the copy's route another id)";
            }
        }
        return null;
    }

    private void restore(Resource resource) {
        String location = resource.getLocation();
        boolean running = getCamelContext().getRoutes().stream().map(Route::getSourceResource)
                .anyMatch(r -> r != null && location.equals(r.getLocation()));
        String previous = lastLoaded.get(path(resource));
        if (running || previous == null) {
            return;
        }
        try {
            PluginHelper.getRoutesLoader(getCamelContext()).updateRoutes(List.of(ResourceHelper.fromString(location, previous)));
            LOG.warn("routes: the previous version of {} is running again", path(resource).getFileName());
        } catch (Exception e) {
            LOG.error("routes: the previous version of {} did not start again either: {}", path(resource).getFileName(), reason(e));
        }
    }

    private void remember(Path file) {
        try {
            lastLoaded.put(file.toAbsolutePath().normalize(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            lastLoaded.remove(file.toAbsolutePath().normalize());
        }
    }

    private static Path path(Resource resource) {
        try {
            return Path.of(resource.getURI()).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return Path.of(resource.getLocation().replaceFirst("^file:", "")).toAbsolutePath().normalize();
        }
    }

    /** The innermost cause, on one line: the parser's or the endpoint's own words, with line and column. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
    }
}

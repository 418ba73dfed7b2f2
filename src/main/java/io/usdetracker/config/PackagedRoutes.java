package io.usdetracker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Where Camel finds the packaged routes. A classpath wildcard ({@code classpath:routes/*.camel.yaml}) makes Camel
 * read through every entry of the packaged jar, most of a second of start-up for a 67 MB jar; the jar's own
 * directory lists the route files at once, so they are named one by one instead. Outside a jar (tests run from
 * target/classes) the wildcard is a quick folder listing and stays.
 */
public final class PackagedRoutes {

    static final String WILDCARD = "classpath:routes/*.camel.yaml";

    private PackagedRoutes() {
    }

    /** The routes include pattern for the code this class was loaded from. */
    public static String includePattern() {
        try {
            Path location = Path.of(PackagedRoutes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? inJar(location) : WILDCARD;
        } catch (URISyntaxException | RuntimeException e) {
            return WILDCARD;
        }
    }

    /** Every {@code routes/*.camel.yaml} of the jar, as a comma-separated list of classpath resources, in name order. */
    static String inJar(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String listed = file.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("routes/") && name.endsWith(".camel.yaml") && name.indexOf('/', 7) < 0)
                    .sorted()
                    .map(name -> "classpath:" + name)
                    .collect(Collectors.joining(","));
            return listed.isEmpty() ? WILDCARD : listed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

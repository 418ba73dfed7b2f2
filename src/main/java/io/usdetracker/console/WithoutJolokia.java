package io.usdetracker.console;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The tracker's class loader as Hawtio's web application sees it: without the tracker's Jolokia (2.6), classes or
 * service files. Hawtio then finds only the Jolokia inside its war; two of them mix each other's service classes.
 */
final class WithoutJolokia extends ClassLoader {

    WithoutJolokia(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("org.jolokia.")) {
            throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return hidden(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }

    private static boolean hidden(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return path.startsWith("org/jolokia/") || path.startsWith("META-INF/jolokia/");
    }
}

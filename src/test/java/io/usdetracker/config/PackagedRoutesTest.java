package io.usdetracker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedRoutesTest {

    @TempDir
    Path dir;

    @Test
    void aJarsRouteFilesAreNamedOneByOneInNameOrder() throws IOException {
        Path jar = jar("routes/sync-transfers.camel.yaml", "routes/errors.camel.yaml", "routes/README.md",
                "routes/old/parse-transfer.camel.yaml", "sql/apply_chunk.sql", "other/x.camel.yaml");

        assertThat(PackagedRoutes.inJar(jar))
                .isEqualTo("classpath:routes/errors.camel.yaml,classpath:routes/sync-transfers.camel.yaml");
    }

    @Test
    void aJarWithoutRoutesKeepsTheWildcard() throws IOException {
        assertThat(PackagedRoutes.inJar(jar("sql/apply_chunk.sql"))).isEqualTo(PackagedRoutes.WILDCARD);
    }

    @Test
    void classesOutsideAJarKeepTheWildcard() {
        // the tests load this class from target/classes
        assertThat(PackagedRoutes.includePattern()).isEqualTo(PackagedRoutes.WILDCARD);
    }

    private Path jar(String... entries) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write("- route: {}\n".getBytes());
                out.closeEntry();
            }
        }
        return jar;
    }
}

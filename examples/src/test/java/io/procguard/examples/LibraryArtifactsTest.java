package io.procguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an embedding project's IDE gets: every library module packs a {@code -sources} and a {@code -javadoc} jar beside
 * its jar, holding its entry type. Reads the reactor's {@code target/} directories, so it runs after the modules were
 * packaged ({@code mvn verify}, {@code mvn install}); under {@code mvn test} alone it is skipped.
 */
class LibraryArtifactsTest {
    @ParameterizedTest
    @CsvSource({
        "procguard-core, io/procguard/core/Classifier",
        "procguard-strace, io/procguard/strace/StraceParser",
        "procguard-shm, io/procguard/shm/StatusTable",
        "procguard-ml, io/procguard/ml/OnnxClassifier",
    })
    void eachLibraryJarHasItsSourcesAndJavadocBesideIt(String module, String entryType) throws IOException {
        Path root = Path.of(System.getProperty("procguard.repo.root", "..")).toAbsolutePath();
        Path target = root.resolve(module).resolve("target");
        Path jar = target.resolve(module + "-0.1.0-SNAPSHOT.jar");
        assumeTrue(Files.isRegularFile(jar), jar + " is not built (run mvn verify or install, not test alone)");
        try (JarFile sources = new JarFile(target.resolve(module + "-0.1.0-SNAPSHOT-sources.jar").toFile());
                JarFile javadoc = new JarFile(target.resolve(module + "-0.1.0-SNAPSHOT-javadoc.jar").toFile())) {
            assertThat(sources.getEntry(entryType + ".java")).as("%s in the sources jar", entryType).isNotNull();
            assertThat(javadoc.getEntry(entryType + ".html")).as("%s in the javadoc jar", entryType).isNotNull();
            assertThat(javadoc.getEntry("index.html")).isNotNull();
        }
    }
}

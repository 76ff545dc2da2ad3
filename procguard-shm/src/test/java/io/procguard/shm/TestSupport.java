package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helpers: private table directories, gcc, child processes. */
final class TestSupport {
    private TestSupport() {
    }

    /** @return a new private (0700) directory, in /dev/shm when there is one, for table files */
    static Path tableDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "procguard-test-")
                : Files.createTempDirectory("procguard-test-");
    }

    /** Deletes a test directory tree (no links followed). */

    /** @return the module's src/test/c/NAME */
    static Path cSource(String name) {
        return Path.of("src/test/c", name).toAbsolutePath();
    }

    /** @return the repository root (for examples/), from the build's property or the working directory */
    static Path repoRoot() {
        String root = System.getProperty("procguard.repo.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }

    /** Compiles a C file that includes procguard_shm.h; skips the test when gcc is missing. */
    static Path compile(Path source, Path outDir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed (apt-get install gcc)");
        Path binary = outDir.resolve(source.getFileName().toString().replace(".c", ""));
        Path include = Path.of("include").toAbsolutePath();
        run(List.of("/usr/bin/gcc", "-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror",
                "-I", include.toString(), "-o", binary.toString(), source.toString()), 60);
        return binary;
    }

    /** Compiles a C test program as C++11 with g++ (the header must serve C++ readers too); skips without g++. */
    static Path compileCpp(Path source, Path outDir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/g++")), "g++ is not installed (apt-get install g++)");
        Path binary = outDir.resolve(source.getFileName().toString().replace(".c", "-cpp"));
        Path include = Path.of("include").toAbsolutePath();
        run(List.of("/usr/bin/g++", "-x", "c++", "-std=c++11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror",
                "-I", include.toString(), "-o", binary.toString(), source.toString()), 60);
        return binary;
    }

    /** Runs a program (no shell) and returns its stdout; fails the test on a non-zero exit. */
    static String run(List<String> argv, long timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.PIPE).start();
        return finish(p, argv, timeoutSeconds);
    }

    static String finish(Process p, List<String> argv, long timeoutSeconds) throws Exception {
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete(e.toString());
            }
        });
        t.start();
        String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("%s finished within %d s", argv, timeoutSeconds).isTrue();
        assertThat(p.exitValue()).as("exit code of %s; stderr: %s", argv, errText.get(10, TimeUnit.SECONDS)).isZero();
        return stdout;
    }

    /** @return the argv to run {@code main} in a new JVM with the test classpath */
    static List<String> javaArgv(Class<?> main, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Parses "k=v k=v" into a map. */
    static java.util.Map<String, String> keyValues(String line) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (String kv : line.trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }
}

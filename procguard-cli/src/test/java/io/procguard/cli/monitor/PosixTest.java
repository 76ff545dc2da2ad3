package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JNA's private directory: made 0700 for the binding, gone afterwards, also when the JVM exits while it binds. */
class PosixTest {
    /** JVMs started, each exiting while it binds. */
    private static final int RUNS = 5;

    @TempDir
    Path tmp;

    /** A JVM that starts the background binding and exits at once, as {@code procguard run} does on a usage error. */
    public static final class ExitWhileBinding {
        private ExitWhileBinding() {
        }

        /** @param args unused */
        public static void main(String[] args) {
            Posix.bindInBackground();
            while (System.getProperty("jna.tmpdir") == null) {
                Thread.onSpinWait(); // the binding has made its directory: exit now, while JNA loads
            }
            System.exit(0);
        }
    }

    @Test
    void anExitWhileLibcIsBeingBoundLeavesNoJnaDirectoryBehind() throws Exception {
        // before: the exit's deleteOnExit could remove the directory under the binding thread, and JNA recreated it
        // 0755 with a half-written jna*.tmp in it (seen once in 40 SIGTERMs at start); now the exit waits for the
        // binding, which removes the directory itself (without that wait this fails at the first run: the 0700
        // directory stays)
        for (int i = 0; i < RUNS; i++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), ExitWhileBinding.class.getName())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes())).isEmpty();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(f -> f.getFileName().toString()).toList()).as("run %d", i).isEqualTo(List.of());
            }
        }
    }

    @Test
    void libcBindsAndItsJnaDirectoryIsGoneAfterwards() throws Exception {
        String before = System.getProperty("jna.tmpdir");
        assertThat(Posix.libc()).isNotNull();
        String dir = System.getProperty("jna.tmpdir");
        assertThat(dir).as("set by this JVM's first binding").isNotNull();
        if (before == null) {
            assertThat(Path.of(dir)).as("removed once JNA loaded").doesNotExist();
        }
    }
}

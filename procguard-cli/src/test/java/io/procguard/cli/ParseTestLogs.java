package io.procguard.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper for parse/summary: writes a real strace log of a real command (skips without strace). */
final class ParseTestLogs {
    private ParseTestLogs() {
    }

    static Path trace(Path dir, List<String> flags, String... command) throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        assumeTrue(Files.isExecutable(strace), "strace is not installed");
        Path log = dir.resolve("trace.log");
        List<String> argv = new ArrayList<>(List.of(strace.toString()));
        argv.addAll(flags);
        argv.addAll(List.of("-o", log.toString()));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "strace did not finish");
        assumeTrue(Files.size(log) > 0, "strace could not trace here (ptrace not permitted?)");
        return log;
    }
}

package io.procguard.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Standard input as the LOG {@code -} names it, refused when descriptor 0 is not a stdin the user gave.
 * Stateless.
 *
 * <p>A JVM started with stdin closed ({@code java -jar procguard.jar summary - 0<&-}, a service manager, an
 * embedding program) gets descriptor 0 for the first file it keeps open itself: the runtime image
 * {@code lib/modules}, the jar, a class-data archive. Read as {@code -}, that file gives hundreds of thousands of
 * "malformed lines"; closed after reading, it is pulled from under the JVM, which then crashes (SIGSEGV). So
 * {@code -} is refused, as {@code cat -} refuses a closed stdin, when descriptor 0 is not open or is a file of the
 * Java runtime, a class path entry, or a file the process has mapped into memory: none is an input a user means.
 * A stdin the user closed or did not give becomes {@code /dev/null} with the {@code ./procguard} launcher, and
 * {@code run} gives its command {@code /dev/null} as stdin then (not the JVM's file).
 */
final class StandardInput {
    private StandardInput() {
    }

    /**
     * @throws CliException (exit 3) naming what descriptor 0 is, when it is not a stdin the user gave
     */
    static void requireGiven() {
        String why = notGiven();
        if (why != null) {
            throw new CliException(ExitCodes.BAD_INPUT, "-: standard input is closed (" + why + "); give LOG as a file, "
                    + "or redirect stdin (< run.log, or < /dev/null for none)");
        }
    }

    /** @return why descriptor 0 is not a stdin the user gave (it is not open, or is a file Java opened itself), or null */
    static String notGiven() {
        Path fd0 = Path.of("/proc/self/fd/0");
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null; // no /proc: nothing to tell by
        }
        String target;
        BasicFileAttributes attributes;
        try {
            target = Files.readSymbolicLink(fd0).toString();
            if (!target.startsWith("/")) {
                return null; // pipe:[...], socket:[...]: a stdin someone gave
            }
            attributes = Files.readAttributes(fd0, BasicFileAttributes.class); // of the open file itself
        } catch (NoSuchFileException e) {
            return "descriptor 0 is not open";
        } catch (IOException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            return null; // a terminal, /dev/null, a FIFO
        }
        Path file = Path.of(target);
        try {
            if (file.startsWith(Path.of(System.getProperty("java.home")).toRealPath())) {
                return "descriptor 0 is " + target + ", a file of the Java runtime";
            }
        } catch (IOException | RuntimeException e) {
            // no java.home to compare with
        }
        Object key = attributes.fileKey();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            try {
                if (!entry.isEmpty() && key != null && key.equals(Files.readAttributes(Path.of(entry), BasicFileAttributes.class).fileKey())) {
                    return "descriptor 0 is " + target + ", on Java's class path";
                }
            } catch (IOException | RuntimeException e) {
                // an entry that is not there
            }
        }
        if (mapped().contains(target)) {
            return "descriptor 0 is " + target + ", a file Java mapped into memory";
        }
        return null;
    }

    /** @return the paths of the files mapped into this process ({@code /proc/self/maps}), empty if unknown */
    private static List<String> mapped() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> {
                int slash = l.indexOf('/');
                return slash < 0 ? null : l.substring(slash);
            }).filter(Objects::nonNull).distinct().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

package io.procguard.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins every offset and length of the layout: Java constants = C offsetof() = Python reader. */
class LayoutGoldenTest {
    @TempDir
    Path dir;

    /** Every public static int/long constant of the reader, by name. */
    private static Map<String, Long> javaConstants() throws IllegalAccessException {
        Map<String, Long> m = new TreeMap<>();
        for (Field f : StatusTableReader.class.getFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && !f.getName().startsWith("SIZE_OF_")) {
                if (f.getType() == int.class) {
                    m.put(f.getName(), (long) f.getInt(null));
                } else if (f.getType() == long.class) {
                    m.put(f.getName(), f.getLong(null));
                }
            }
        }
        return m;
    }

    private static Map<String, Long> parse(String nameValueLines) {
        Map<String, Long> m = new TreeMap<>();
        for (String line : nameValueLines.split("\n")) {
            if (!line.isBlank()) {
                String[] kv = line.trim().split(" ");
                m.put(kv[0], Long.parseUnsignedLong(kv[1]));
            }
        }
        return m;
    }

    private static Map<String, Long> layoutOnly(Map<String, Long> m) {
        Map<String, Long> r = new TreeMap<>(m);
        r.keySet().removeIf(k -> !k.startsWith("HEADER_") && !k.startsWith("SLOT_"));
        return r;
    }

    @Test
    void everyJavaConstantMatchesTheCHeaderOffsetofAndViceVersa() throws Exception {
        Path binary = TestSupport.compile(TestSupport.cSource("offsets.c"), dir);
        Map<String, Long> c = parse(TestSupport.run(List.of(binary.toString()), 30));
        assertThat(c).containsKeys("SLOT_EXE_OFFSET", "HEADER_HEARTBEAT_OFFSET", "MAGIC");
        assertThat(c).isEqualTo(javaConstants());
    }

    @Test
    void theHeaderServesCppWithTheSameLayout() throws Exception {
        // offsets.c prints every offset; the torture reader uses every reading helper (checked, sequence-locked reads)
        Path binary = TestSupport.compileCpp(TestSupport.cSource("offsets.c"), dir);
        assertThat(parse(TestSupport.run(List.of(binary.toString()), 30))).isEqualTo(javaConstants());
        assertThat(TestSupport.compileCpp(TestSupport.cSource("torture_reader.c"), dir)).isExecutable();
    }

    @Test
    void thePythonReaderUsesTheSameLayout() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path reader = TestSupport.repoRoot().resolve("examples/python/procguard_shm.py");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is not installed");
        assumeTrue(Files.isRegularFile(reader), "examples/python/procguard_shm.py not found under " + TestSupport.repoRoot());
        Map<String, Long> py = parse(TestSupport.run(List.of(python.toString(), reader.toString(), "--layout"), 30));
        assertThat(py).isEqualTo(layoutOnly(javaConstants()));
    }

    @Test
    void slotsAndHeaderAreWholeCacheLines() {
        assertThat(StatusTableReader.SLOT_LENGTH % StatusTableReader.CACHE_LINE_LENGTH).isZero();
        assertThat(StatusTableReader.HEADER_LENGTH % StatusTableReader.CACHE_LINE_LENGTH).isZero();
        assertThat(StatusTableReader.HEADER_HEARTBEAT_OFFSET).as("mutable header words start a cache line")
                .isEqualTo(StatusTableReader.CACHE_LINE_LENGTH);
    }
}

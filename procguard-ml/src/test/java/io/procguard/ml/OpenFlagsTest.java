package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.strace.Arguments;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OpenFlags} reads in one pass what six {@link Arguments#hasFlag} searches would find. */
class OpenFlagsTest {
    private static int byHasFlag(CharSequence flags) {
        int bits = 0;
        String[] names = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "O_DIRECTORY"};
        int[] values = {OpenFlags.WRONLY, OpenFlags.RDWR, OpenFlags.CREAT, OpenFlags.TRUNC, OpenFlags.APPEND, OpenFlags.DIRECTORY};
        for (int k = 0; k < names.length; k++) {
            if (Arguments.hasFlag(flags, names[k])) {
                bits |= values[k];
            }
        }
        return bits;
    }

    @Test
    void everyFlagTextReadsAsHasFlagReadsIt() {
        List<String> texts = List.of("O_RDONLY", "O_RDONLY|O_CLOEXEC", "O_WRONLY|O_CREAT|O_TRUNC", "O_RDWR|O_CREAT|O_EXCL",
                "O_WRONLY|O_APPEND", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "O_WRONLY", "O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC",
                "O_CREATE", "O_CREA", "XO_CREAT", "O_CREAT_", "o_creat", "O_TRUNC0", "0x241", "", " ", "O_RDWR ",
                "O_WRONLY|0x80000000", "{flags=O_RDWR|O_CREAT, mode=0644, resolve=0}", "\"O_CREAT\"", "O_RDONLY|\"O_TRUNC\"",
                "3</tmp/O_APPEND>", "O_WRONLY<O_TRUNC>", "O_APPEND|O_TRUNC", "O_RDONLY|O_DIRECTORY|O_NOFOLLOW",
                "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY", "O_DIRECTORYX", "\"O_DIRECTORY\"", "O_DIRECTOR",
                "O_WRONLY\u00e9O_TRUNC", "O__CREAT", "O_", "O");
        for (String t : texts) {
            assertThat(OpenFlags.of(t)).as(t).isEqualTo(byHasFlag(t));
        }
        assertThat(OpenFlags.of("O_WRONLY|O_CREAT|O_TRUNC")).isEqualTo(OpenFlags.WRONLY | OpenFlags.CREAT | OpenFlags.TRUNC);
        assertThat(OpenFlags.of("\"O_CREAT\"")).isZero();
    }

    @Test
    void creatWithoutAFlagsArgumentIsAWriteButNotATruncate() {
        assertThat(OpenFlags.of(null)).isEqualTo(OpenFlags.NO_ARGUMENT);
        assertThat(OpenFlags.of(null) & OpenFlags.WRITES).isNotZero();
        assertThat(OpenFlags.of(null) & (OpenFlags.TRUNC | OpenFlags.APPEND | OpenFlags.CREAT)).isZero();
        assertThat(OpenFlags.of("O_RDONLY|O_CLOEXEC") & OpenFlags.WRITES).isZero();
    }
}

package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecRulesTest {
    @ParameterizedTest(name = "{0} reads its program from stdin: {1}")
    @CsvSource(delimiter = ';', value = {
        "/bin/sh; true",
        "/bin/sh -s; true",
        "/bin/bash -x; true",
        "/bin/sh -i; true",
        "/bin/sh -c id; false",
        "/bin/bash -ec id; false",
        "/bin/sh install.sh; false",
        "/usr/bin/python3; true",
        "/usr/bin/python3 -; true",
        "/usr/bin/python3 -u; true",
        "/usr/bin/python3 -Wignore; true",
        "/usr/bin/python3 -c pass; false",
        "/usr/bin/python3 -m http.server; false",
        "/usr/bin/python3 x.py; false",
        "/usr/bin/perl; true",
        "/usr/bin/perl -w; true",
        "/usr/bin/perl -ne print; false",
        "/usr/bin/perl -lne print; false",
        "/usr/bin/ruby -e 1; false",
        "/usr/bin/node --eval=1; false",
        "/usr/bin/node -p 1; false",
        "/usr/bin/php -r 1; false",
        "/bin/sh -s foo bar; true",
        "/bin/sh -s -- --yes; true",
        "/bin/bash -xs arg; true",
        "/bin/sh install.sh -s; false",
        "/usr/bin/python3 - arg; true",
        "/usr/bin/python3 -u - arg; true",
        "/usr/bin/python3 x.py -; false",
        "/usr/bin/curl -s; false",
        "/usr/bin/tar -x; false",
    })
    void knowsWhoReadsItsProgramFromStdin(String commandLine, boolean expected) {
        List<String> argv = argv(commandLine);
        assertThat(ExecRules.readsProgramFromStdin(ExecRules.classify(argv.get(0), argv), argv)).isEqualTo(expected);
    }

    private static List<String> argv(String commandLine) {
        return Arrays.asList(commandLine.split(" "));
    }

    @ParameterizedTest(name = "{0} is given the program {1}")
    @CsvSource(delimiter = ';', value = {
        "/bin/bash -c id; id",
        "/bin/sh -ec id; id",
        "/bin/bash -c -x id; id",
        "/bin/bash -o pipefail -c id; id",
        "/bin/bash +o history -c id; id",
        "/bin/bash --norc -c id; id",
        "/bin/sh x.sh; ",
        "/bin/sh; ",
        "/bin/sh -s arg; ",
        "/usr/bin/python3 -c pass; pass",
        "/usr/bin/python3 -u -c pass; pass",
        "/usr/bin/python3 -cpass; pass",
        "/usr/bin/python3 -Wignore -c pass; pass",
        "/usr/bin/python3 -Wignore script.py; ",
        "/usr/bin/python3 -m http.server; ",
        "/usr/bin/python3 -mhttp.server; ",
        "/usr/bin/python3 script.py -c x; ",
        "/usr/bin/python3 cscript.py; ",
        "/usr/bin/python3 -; ",
        "/usr/bin/perl -ne print; print",
        "/usr/bin/perl -eprint(1); print(1)",
        "/usr/bin/ruby -e 1; 1",
        "/usr/bin/node --eval=1; 1",
        "/usr/bin/node --eval 1; 1",
        "/usr/bin/node -p 1; 1",
        "/usr/bin/php -r 1; 1",
        "/usr/bin/curl -c x; ",
    })
    void findsTheProgramGivenOnTheCommandLine(String commandLine, String expected) {
        List<String> argv = argv(commandLine);
        assertThat(ExecRules.inlineProgram(ExecRules.classify(argv.get(0), argv), argv)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} runs the program {1}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "/lib64/ld-linux-x86-64.so.2 ./x; ./x",
        "/usr/bin/ld.so /dev/shm/x arg; /dev/shm/x",
        "/lib64/ld-linux-x86-64.so.2 --library-path /lib:/usr/lib /tmp/x; /tmp/x",
        "/lib64/ld-linux-x86-64.so.2 --inhibit-cache --argv0 sshd /tmp/x; /tmp/x",
        "/lib64/ld-linux-x86-64.so.2 -- /tmp/x; /tmp/x",
        "/lib/ld-musl-x86_64.so.1 /tmp/x; /tmp/x",
        "/lib64/ld-linux-x86-64.so.2 --verify /tmp/x; -",
        "/lib64/ld-linux-x86-64.so.2 --list /tmp/x; -",
        "/lib64/ld-linux-x86-64.so.2 --help; -",
        "/lib64/ld-linux-x86-64.so.2; -",
        "/usr/bin/ld /tmp/x.o; -",
        "/usr/bin/ldd /tmp/x; -",
        "/tmp/ld-linux-x86-64; -",
    })
    void findsTheProgramADynamicLoaderRuns(String commandLine, String expected) {
        List<String> argv = argv(commandLine);
        assertThat(ExecRules.loaderProgram(argv.get(0), argv)).isEqualTo(expected);
    }
}

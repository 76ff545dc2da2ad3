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
        "/usr/bin/curl -s; false",
        "/usr/bin/tar -x; false",
    })
    void knowsWhoReadsItsProgramFromStdin(String commandLine, boolean expected) {
        List<String> argv = Arrays.asList(commandLine.split(" "));
        int kind = ExecRules.classify(argv.get(0), argv);
        assertThat(ExecRules.readsProgramFromStdin(kind, argv)).isEqualTo(expected);
    }
}

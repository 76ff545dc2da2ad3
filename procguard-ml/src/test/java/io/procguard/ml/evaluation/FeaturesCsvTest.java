package io.procguard.ml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCsvTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("f.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsRowsWithQuotedFieldsWordLabelsAndEmptyFamilies() throws IOException {
        Path p = csv("trace,pid,comm,exe,family,label,a,b\r\n"
                + "\"t,1\",7,sh,/bin/sh,shell,benign,0.5,1\r\n"
                + "\n"
                + "t2,8,\"say \"\"hi\"\"\",,,Malicious,-2,3e-3\n");
        try (FeaturesCsv r = FeaturesCsv.open(p)) {
            assertThat(r.featureNames()).containsExactly("a", "b");
            assertThat(r.next()).isTrue();
            assertThat(r.trace()).isEqualTo("t,1");
            assertThat(r.family()).isEqualTo("shell");
            assertThat(r.label()).isZero();
            assertThat(r.values()).containsExactly(0.5f, 1f);
            assertThat(r.next()).isTrue();
            assertThat(r.lineNumber()).isEqualTo(4);
            assertThat(r.comm()).isEqualTo("say \"hi\"");
            assertThat(r.family()).as("empty family named after the label, as train.py").isEqualTo("malicious");
            assertThat(r.label()).isOne();
            assertThat(r.values()).containsExactly(-2f, 0.003f);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void quotedFieldsMayHoldLineEndsAndErrorsAfterThemNameTheirOwnLine() throws IOException {
        // as procguard features writes a trace file name (or a traced program's exe) with a newline, and Python's csv reads it
        Path p = csv("trace,pid,comm,exe,family,label,a\n"
                + "\"run\n2, \"\"odd\"\".log\",7,sh,\"/tmp/x\r\ny\",,0,0.5\n"
                + "\"a\nb\",8,sh,/bin/sh,,0,oops\n");
        try (FeaturesCsv r = FeaturesCsv.open(p)) {
            assertThat(r.next()).isTrue();
            assertThat(r.trace()).isEqualTo("run\n2, \"odd\".log");
            assertThat(r.exe()).isEqualTo("/tmp/x\r\ny");
            assertThat(r.lineNumber()).isEqualTo(2);
            assertThat(r.values()).containsExactly(0.5f);
            assertThatThrownBy(r::next).isInstanceOf(IOException.class)
                    .hasMessage(p + ":6:20: feature 'a' is not a finite float32: 'oops'");
        }
    }

    @Test
    void badValueIsReportedAtItsFileLineAndColumnLikeTrainPy() throws IOException {
        // the same input and message as TrainPyTest.badFeatureValueIsRejectedWithFileLineColumnAndNoTraceback
        Path p = csv("trace,pid,comm,exe,family,label,a,b\n"
                + "t1,1,sh,/bin/sh,shell,benign,0.5,1\n"
                + "t2,2,sh,/bin/sh,revshell,malicious,0.25,oops\n");
        try (FeaturesCsv r = FeaturesCsv.open(p)) {
            assertThat(r.next()).isTrue();
            assertThatThrownBy(r::next).isInstanceOf(IOException.class)
                    .hasMessage(p + ":3:41: feature 'b' is not a finite float32: 'oops'");
        }
    }

    @Test
    void nonFiniteValuesUnknownLabelsAndShortRowsAreRejected() throws IOException {
        String header = "trace,pid,comm,exe,family,label,a\n";
        for (String[] c : new String[][] {
            {"t1,1,sh,/bin/sh,shell,benign,NaN\n", ":2:30: feature 'a' is not a finite float32: 'NaN'"},
            {"t1,1,sh,/bin/sh,shell,benign,Infinity\n", ":2:30: feature 'a' is not a finite float32"},
            {"t1,1,sh,/bin/sh,shell,maybe,0.5\n", ":2:23: label 'maybe' is neither benign"},
            {"t1,1,sh,/bin/sh,shell\n", ":2:17: expected 7 fields, got 5"},
            {"\"t1,1,sh\n", ":2:1: unterminated quote"},
        }) {
            Path p = csv(header + c[0]);
            try (FeaturesCsv r = FeaturesCsv.open(p)) {
                assertThatThrownBy(r::next).as(c[0]).hasMessageStartingWith(p + c[1]);
            }
        }
    }

    @Test
    void headerMustStartWithTheIdColumnsAndNameFeaturesOnce() throws IOException {
        assertThatThrownBy(() -> FeaturesCsv.open(csv(""))).hasMessageContaining(":1:1: empty file");
        assertThatThrownBy(() -> FeaturesCsv.open(csv("pid,trace,comm,exe,family,label,a\n")))
                .hasMessageContaining(":1:1: expected the header to start with trace,pid,comm,exe,family,label");
        assertThatThrownBy(() -> FeaturesCsv.open(csv("trace,pid,comm,exe,family,label\n")))
                .hasMessageContaining("no feature columns");
        assertThatThrownBy(() -> FeaturesCsv.open(csv("trace,pid,comm,exe,family,label,a,b,a\n")))
                .hasMessageContaining(":1:37: duplicate feature 'a'");
    }

    @Test
    void overlongLineStopsTheReadInsteadOfFillingTheHeap() throws IOException {
        Path p = dir.resolve("long.csv");
        Files.writeString(p, "trace,pid,comm,exe,family,label,a\n" + "x".repeat(FeaturesCsv.MAX_LINE_CHARS + 10) + "\n");
        try (FeaturesCsv r = FeaturesCsv.open(p)) {
            assertThatThrownBy(r::next).hasMessageContaining(":2:" + FeaturesCsv.MAX_LINE_CHARS + ": line longer than");
        }
    }
}

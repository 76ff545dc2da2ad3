package io.procguard.ml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    @Test
    void rocAucOfScikitLearnsDocumentationExampleIsThreeQuarters() {
        Evaluation e = Evaluation.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});
        assertThat(e.rocAuc()).isEqualTo(0.75);
    }

    @Test
    void tiedScoresCountHalfInRocAuc() {
        assertThat(Evaluation.of(new int[] {0, 1, 0, 1}, new double[] {0.5, 0.5, 0.5, 0.5}).rocAuc()).isEqualTo(0.5);
        // one positive above every negative, one tied with one of two negatives: (2 + 1.5) / 4
        assertThat(Evaluation.of(new int[] {1, 1, 0, 0}, new double[] {0.9, 0.3, 0.3, 0.1}).rocAuc()).isEqualTo(0.875);
    }

    @Test
    void rocAucIsUndefinedWithOneClassOnly() {
        assertThat(Evaluation.of(new int[] {0, 0}, new double[] {0.2, 0.7}).rocAuc()).isNaN();
        assertThat(Evaluation.of(new int[] {1}, new double[] {0.2}).atFalsePositiveRate(0.01).recall()).isEqualTo(1.0);
    }

    @Test
    void confusionAtAThresholdFlagsScoresAtOrAboveIt() {
        Evaluation e = Evaluation.of(new int[] {1, 1, 1, 0, 0, 0, 0}, new double[] {0.9, 0.5, 0.2, 0.5, 0.1, 0.0, 0.3});
        Confusion c = e.at(0.5);
        assertThat(c).isEqualTo(new Confusion(0.5, 2, 1, 3, 1));
        assertThat(c.accuracy()).isEqualTo(5.0 / 7);
        assertThat(c.precision()).isEqualTo(2.0 / 3);
        assertThat(c.recall()).isEqualTo(2.0 / 3);
        assertThat(c.falsePositiveRate()).isEqualTo(0.25);
        assertThat(c.f1()).isEqualTo(4.0 / 6);
        assertThat(c.f1Benign()).isEqualTo(6.0 / 8);
        assertThat(c.macroF1()).isEqualTo((4.0 / 6 + 6.0 / 8) / 2);
        assertThat(e.at(2).precision()).as("nothing flagged: zero_division=0").isZero();
    }

    @Test
    void recallAtAFalsePositiveBudgetNeverExceedsTheBudget() {
        int[] labels = new int[150];
        double[] scores = new double[150];
        for (int i = 0; i < 100; i++) {
            scores[i] = i / 100.0; // benign 0.00 .. 0.99
        }
        for (int i = 100; i < 150; i++) {
            labels[i] = 1;
            scores[i] = 0.5 + (i - 100) / 100.0; // malicious 0.50 .. 0.99
        }
        OperatingPoint p = Evaluation.of(labels, scores).atFalsePositiveRate(0.01);
        // one benign row may be flagged: the threshold sits just above the second highest benign score 0.98
        assertThat(p.threshold()).isGreaterThan(0.98).isLessThan(0.9801);
        assertThat(p.fpr()).isEqualTo(0.01);
        assertThat(p.recall()).isEqualTo(1.0 / 50);
        OperatingPoint none = Evaluation.of(labels, scores).atFalsePositiveRate(0.0);
        assertThat(none.fpr()).isZero();
        assertThat(none.recall()).isZero();
        assertThat(Evaluation.of(labels, scores).atFalsePositiveRate(1.0).recall()).isEqualTo(1.0);
    }

    @Test
    void tiedBenignScoresAtTheTopMakeTheBudgetUnreachableRatherThanExceeded() {
        OperatingPoint p = Evaluation.of(new int[] {0, 0, 0, 1}, new double[] {1.0, 1.0, 0.2, 1.0}).atFalsePositiveRate(0.4);
        assertThat(p.threshold()).isGreaterThan(1.0);
        assertThat(p.fpr()).isZero();
        assertThat(p.recall()).isZero();
    }

    @Test
    void familiesGetTheirOwnRecallOrFalsePositiveRate() {
        Evaluation e = Evaluation.of(new int[] {1, 1, 1, 0, 0}, new double[] {0.9, 0.1, 0.8, 0.7, 0.2},
                new String[] {"Hydra_SSH", "Web_Shell", "Hydra_SSH", "normal", "normal"});
        assertThat(e.byFamily(0.5)).containsExactly(new FamilyRate("Hydra_SSH", 1, 2, 2), new FamilyRate("Web_Shell", 1, 1, 0),
                new FamilyRate("normal", 0, 2, 1));
        assertThat(e.byFamily(0.5).get(2).rate()).isEqualTo(0.5);
    }

    @Test
    void rejectsLabelsOtherThanZeroOrOneNaNScoresAndMismatchedLengths() {
        assertThatThrownBy(() -> Evaluation.of(new int[] {2}, new double[] {0.5})).hasMessageContaining("expected 0 or 1");
        assertThatThrownBy(() -> Evaluation.of(new int[] {1}, new double[] {Double.NaN})).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Evaluation.of(new int[] {1, 0}, new double[] {0.5})).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Evaluation.of(new int[] {1}, new double[] {0.5}).atFalsePositiveRate(1.5))
                .hasMessageContaining("[0, 1]");
    }

    /** scikit-learn as the oracle, on scores with many ties (rounded to 0.05) as forests produce. */
    @Test
    void everyMetricEqualsScikitLearnsOnRandomScoresWithTies(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 missing: skipping the scikit-learn comparison");
        Random random = new Random(7);
        int n = 2000;
        int[] labels = new int[n];
        double[] scores = new double[n];
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.15 ? 1 : 0;
            double s = Math.min(1, Math.max(0, random.nextGaussian() * 0.2 + (labels[i] == 1 ? 0.65 : 0.35)));
            scores[i] = Math.round(s * 20) / 20.0;
            csv.append(labels[i]).append(',').append(scores[i]).append('\n');
        }
        Path data = dir.resolve("scores.csv");
        Files.writeString(data, csv);
        Path script = dir.resolve("oracle.py");
        Files.writeString(script, String.join("\n",
                "import sys, numpy as np",
                "from sklearn import metrics as m",
                "d = np.loadtxt(sys.argv[1], delimiter=',')",
                "y, s = d[:, 0].astype(int), d[:, 1]",
                "p = (s >= 0.5).astype(int)",
                "tn, fp, fn, tp = m.confusion_matrix(y, p).ravel()",
                "print(tp, fp, tn, fn, repr(m.accuracy_score(y, p)), repr(m.precision_score(y, p)), repr(m.recall_score(y, p)),",
                "      repr(m.f1_score(y, p)), repr(m.f1_score(y, p, average='macro')), repr(m.roc_auc_score(y, s)))", ""));
        Path outFile = dir.resolve("out.txt");
        Process p = new ProcessBuilder(python.toString(), script.toString(), data.toString())
                .redirectOutput(outFile.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assumeTrue(p.exitValue() == 0, "/usr/bin/python3 lacks scikit-learn: skipping the comparison");
        List<String> f = List.of(Files.readString(outFile, StandardCharsets.UTF_8).trim().split(" "));

        Evaluation e = Evaluation.of(labels, scores);
        Confusion c = e.at(0.5);
        assertThat(List.of(c.tp(), c.fp(), c.tn(), c.fn())).containsExactly(Long.parseLong(f.get(0)), Long.parseLong(f.get(1)),
                Long.parseLong(f.get(2)), Long.parseLong(f.get(3)));
        assertThat(c.accuracy()).isCloseTo(Double.parseDouble(f.get(4)), within(1e-12));
        assertThat(c.precision()).isCloseTo(Double.parseDouble(f.get(5)), within(1e-12));
        assertThat(c.recall()).isCloseTo(Double.parseDouble(f.get(6)), within(1e-12));
        assertThat(c.f1()).isCloseTo(Double.parseDouble(f.get(7)), within(1e-12));
        assertThat(c.macroF1()).isCloseTo(Double.parseDouble(f.get(8)), within(1e-12));
        assertThat(e.rocAuc()).isCloseTo(Double.parseDouble(f.get(9)), within(1e-12));
    }
}

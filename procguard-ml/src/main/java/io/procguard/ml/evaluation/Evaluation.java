package io.procguard.ml.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable and thread-safe: the binary evaluation of one set of scored, labelled rows (class 1 =
 * malicious is the positive class, a row is flagged when its score is at or above the threshold).
 * Computes what model evaluation reports need and what scikit-learn computes the same way:
 * <ul>
 *   <li>{@link #at(double)}: confusion matrix, accuracy, precision, recall, F1, macro-F1 at a threshold;</li>
 *   <li>{@link #rocAuc()}: area under the ROC curve, the Mann-Whitney U statistic with ties counted half
 *       (equal to {@code sklearn.metrics.roc_auc_score});</li>
 *   <li>{@link #atFalsePositiveRate(double)}: recall at a false-positive budget, the threshold being chosen
 *       from the benign scores exactly as {@code training/evaluation.py}'s {@code threshold_for_fpr};</li>
 *   <li>{@link #byFamily(double)}: recall per malicious family and false-positive rate per benign family.</li>
 * </ul>
 *
 * <pre>{@code
 * Evaluation e = Evaluation.of(labels, scores, families);
 * Confusion c = e.at(0.5);                       // c.accuracy(), c.macroF1(), ...
 * OperatingPoint p = e.atFalsePositiveRate(0.01); // p.recall() at FPR <= 1%
 * }</pre>
 */
public final class Evaluation {
    private final int[] labels;
    private final double[] scores;
    private final String[] families;
    private final int positives;
    /** Benign scores, highest first. */
    private final double[] benignDescending;

    private Evaluation(int[] labels, double[] scores, String[] families) {
        this.labels = labels;
        this.scores = scores;
        this.families = families;
        int p = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + ", expected 0 or 1");
            }
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of row " + i + " is NaN");
            }
            p += labels[i];
        }
        this.positives = p;
        double[] benign = new double[labels.length - p];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) {
                benign[k++] = scores[i];
            }
        }
        Arrays.sort(benign);
        for (int i = 0, j = benign.length - 1; i < j; i++, j--) {
            double t = benign[i];
            benign[i] = benign[j];
            benign[j] = t;
        }
        this.benignDescending = benign;
    }

    /**
     * @param labels 0 (benign) or 1 (malicious) per row
     * @param scores the score of each row (higher = more malicious), not NaN
     * @return the evaluation (the arrays are copied)
     * @throws IllegalArgumentException if the arrays differ in length or hold other labels or NaN
     */
    public static Evaluation of(int[] labels, double[] scores) {
        return of(labels, scores, null);
    }

    /**
     * @param labels 0 (benign) or 1 (malicious) per row
     * @param scores the score of each row (higher = more malicious), not NaN
     * @param families the family of each row for {@link #byFamily}, or null
     * @return the evaluation (the arrays are copied)
     * @throws IllegalArgumentException if the arrays differ in length or hold other labels or NaN
     */
    public static Evaluation of(int[] labels, double[] scores, String[] families) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        if (labels.length != scores.length || families != null && families.length != labels.length) {
            throw new IllegalArgumentException("labels, scores and families differ in length: " + labels.length + ", "
                    + scores.length + (families == null ? "" : ", " + families.length));
        }
        return new Evaluation(labels.clone(), scores.clone(), families == null ? null : families.clone());
    }

    /** @return rows evaluated */
    public int rows() {
        return labels.length;
    }

    /** @return malicious rows */
    public int positives() {
        return positives;
    }

    /** @return benign rows */
    public int negatives() {
        return labels.length - positives;
    }

    /**
     * @param threshold flag rows whose score is at or above this
     * @return the confusion matrix and its metrics at that threshold
     */
    public Confusion at(double threshold) {
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < labels.length; i++) {
            if (scores[i] >= threshold) {
                if (labels[i] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new Confusion(threshold, tp, fp, negatives() - fp, positives - tp);
    }

    /**
     * The probability that a random malicious row scores above a random benign one, ties counting half.
     *
     * @return ROC AUC in [0, 1], or NaN when one class has no rows
     */
    public double rocAuc() {
        long n = negatives();
        if (positives == 0 || n == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average 1-based rank of the tie group
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += rank;
                }
            }
            i = j + 1;
        }
        double u = positiveRankSum - positives * (positives + 1.0) / 2;
        return u / ((double) positives * n);
    }

    /**
     * The lowest threshold whose false-positive rate stays within {@code maxFpr}, and the recall there.
     * With {@code k = floor(maxFpr * benign rows)} benign rows allowed to be flagged, the threshold sits
     * one float32 step above the (k+1)-th highest benign score (as {@code threshold_for_fpr} of
     * {@code training/evaluation.py}). When benign rows score the maximum, the threshold may exceed 1
     * and nothing is flagged: the budget cannot be met by any threshold.
     *
     * @param maxFpr the false-positive budget in [0, 1]
     * @return the operating point; recall NaN when there are no malicious rows
     */
    public OperatingPoint atFalsePositiveRate(double maxFpr) {
        if (!(maxFpr >= 0 && maxFpr <= 1)) {
            throw new IllegalArgumentException("false-positive rate must be in [0, 1], got " + maxFpr);
        }
        int n = benignDescending.length;
        int k = (int) Math.floor(maxFpr * n + 1e-9);
        double threshold;
        if (n == 0 || k >= n) {
            threshold = lowestScore();
        } else {
            threshold = Math.nextUp((float) benignDescending[k]);
        }
        Confusion c = at(threshold);
        return new OperatingPoint(maxFpr, threshold, c.falsePositiveRate(), positives == 0 ? Double.NaN : c.recall());
    }

    private double lowestScore() {
        double low = Double.POSITIVE_INFINITY;
        for (double s : scores) {
            low = Math.min(low, s);
        }
        return low;
    }

    /**
     * @param threshold flag rows whose score is at or above this
     * @return one entry per (family, label), in order of first appearance; empty without families
     */
    public List<FamilyRate> byFamily(double threshold) {
        if (families == null) {
            return List.of();
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            long[] c = counts.computeIfAbsent(labels[i] + "\u0000" + families[i], key -> new long[2]);
            c[0]++;
            if (scores[i] >= threshold) {
                c[1]++;
            }
        }
        List<FamilyRate> out = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String key = e.getKey();
            out.add(new FamilyRate(key.substring(2), key.charAt(0) - '0', e.getValue()[0], e.getValue()[1]));
        }
        return out;
    }
}

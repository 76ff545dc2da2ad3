package io.procguard.ml.evaluation;

/**
 * The confusion matrix of a binary decision at one threshold (a row is flagged when its score is at or
 * above it), with the metrics derived from it. Immutable. Class 1 (malicious) is the positive class.
 * A ratio whose denominator is 0 reads 0, as scikit-learn's {@code zero_division=0}.
 *
 * @param threshold the decision threshold
 * @param tp malicious rows flagged
 * @param fp benign rows flagged
 * @param tn benign rows not flagged
 * @param fn malicious rows not flagged
 */
public record Confusion(double threshold, long tp, long fp, long tn, long fn) {

    /** @return rows counted */
    public long rows() {
        return tp + fp + tn + fn;
    }

    /** @return (tp + tn) / rows */
    public double accuracy() {
        return ratio(tp + tn, rows());
    }

    /** @return tp / (tp + fp): the share of flagged rows that are malicious */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** @return tp / (tp + fn): the share of malicious rows flagged (detection rate) */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** @return fp / (fp + tn): the share of benign rows flagged */
    public double falsePositiveRate() {
        return ratio(fp, fp + tn);
    }

    /** @return the F1 score of the malicious class: 2 tp / (2 tp + fp + fn) */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** @return the F1 score of the benign class: 2 tn / (2 tn + fn + fp) */
    public double f1Benign() {
        return ratio(2 * tn, 2 * tn + fn + fp);
    }

    /** @return the unweighted mean of both classes' F1 (scikit-learn's {@code f1_score(average="macro")}) */
    public double macroF1() {
        return (f1() + f1Benign()) / 2;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }
}

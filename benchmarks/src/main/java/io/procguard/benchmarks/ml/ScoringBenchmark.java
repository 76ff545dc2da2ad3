package io.procguard.benchmarks.ml;

import io.procguard.ml.BehaviourFeatures;
import io.procguard.ml.OnnxClassifier;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of scoring one process vector with {@link OnnxClassifier} (target: median at most 10 us),
 * against a baseline that only reads the same vector (a dot product with fixed weights). Uses the
 * bundled model, or {@code -Dprocguard.model=PATH}. SampleTime mode reports the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {
    /** How many process vectors one call scores: 1 is the live-scoring case, 64 a batch. */
    @Param({"1", "64"})
    public int rows;

    private OnnxClassifier classifier;
    private float[] vectors;
    private float[] weights;

    @Setup(Level.Trial)
    public void load() {
        String model = System.getProperty("procguard.model");
        classifier = model == null ? OnnxClassifier.loadDefault() : OnnxClassifier.load(Path.of(model));
        int f = new BehaviourFeatures().schema().size();
        Random random = new Random(1);
        vectors = new float[rows * f];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random.nextInt(4) == 0 ? random.nextFloat() : 0; // sparse, like real vectors
        }
        weights = new float[f];
        for (int i = 0; i < f; i++) {
            weights[i] = random.nextFloat();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        classifier.close();
    }

    /** Baseline: touch every value once (what any scorer must at least do). */
    @Benchmark
    public double baselineDotProduct() {
        double sum = 0;
        int f = weights.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < f; i++) {
                sum += vectors[r * f + i] * weights[i];
            }
        }
        return sum;
    }

    /** The RandomForest on ONNX Runtime, one session call for {@code rows} vectors. */
    @Benchmark
    public double[] onnxScore() {
        return classifier.scoreRows(vectors, rows);
    }
}

package io.procguard.ml;

import io.procguard.strace.Arguments;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a read-only open of a given argument text comes to, remembered by that whole text: programs open the
 * same files again and again (every process of a build or of git its libraries, locale files, configuration),
 * and comparing the text is cheaper than scanning its arguments, reading its flags, decoding and joining its
 * path, hashing it and testing the rules. Only results that are a function of the text alone are kept: a
 * read-only open without a path, or of a path no read rule can match ({@link PathRules#mayMatchRead}), whose
 * only effect is the path's hash in the distinct-files sketch.
 * Single writer, not thread-safe: one per thread ({@link #get()}), used within one event, shared by the
 * accumulators of that thread (results depend on the text only, not on the process).
 *
 * <p>A direct-mapped table of {@value #SLOTS} texts of at most {@value #MAX_TEXT} characters (at most about
 * 300 KB per thread): a text evicts the one in its slot.
 */
final class OpenMemo {
    /** {@link #find}: this text is not remembered. */
    static final long MISS = Long.MIN_VALUE;
    /** A result: a read-only open whose argument holds no path literal. */
    static final long NO_PATH = 1L << 32;
    /** Result bit: a read-only open of a path no read rule matches; the low 32 bits are its hash. */
    static final long PATH = 1L << 33;

    /** Entries (a power of two). */
    static final int SLOTS = 1024;
    /** Longer texts are not remembered. */
    static final int MAX_TEXT = 256;

    private static final ThreadLocal<OpenMemo> PER_THREAD = ThreadLocal.withInitial(OpenMemo::new);
    /** Reads eight bytes of an array as one long, for the key hash. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[][] texts = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];
    private final int[] syscalls = new int[SLOTS];
    private final long[] results = new long[SLOTS];
    /** The text of the last {@link #find}, and the slot it maps to (-1: not to be remembered). */
    private final byte[] text = new byte[MAX_TEXT];
    private int textLength;
    private int textSyscall;
    private int slot = -1;

    private OpenMemo() {
    }

    /** @return this thread's memo */
    static OpenMemo get() {
        return PER_THREAD.get();
    }

    /**
     * @param args an open's whole argument text
     * @param syscall its syscall id (part of the key: the path and flags are other arguments of other calls)
     * @return the remembered result, or {@link #MISS}; after a miss {@link #remember} stores a result for the
     *     same text
     */
    long find(CharSequence args, int syscall) {
        int n = args.length();
        if (n > MAX_TEXT || Arguments.copyBytes(args, text, 0) < 0) {
            slot = -1;
            return MISS;
        }
        int s = slotOf(text, n, syscall);
        byte[] kept = texts[s];
        if (kept != null && lengths[s] == n && syscalls[s] == syscall && Arrays.equals(kept, 0, n, text, 0, n)) {
            slot = -1;
            return results[s];
        }
        slot = s;
        textLength = n;
        textSyscall = syscall;
        return MISS;
    }

    /**
     * Keeps a result for the text of the last {@link #find}, which missed; nothing happens after a hit, or
     * for text that is not remembered.
     *
     * @param result {@link #NO_PATH}, or {@link #PATH} with the path's hash in the low 32 bits
     */
    void remember(long result) {
        int s = slot;
        if (s < 0) {
            return;
        }
        slot = -1;
        byte[] kept = texts[s];
        if (kept == null || kept.length < textLength) {
            kept = new byte[Math.max(textLength, 96)];
            texts[s] = kept;
        }
        System.arraycopy(text, 0, kept, 0, textLength);
        lengths[s] = textLength;
        syscalls[s] = textSyscall;
        results[s] = result;
    }

    /** A multiplicative hash of eight bytes at a time (not String's: only this table uses it). */
    private static int slotOf(byte[] b, int n, int syscall) {
        long h = n * 0x9E3779B97F4A7C15L + syscall;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            h = (h ^ (long) EIGHT_BYTES.get(b, i)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < n; i++) {
            h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h >>> 54) & (SLOTS - 1);
    }
}

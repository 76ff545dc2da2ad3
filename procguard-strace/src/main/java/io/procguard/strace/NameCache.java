package io.procguard.strace;

import io.procguard.core.Errnos;
import io.procguard.core.Signals;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * Canonical {@link String}s for short names seen as bytes (errno and signal names), so a parsed line
 * allocates no String for them: a small open-addressing table, preloaded with the known names, caching
 * at most {@code maxExtra} unknown ones (beyond that a fresh String is made). Single-threaded.
 */
final class NameCache {
    private byte[][] keys;
    private String[] names;
    private int[] numbers;
    /** True while the arrays are the preloaded cache's, shared with every parser: copied before the first write. */
    private boolean shared;
    private final int mask;
    private final int maxSize;
    private final ToIntFunction<String> numberOf;
    private int size;
    /** Number of the name returned by the last {@link #lookup}. */
    int lastNumber;
    /** The last name looked up (up to 16 bytes): its length (0 for none), its bytes as two masked words, String and number. */
    private int lastLength;
    private long lastFirst;
    private long lastSecond;
    private String lastName;
    private int lastHitNumber;

    /** Built once; each parser gets a copy ({@link #errnos()}, {@link #signals()}). */
    private static final NameCache ERRNOS = preloadErrnos();
    private static final NameCache SIGNALS = preloadSignals();

    private NameCache(int slots, int maxSize, ToIntFunction<String> numberOf) {
        keys = new byte[slots][];
        names = new String[slots];
        numbers = new int[slots];
        mask = slots - 1;
        this.maxSize = maxSize;
        this.numberOf = numberOf;
    }

    /** A cache that starts as a preloaded one: its arrays are shared until this cache adds a name, then copied. */
    private NameCache(NameCache preloaded) {
        keys = preloaded.keys;
        names = preloaded.names;
        numbers = preloaded.numbers;
        shared = true;
        mask = preloaded.mask;
        maxSize = preloaded.maxSize;
        numberOf = preloaded.numberOf;
        size = preloaded.size;
    }

    /** @return a cache of errno names ({@code ENOENT}, {@code ERESTARTSYS}, ...) with their numbers */
    static NameCache errnos() {
        return new NameCache(ERRNOS);
    }

    /** @return a cache of signal names ({@code SIGCHLD}, {@code SIGRTMIN+3}, ...) with their numbers */
    static NameCache signals() {
        return new NameCache(SIGNALS);
    }

    private static NameCache preloadErrnos() {
        NameCache c = new NameCache(2048, 1024, Errnos::number);
        for (int n = 1; n < 1024; n++) {
            String name = Errnos.name(n);
            if (name != null) {
                c.add(name);
            }
        }
        c.add("EWOULDBLOCK");
        c.add("EDEADLOCK");
        c.add("ENOTSUP");
        return c;
    }

    private static NameCache preloadSignals() {
        NameCache c = new NameCache(512, 256, Signals::number);
        for (int n = 1; n <= 64; n++) {
            c.add(Signals.name(n));
        }
        c.add("SIGRTMIN");
        c.add("SIGIOT");
        c.add("SIGPOLL");
        return c;
    }

    private void add(String name) {
        byte[] k = name.getBytes(StandardCharsets.ISO_8859_1);
        lookup(k, 0, k.length);
    }

    /** @return the canonical String of {@code b[from, to)}; its number is left in {@link #lastNumber} */
    String lookup(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 16 || from + 16 > b.length) {
            return lookupInTable(b, from, to);
        }
        // runs of one name are common (gcc's realpath: thousands of EINVAL in a row): the last one, as two masked words
        long first = ByteSearch.word(b, from) & ByteSearch.prefixMask(len);
        long second = ByteSearch.word(b, from + 8) & ByteSearch.prefixMask(len - 8);
        if (len == lastLength && first == lastFirst && second == lastSecond) {
            lastNumber = lastHitNumber;
            return lastName;
        }
        String name = lookupInTable(b, from, to);
        lastLength = len;
        lastFirst = first;
        lastSecond = second;
        lastName = name;
        lastHitNumber = lastNumber;
        return name;
    }

    private String lookupInTable(byte[] b, int from, int to) {
        int len = to - from;
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        int i = (h ^ (h >>> 15)) & mask;
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].length == len && java.util.Arrays.equals(keys[i], 0, len, b, from, to)) {
                lastNumber = numbers[i];
                return names[i];
            }
        }
        String name = new String(b, from, len, StandardCharsets.ISO_8859_1);
        lastNumber = numberOf.applyAsInt(name);
        if (size < maxSize) {
            if (shared) { // a name the preloaded cache lacks: this parser's own copy from now on
                keys = keys.clone();
                names = names.clone();
                numbers = numbers.clone();
                shared = false;
            }
            keys[i] = java.util.Arrays.copyOfRange(b, from, to);
            names[i] = name;
            numbers[i] = lastNumber;
            size++;
        }
        return name;
    }
}

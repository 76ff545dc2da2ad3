package io.procguard.ml;

import java.util.function.Function;

/**
 * The last two argument texts a pure decoder was run on, and its results: a process passes the same dirfd or
 * socket address again and again, or alternates between two (a resolver between the nscd socket and its DNS
 * server, opens relative to a dirfd and to the cwd), and comparing the text is cheaper than decoding it.
 * Single writer, not thread-safe; holds at most {@value #MAX_TEXT} characters of text per entry.
 */
final class LastDecoded {
    /** Longer text is decoded every time rather than kept. */
    static final int MAX_TEXT = 1024;

    private final Function<CharSequence, String> decoder;
    /** The most recent text and its result. */
    private String text;
    private String decoded;
    /** The one before. */
    private String olderText;
    private String olderDecoded;

    /** @param decoder a pure function of the text (the same text always gives an equal result) */
    LastDecoded(Function<CharSequence, String> decoder) {
        this.decoder = decoder;
    }

    /**
     * @param argument the argument text (read during the call only)
     * @return what the decoder gives for it, possibly null
     */
    String decode(CharSequence argument) {
        if (same(text, argument)) {
            return decoded;
        }
        if (same(olderText, argument)) {
            String t = olderText;
            String d = olderDecoded;
            olderText = text;
            olderDecoded = decoded;
            text = t;
            decoded = d;
            return d;
        }
        String result = decoder.apply(argument);
        if (argument.length() <= MAX_TEXT) {
            olderText = text;
            olderDecoded = decoded;
            text = argument.toString();
            decoded = result;
        }
        return result;
    }

    private static boolean same(String kept, CharSequence argument) {
        return kept != null && kept.length() == argument.length() && kept.contentEquals(argument);
    }
}

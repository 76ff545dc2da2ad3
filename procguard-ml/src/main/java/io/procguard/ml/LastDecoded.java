package io.procguard.ml;

import java.util.function.Function;

/**
 * The last argument text a pure decoder was run on, and its result: a process passes the same dirfd or
 * socket address again and again, and comparing the text is cheaper than decoding it. Single writer, not
 * thread-safe; holds at most {@value #MAX_TEXT} characters of text.
 */
final class LastDecoded {
    /** Longer text is decoded every time rather than kept. */
    static final int MAX_TEXT = 1024;

    private final Function<CharSequence, String> decoder;
    private String text;
    private String decoded;

    /** @param decoder a pure function of the text (the same text always gives an equal result) */
    LastDecoded(Function<CharSequence, String> decoder) {
        this.decoder = decoder;
    }

    /**
     * @param argument the argument text (read during the call only)
     * @return what the decoder gives for it, possibly null
     */
    String decode(CharSequence argument) {
        String last = text;
        if (last != null && last.length() == argument.length() && last.contentEquals(argument)) {
            return decoded;
        }
        String result = decoder.apply(argument);
        if (argument.length() <= MAX_TEXT) {
            text = argument.toString();
            decoded = result;
        }
        return result;
    }
}

package io.procguard.cli;

import java.util.Locale;

/**
 * Makes text from hostile sources (names a traced program chose, bytes of a file given as input) safe to
 * print on a terminal: every human-readable line that can carry such text goes through {@link #escape}, so a
 * traced program named {@code ESC ] 0 ; ...} cannot retitle, recolour or rewrite root's terminal, and a
 * carriage return or newline in a name cannot forge a line. JSON output needs none of this: Jackson escapes
 * control characters there. Stateless.
 */
public final class Printable {
    private Printable() {
    }

    /**
     * Escapes control and invisible formatting characters (terminal escapes, bidi overrides) as \xNN or \\uNNNN.
     *
     * @param s any text
     * @return {@code s}, or a copy with those characters escaped
     */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hidden = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029';
            if (hidden && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (hidden) {
                b.append(c < 0x100 ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}

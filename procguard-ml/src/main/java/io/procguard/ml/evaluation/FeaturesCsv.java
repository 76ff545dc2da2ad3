package io.procguard.ml.evaluation;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Single-threaded pull reader of a labelled features CSV, the format {@code procguard features} writes
 * and {@code training/train.py} reads: the header {@code trace,pid,comm,exe,family,label} followed by one
 * column per feature, then one row per process. Labels are 0/1 or the words train.py accepts
 * (benign, normal / malicious, suspicious, attack, ...). Not thread-safe.
 *
 * <p>{@link #next()} reads one row; the accessors describe it until the next call, and {@link #values()}
 * is one array reused for every row (copy it to keep it). Memory is bounded by the longest line
 * ({@value #MAX_LINE_CHARS} characters at most). The file is untrusted: every problem stops the read with
 * an {@link IOException} whose message starts with {@code file:line:column:}.
 */
public final class FeaturesCsv implements Closeable {
    /** The six columns before the features, in order. */
    public static final List<String> ID_COLUMNS = List.of("trace", "pid", "comm", "exe", "family", "label");
    /** The longest line accepted. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    private static final int LABEL = 5;
    private static final Set<String> POSITIVE = Set.of("1", "malicious", "suspicious", "attack", "true", "yes", "positive");
    private static final Set<String> NEGATIVE = Set.of("0", "benign", "normal", "false", "no", "negative");

    private final String source;
    private final Reader in;
    private final List<String> names;
    private final float[] values;
    private final List<String> fields = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private final StringBuilder line = new StringBuilder(4096);
    /** The first line of the current record (1-based). */
    private long lineNumber = 1;
    /** How many lines the current record spans (more than one when a quoted field holds a line end). */
    private long linesInRecord;
    private int label;
    private String trace;
    private String comm;
    private String exe;
    private String family;

    private FeaturesCsv(String source, Reader in) throws IOException {
        this.source = source;
        this.in = in;
        if (!readLine()) {
            lineNumber = 1;
            throw error(1, "empty file, expected a header " + String.join(",", ID_COLUMNS) + ",<features>");
        }
        split();
        for (int i = 0; i < ID_COLUMNS.size(); i++) {
            if (i >= fields.size() || !fields.get(i).strip().equals(ID_COLUMNS.get(i))) {
                throw error(1, "expected the header to start with " + String.join(",", ID_COLUMNS) + ", got '"
                        + shorten(line.toString(), 80) + "'");
            }
        }
        if (fields.size() == ID_COLUMNS.size()) {
            throw error(line.length() + 1, "no feature columns after the six id columns");
        }
        List<String> n = new ArrayList<>();
        for (int i = ID_COLUMNS.size(); i < fields.size(); i++) {
            String name = fields.get(i).strip();
            if (n.contains(name)) {
                throw error(columns.get(i), "duplicate feature '" + shorten(name, 40) + "'");
            }
            n.add(name);
        }
        this.names = List.copyOf(n);
        this.values = new float[names.size()];
    }

    /**
     * Opens a features CSV and reads its header.
     *
     * @param file the CSV (UTF-8)
     * @return a reader positioned before the first row
     * @throws IOException if the file cannot be read or its header is not a features header
     */
    public static FeaturesCsv open(Path file) throws IOException {
        Reader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
        try {
            return new FeaturesCsv(file.toString(), r);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** @return the feature columns of the header, in order */
    public List<String> featureNames() {
        return names;
    }

    /**
     * Reads the next row (blank lines are skipped).
     *
     * @return false at the end of the file
     * @throws IOException if the row is malformed (wrong field count, unknown label, non-finite value)
     */
    public boolean next() throws IOException {
        do {
            if (!readLine()) {
                return false;
            }
        } while (line.toString().isBlank());
        split();
        int expected = ID_COLUMNS.size() + names.size();
        if (fields.size() != expected) {
            throw error(columns.get(Math.min(fields.size(), expected) - 1), "expected " + expected + " fields, got " + fields.size());
        }
        label = label(fields.get(LABEL));
        if (label < 0) {
            throw error(columns.get(LABEL), notALabel(fields.get(LABEL)));
        }
        for (int i = 0; i < values.length; i++) {
            String f = fields.get(ID_COLUMNS.size() + i);
            float v;
            try {
                v = Float.parseFloat(f.strip());
            } catch (NumberFormatException e) {
                v = Float.NaN;
            }
            if (!Float.isFinite(v)) {
                throw error(columns.get(ID_COLUMNS.size() + i), "feature '" + names.get(i) + "' is not a finite float32: '"
                        + shorten(f, 40) + "'");
            }
            values[i] = v;
        }
        trace = fields.get(0);
        comm = fields.get(2);
        exe = fields.get(3);
        String fam = fields.get(4).strip();
        family = fam.isEmpty() ? (label == 1 ? "malicious" : "benign") : fam;
        return true;
    }

    /**
     * @param text a label as written in the CSV (surrounding blanks and case do not matter)
     * @return 1 for a malicious label (1, malicious, suspicious, attack, true, yes, positive), 0 for a benign one
     *     (0, benign, normal, false, no, negative), -1 for anything else; train.py accepts the same words
     */
    public static int label(String text) {
        String l = text.strip().toLowerCase(Locale.ROOT);
        return POSITIVE.contains(l) ? 1 : NEGATIVE.contains(l) ? 0 : -1;
    }

    /**
     * @param text a label that {@link #label} refuses
     * @return why, in one line: {@code label 'X' is neither benign (...) nor malicious (...)}
     */
    public static String notALabel(String text) {
        return "label '" + shorten(text, 40) + "' is neither benign (0, benign, normal) nor malicious (1, malicious, suspicious, attack)";
    }

    /** @return the 1-based line number of the current row */
    public long lineNumber() {
        return lineNumber;
    }

    /** @return the trace column of the current row */
    public String trace() {
        return trace;
    }

    /** @return the comm column of the current row */
    public String comm() {
        return comm;
    }

    /** @return the exe column of the current row */
    public String exe() {
        return exe;
    }

    /** @return the family column of the current row ({@code benign}/{@code malicious} when empty, as train.py) */
    public String family() {
        return family;
    }

    /** @return the current row's label: 1 malicious, 0 benign */
    public int label() {
        return label;
    }

    /** @return the current row's feature values in header order (one array reused for every row) */
    public float[] values() {
        return values;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Reads one record into {@link #line} without its terminator; false at the end. A record goes on over
     * line ends inside a quoted field (RFC 4180: a trace file name, a comm or an exe may hold a newline; the
     * writer quotes it, Python's csv module reads it), so {@link #line} may hold newlines.
     */
    private boolean readLine() throws IOException {
        line.setLength(0);
        lineNumber += linesInRecord;
        linesInRecord = 0;
        int c = in.read();
        if (c < 0) {
            return false;
        }
        linesInRecord = 1;
        boolean quoted = false;
        boolean fieldStart = true;
        boolean quoteClosed = false; // a '"' just ended a quoted field, unless another '"' follows (an escaped quote)
        while (c >= 0 && (c != '\n' || quoted)) {
            if (line.length() == MAX_LINE_CHARS) {
                throw error(MAX_LINE_CHARS, "line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (quoted) {
                quoted = c != '"';
                quoteClosed = c == '"';
                if (c == '\n') {
                    linesInRecord++;
                }
            } else {
                quoted = c == '"' && (fieldStart || quoteClosed);
                quoteClosed = false;
                fieldStart = c == ',';
            }
            line.append((char) c);
            c = in.read();
        }
        if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return true;
    }

    /** Splits {@link #line} into {@link #fields} (RFC 4180 quotes) and their start columns. */
    private void split() throws IOException {
        int unterminated = splitLine(line, fields, columns);
        if (unterminated > 0) {
            throw error(unterminated, "unterminated quote");
        }
    }

    /**
     * Splits one CSV record (RFC 4180 quotes; a quoted field may hold line ends). Stateless; shared by every
     * CSV reader of ProcGuard so they agree on quoting.
     *
     * @param line the record without its line end
     * @param fields cleared, then receives the field values
     * @param columns cleared, then receives each field's 1-based start column
     * @return 0, or the 1-based column of a field whose quote is never closed (fields is then incomplete)
     */
    public static int splitLine(CharSequence line, List<String> fields, List<Integer> columns) {
        fields.clear();
        columns.clear();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        columns.add(1);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
                columns.add(i + 2);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return columns.get(columns.size() - 1);
        }
        fields.add(cur.toString());
        return 0;
    }

    /** @param column the 1-based position in {@link #line}, which is told as the line and column it is on in the file */
    private IOException error(int column, String what) {
        long at = lineNumber;
        int lineStart = 0;
        for (int i = 0; i < Math.min(column - 1, line.length()); i++) {
            if (line.charAt(i) == '\n') {
                at++;
                lineStart = i + 1;
            }
        }
        return new IOException(source + ":" + at + ":" + (column - lineStart) + ": " + what);
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}

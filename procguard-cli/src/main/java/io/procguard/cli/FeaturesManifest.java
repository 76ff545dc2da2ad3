package io.procguard.cli;

import io.procguard.ml.evaluation.FeaturesCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code --manifest} CSV of {@code procguard features} ({@code trace,family,label} rows after a
 * header) and quotes CSV fields. Stateless.
 */
final class FeaturesManifest {
    /**
     * One trace to export.
     *
     * @param name the trace as written in the manifest (the {@code trace} column of the output)
     * @param path where to read it (relative names resolved against the manifest's folder)
     * @param family the family column
     * @param label the label column
     */
    record Entry(String name, String path, String family, String label) {
    }

    private FeaturesManifest() {
    }

    /**
     * @param manifest the {@code --manifest} file
     * @return its traces, in order
     * @throws CliException (exit 3) for a manifest that is missing, a directory, unreadable or not UTF-8 text, or a
     *     row that is not {@code trace,family,label} with a label {@link FeaturesCsv#label} accepts (or none)
     */
    static List<Entry> read(Path manifest) {
        List<String> lines = physicalLines(text(manifest));
        if (lines.isEmpty() || !split(lines.get(0), manifest, 1).equals(List.of("trace", "family", "label"))) {
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ":1:1: expected the header trace,family,label");
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int first = i + 1; // a record goes on over the next lines while a quoted field is open (a name with a newline)
            StringBuilder record = new StringBuilder(lines.get(i));
            while (FeaturesCsv.splitLine(record, new ArrayList<>(), new ArrayList<>()) > 0 && i + 1 < lines.size()) {
                record.append('\n').append(lines.get(++i));
            }
            List<String> f = split(record.toString(), manifest, first);
            if (f.size() != 3 || f.get(0).isEmpty()) {
                throw new CliException(ExitCodes.BAD_INPUT, manifest + ":" + first + ":1: expected 3 fields trace,family,label, got "
                        + f.size());
            }
            if (!f.get(2).isBlank() && FeaturesCsv.label(f.get(2)) < 0) {
                throw new CliException(ExitCodes.BAD_INPUT, manifest + ":" + labelPosition(record.toString(), first) + ": "
                        + FeaturesCsv.notALabel(f.get(2)) + " (leave it empty for unlabelled rows)");
            }
            Path p = Path.of(f.get(0));
            out.add(new Entry(f.get(0), (p.isAbsolute() ? p : base.resolve(p)).toString(), f.get(1), f.get(2)));
        }
        return out;
    }

    /** @return the manifest's text, or a one-line error naming what keeps it from being read as UTF-8 text */
    private static String text(Path manifest) {
        if (Files.isDirectory(manifest)) {
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ": is a directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ": permission denied", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (r.isError()) {
            int bad = in.position(); // the decoder stops before the first byte it cannot take
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new CliException(ExitCodes.BAD_INPUT, manifest + ":" + line + ":" + (bad - lineStart + 1)
                    + ": is not UTF-8 text (byte 0x" + String.format("%02x", bytes[bad] & 0xff) + "); a manifest is a UTF-8 CSV");
        }
        return out.flip().toString();
    }

    /** @return {@code LINE:COLUMN} where the third field (label) of a record that starts on line {@code first} starts */
    private static String labelPosition(String record, int first) {
        List<Integer> columns = new ArrayList<>();
        FeaturesCsv.splitLine(record, new ArrayList<>(), columns);
        int at = columns.get(2) - 1; // a quoted trace name may hold line ends: count them
        int lineStart = record.lastIndexOf('\n', at - 1) + 1;
        return (first + (int) record.substring(0, lineStart).chars().filter(c -> c == '\n').count()) + ":" + (at - lineStart + 1);
    }

    /** @return the text's lines without their line ends ({@code \n} or {@code \r\n}); no empty last line for a final end */
    private static List<String> physicalLines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Splits one CSV record with the project's one CSV splitter ({@link FeaturesCsv#splitLine}). */
    static List<String> split(String line, Path file, int lineNumber) {
        List<String> out = new ArrayList<>();
        int unterminated = FeaturesCsv.splitLine(line, out, new ArrayList<>());
        if (unterminated > 0) {
            throw new CliException(ExitCodes.BAD_INPUT, file + ":" + lineNumber + ":" + unterminated + ": unterminated quote");
        }
        return out;
    }

    /** @return the field, quoted if it holds a comma, quote or line break */
    static String quote(String field) {
        boolean plain = true;
        for (int i = 0; i < field.length() && plain; i++) {
            char c = field.charAt(i);
            plain = c != ',' && c != '"' && c != '\n' && c != '\r';
        }
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }
}

package io.procguard.ml.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the ADFA-LD dataset (UNSW, 2013) straight from its zip. Stateless and thread-safe.
 *
 * <p>Layout: {@code ADFA-LD/Training_Data_Master/*.txt} and {@code ADFA-LD/Validation_Data_Master/*.txt}
 * are normal traces; {@code ADFA-LD/Attack_Data_Master/<Family>_<N>/*.txt} are attacks, the family
 * being the folder name without its run number. Each file is one line of space-separated i386
 * system-call numbers; {@link I386Syscalls} maps them. Other entries (the dataset's own syscall list,
 * directories) are skipped.
 *
 * <p>The zip is treated as untrusted: an entry larger than {@link #MAX_ENTRY_BYTES} or a token that is
 * not a number in 0..{@value #MAX_SYSCALL_NUMBER} stops the read with an {@link IOException} naming
 * {@code zip!entry:line:column}.
 */
public final class AdfaLd {
    /** The largest trace file accepted (the largest real one is under 200 KB). */
    public static final long MAX_ENTRY_BYTES = 16L << 20;
    /** The largest system-call number accepted. */
    public static final int MAX_SYSCALL_NUMBER = 1023;

    private static final String TRAINING = "ADFA-LD/Training_Data_Master/";
    private static final String VALIDATION = "ADFA-LD/Validation_Data_Master/";
    private static final String ATTACK = "ADFA-LD/Attack_Data_Master/";

    private AdfaLd() {
    }

    /**
     * Reads every trace of the zip, in zip order.
     *
     * @param zip the dataset zip
     * @return the traces
     * @throws IOException if the zip cannot be read or holds a malformed trace
     */
    public static List<AdfaTrace> readAll(Path zip) throws IOException {
        List<AdfaTrace> all = new ArrayList<>();
        forEach(zip, all::add);
        return all;
    }

    /**
     * Streams the traces of the zip to a consumer, one at a time.
     *
     * @param zip the dataset zip (a regular file; symlinks are refused)
     * @param consumer receives each trace
     * @throws IOException if the zip cannot be read or holds a malformed trace
     */
    public static void forEach(Path zip, Consumer<AdfaTrace> consumer) throws IOException {
        if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(zip + ": not a regular file (the ADFA-LD zip is expected)");
        }
        int count = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip, LinkOption.NOFOLLOW_LINKS))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".txt")) {
                    continue;
                }
                String family;
                String split;
                if (name.startsWith(TRAINING)) {
                    family = AdfaTrace.NORMAL;
                    split = "training";
                } else if (name.startsWith(VALIDATION)) {
                    family = AdfaTrace.NORMAL;
                    split = "validation";
                } else if (name.startsWith(ATTACK)) {
                    family = attackFamily(name.substring(ATTACK.length()));
                    split = "attack";
                    if (family == null) {
                        continue;
                    }
                } else {
                    continue;
                }
                consumer.accept(new AdfaTrace(name, family, split, readNumbers(in, zip + "!" + name)));
                count++;
            }
        } catch (java.util.zip.ZipException bad) {
            throw new IOException(zip + ": not a readable zip: " + bad.getMessage(), bad);
        }
        if (count == 0) {
            throw new IOException(zip + ": no ADFA-LD traces found (expected ADFA-LD/Training_Data_Master/*.txt ...)");
        }
    }

    /** {@code Hydra_SSH_10/UAD-....txt} -> {@code Hydra_SSH}; null when the entry is not in a family folder. */
    static String attackFamily(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String folder = rest.substring(0, slash);
        int underscore = folder.lastIndexOf('_');
        if (underscore <= 0 || !folder.substring(underscore + 1).chars().allMatch(Character::isDigit)) {
            return folder;
        }
        return folder.substring(0, underscore);
    }

    private static int[] readNumbers(InputStream in, String where) throws IOException {
        int[] out = new int[256];
        int n = 0;
        long bytes = 0;
        int line = 1;
        int column = 0;
        int value = -1;
        int tokenColumn = 0;
        byte[] buf = new byte[8192];
        int r;
        while ((r = in.read(buf)) > 0) {
            bytes += r;
            if (bytes > MAX_ENTRY_BYTES) {
                throw new IOException(where + ": larger than " + MAX_ENTRY_BYTES + " bytes");
            }
            for (int i = 0; i < r; i++) {
                int c = buf[i] & 0xff;
                column++;
                if (c >= '0' && c <= '9') {
                    if (value < 0) {
                        value = 0;
                        tokenColumn = column;
                    }
                    value = value * 10 + (c - '0');
                    if (value > MAX_SYSCALL_NUMBER) {
                        throw new IOException("syscall number out of range at " + where + ":" + line + ":" + tokenColumn);
                    }
                } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    if (value >= 0) {
                        if (n == out.length) {
                            out = java.util.Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = value;
                        value = -1;
                    }
                    if (c == '\n') {
                        line++;
                        column = 0;
                    }
                } else {
                    throw new IOException("unexpected character '" + (c < 32 || c > 126 ? String.format("\\x%02x", c) : (char) c)
                            + "' in a list of syscall numbers at " + where + ":" + line + ":" + column);
                }
            }
        }
        if (value >= 0) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n + 1);
            }
            out[n++] = value;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}

package io.procguard.cli.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user account from the passwd database ({@code getent passwd UID}, an argv list, no shell), for
 * {@code run --user} and the daemon's runs: strace needs the user's name to switch to it, the command gets
 * its home. Immutable.
 *
 * @param uid the user id
 * @param name the login name
 * @param home the home directory
 */
public record Account(int uid, String name, String home) {
    /**
     * @param uid a user id
     * @return the account, or {@code null} if the uid has none (or it cannot be looked up)
     */
    public static Account lookup(int uid) {
        try {
            Process p = new ProcessBuilder(List.of("getent", "passwd", Integer.toString(uid)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            String[] f = new String(out, StandardCharsets.UTF_8).trim().split(":", -1);
            if (f.length < 7 || !f[2].equals(Integer.toString(uid)) || f[0].isEmpty()) {
                return null;
            }
            return new Account(uid, f[0], f[5].isEmpty() ? "/" : f[5]);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What {@link #environmentFrom} keeps of the caller's environment: the terminal and the language, nothing that grants or points anywhere. */
    private static final java.util.Set<String> KEPT = java.util.Set.of("TERM", "COLORTERM", "LANG", "LANGUAGE", "TZ", "DISPLAY");

    /** The {@code PATH} a program run as an ordinary user gets (the daemon's runs and {@code run --user}). */
    public static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin";

    /**
     * The whole environment of a program run as this account from root's session ({@code run --user}), as {@code sudo}
     * resets it: {@code HOME}, {@code USER}, {@code LOGNAME}, a plain {@code PATH}, and of the caller's variables only
     * the terminal's and the language's ({@code TERM}, {@code COLORTERM}, {@code LANG}, {@code LANGUAGE}, {@code LC_*},
     * {@code TZ}, {@code DISPLAY}). Root's secrets ({@code AWS_SECRET_ACCESS_KEY}, tokens), its {@code PATH} (root's
     * own bin directories) and loader or runtime hooks ({@code LD_PRELOAD}, {@code JAVA_TOOL_OPTIONS},
     * {@code PYTHONPATH}) do not reach the untrusted program; give it a variable with {@code env NAME=VALUE CMD}.
     *
     * @param session the caller's environment
     * @return the program's environment, in a stable order
     */
    public Map<String, String> environmentFrom(Map<String, String> session) {
        Map<String, String> env = new java.util.TreeMap<>();
        session.forEach((k, v) -> {
            if (KEPT.contains(k) || k.startsWith("LC_")) {
                env.put(k, v);
            }
        });
        env.put("PATH", uid == 0 ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : USER_PATH);
        env.putAll(identity());
        return env;
    }

    /** @return {@code HOME}, {@code USER} and {@code LOGNAME} of this account, in that order, for the program's environment */
    public Map<String, String> identity() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home);
        env.put("USER", name);
        env.put("LOGNAME", name);
        return env;
    }
}

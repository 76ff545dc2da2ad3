package io.procguard.cli.monitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds strace's argument vector for a live session. Immutable, thread-safe. The argv goes to
 * {@link ProcessBuilder} as a list: no shell ever sees a user string.
 *
 * <p>The flags: {@code -f} follows forks and threads; {@code -ttt} epoch timestamps and {@code -T} time
 * in each call (features and log times); {@code -yy} paths and socket endpoints next to fds (evidence
 * like {@code connect(3<TCP:[...]>...)}); {@code -s 256} enough of each argv string and data buffer
 * (paths print whole anyway); {@code --quiet=attach,personality} keeps strace's attach/detach chatter off the terminal it shares
 * with the traced program, while exit and signal lines still go into the trace. {@code -o FIFO} sends
 * the trace to its own channel, so the program's stdout and stderr stay untouched.
 *
 * <p>strace's own environment: when the session has no {@code TZ}, strace gets {@code TZ=:/etc/localtime}
 * ({@link #straceEnvironment}) and the command gets it taken out again ({@code -E TZ}), so the program
 * sees the environment it was given. Without {@code TZ}, glibc's {@code localtime} checks
 * {@code /etc/localtime} with a {@code stat} at every call, and strace calls it for every timestamped
 * line: one extra syscall per traced syscall, which cost 9-10 % of strace's CPU on a {@code find} (see
 * benchmarks/README.md). {@code :/etc/localtime} is the zone glibc uses anyway; {@code -ttt} prints epoch
 * seconds, so the trace is the same.
 */
public final class StraceCommand {
    /**
     * The syscall classes the lean mode traces (strace {@code -e trace=}): what the features use. {@code ioctl} is
     * there for one fact: a failed {@code ioctl(0, TCGETS)} ({@code ENOTTY}) says stdin is no terminal, which
     * {@code ind.setid_attempt} needs to tell {@code su} or {@code sudo} driven by a script from one typed at a
     * terminal (about 2 % of the calls of the corpus' full traces). {@code init_module} and {@code finit_module} (in no
     * class) are there for {@code ind.persistence}'s kernel modules ({@code insmod /tmp/x.ko}); they are rare.
     */
    public static final String LEAN_TRACE_SET =
            "%process,%network,%file,%creds,%signal,%ipc,dup,dup2,dup3,mprotect,ptrace,ioctl,init_module,finit_module";

    /** strace's {@code TZ} when the session has none: glibc's default zone, named so it is read once. */
    static final String STRACE_TIME_ZONE = ":/etc/localtime";

    /** The flags every session uses, before {@code -o}. */
    static final List<String> BASE_FLAGS = List.of("-f", "-ttt", "-T", "-yy", "-s", "256", "--quiet=attach,personality");

    private StraceCommand() {
    }

    /**
     * @param strace the strace binary
     * @param trace where strace writes the trace ({@code -o})
     * @param lean trace only {@link #LEAN_TRACE_SET}, filtered in the kernel ({@code --seccomp-bpf})
     * @param user run the command as this user ({@code -u}), or {@code null}
     * @param command the program and its arguments
     * @return the argv for {@code procguard run}
     */
    public static List<String> run(Path strace, Path trace, boolean lean, String user, List<String> command) {
        List<String> argv = common(strace, trace, lean);
        if (user != null) {
            argv.add("-u");
            argv.add(user);
        }
        if (straceEnvironment().containsKey("TZ")) {
            argv.add("-E"); // strace's TZ is not the program's: take it out of the command's environment
            argv.add("TZ");
        }
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    /**
     * @param strace the strace binary
     * @param trace where strace writes the trace ({@code -o})
     * @param lean trace only {@link #LEAN_TRACE_SET}
     * @param pids the processes to attach to, with all their threads ({@code -p} each; {@code -f} follows children)
     * @return the argv for {@code procguard attach}
     */
    public static List<String> attach(Path strace, Path trace, boolean lean, List<Integer> pids) {
        List<String> argv = common(strace, trace, lean);
        for (int pid : pids) {
            argv.add("-p");
            argv.add(Integer.toString(pid));
        }
        return argv;
    }

    /**
     * @return the variables strace's process gets on top of the session's environment: {@code TZ} when
     *     the session has none (see the class comment), else nothing
     */
    public static Map<String, String> straceEnvironment() {
        return System.getenv("TZ") == null ? Map.of("TZ", STRACE_TIME_ZONE) : Map.of();
    }

    /**
     * @param argv strace's argv
     * @return the command line as {@code --verbose} shows it: strace's added variables, then the argv,
     *     each word quoted as a POSIX shell would need it, so the line can be pasted into a shell (it is
     *     for reading only: procguard itself passes the argv as a list, never through a shell)
     */
    public static String describe(List<String> argv) {
        StringBuilder line = new StringBuilder();
        straceEnvironment().forEach((name, value) -> line.append(name).append('=').append(shellWord(value)).append(' '));
        for (int i = 0; i < argv.size(); i++) {
            line.append(i == 0 ? "" : " ").append(shellWord(argv.get(i)));
        }
        return line.toString();
    }

    /** @return {@code word} as is if a shell reads it literally, else in single quotes ({@code '} as {@code '\''}) */
    static String shellWord(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "@%+=:,./_-".indexOf(c) >= 0))) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Wraps an argv so that strace, and the program it starts, run in a new session without a controlling
     * terminal ({@code setsid}, util-linux, which then execs: same pid). For {@code run --user}: a program
     * that shares root's terminal as its controlling terminal can push keystrokes into root's shell with
     * {@code TIOCSTI}; without one it cannot. It still reads and writes the terminal through the inherited
     * descriptors, but Ctrl-C reaches only procguard, which passes it on.
     *
     * @param setsid the setsid binary
     * @param argv what to run
     * @return the wrapped argv
     */
    public static List<String> inNewSession(Path setsid, List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of(setsid.toString(), "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /**
     * Wraps an argv so that strace gets SIGKILL when the thread that starts it ends ({@code setpriv
     * --pdeathsig KILL}, which then execs strace: same pid): needed with a {@link TraceFile}, where a
     * monitor killed outright would otherwise leave strace appending to a file nobody reads, or stopped
     * by the backpressure with its tracees waiting. (A FIFO needs no such thing: strace's next write
     * fails.) Start it from a thread that lives as long as the session.
     *
     * @param setpriv the setpriv binary (util-linux)
     * @param argv strace's argv
     * @return the wrapped argv
     */
    public static List<String> dieWithParent(Path setpriv, List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    private static List<String> common(Path strace, Path trace, boolean lean) {
        List<String> argv = new ArrayList<>();
        argv.add(strace.toString());
        argv.addAll(BASE_FLAGS);
        if (lean) {
            argv.add("--seccomp-bpf");
            argv.add("-e");
            argv.add("trace=" + LEAN_TRACE_SET);
        }
        argv.add("-o");
        argv.add(trace.toString());
        return argv;
    }
}

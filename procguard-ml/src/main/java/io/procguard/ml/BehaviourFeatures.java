package io.procguard.ml;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureExtractor;
import io.procguard.core.FeatureSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ProcGuard's behaviour features, schema version {@value #SCHEMA_VERSION}: the same code exports the
 * training CSV ({@code procguard features}) and feeds live scoring, so the two cannot drift.
 * Thread-safe and stateless apart from the immutable schema; {@link #newAccumulator()} gives each
 * process its own single-writer accumulator with O(1) memory.
 *
 * <p>Features read the arguments strace prints (paths, socket addresses, flags, argv) and degrade
 * gracefully without them (e.g. traces without {@code -yy}, or datasets of bare syscall numbers).
 * Names, meanings and why each matters are in {@code procguard-ml/FEATURES.md}; {@link #markdownTable()}
 * generates its table.
 *
 * <p>The vector is the named {@link Feature}s followed by three fixed-size blocks (since schema 3; schemas 4, 5 and 7 changed the meaning of {@code ind.fork_storm}, 6 of {@code ind.staged_exec}, 8 of {@code ind.mem_exec} and {@code ind.credential_read}, 9 of {@code ind.credential_read}, {@code ind.log_tamper} and {@code ind.recon}, 10 of {@code ind.staged_exec} and {@code ind.masquerade}, 11 of {@code ind.staged_exec}, 12 of {@code ind.credential_read}, 13 of {@code ind.staged_exec}, 14 of {@code ind.credential_read}, {@code ind.recon}, {@code ind.persistence}, {@code ind.mass_rewrite}, {@code path.shell_rc_write}, {@code path.systemd_write}, {@code path.sensitive_write_log} and {@code file.hidden_write}, 15-19 of {@code ind.credential_read}, {@code ind.staged_exec}, {@code ind.mass_rewrite}, {@code ind.persistence} and {@code ind.account_tamper} (FEATURES.md), 20 of {@code ind.reverse_shell} and {@code ind.staged_exec}, 21 of {@code ind.staged_exec} and {@code ind.reverse_shell}, 22 of {@code ind.staged_exec}, 23 added {@code ind.cryptomining}, 24 and 25 changed {@code ind.persistence}, 26 {@code ind.cryptomining}, 27 the socket reads and writes of every payload rule on IPv6, 28 {@code ind.staged_exec} for php-fpm's UNIX socket, 29 {@code ind.persistence}, {@code ind.account_tamper} and {@code ind.log_tamper} for chattr's flags, 30 {@code ind.staged_exec} for gunicorn's, uvicorn's and puma's UNIX sockets, 31 {@code ind.cryptomining}'s DNS question and {@code ind.credential_read}'s metadata service on IPv6, 32 {@code ind.persistence} for system programs and libraries written, 33 {@code ind.log_tamper} for the firewall emptied, 34 {@code ind.persistence} for the ssh server's settings, 35 {@code ind.persistence}, {@code ind.account_tamper} and {@code ind.log_tamper} for a sweep's findings, 36 {@code ind.staged_exec} for a download renamed or copied, 37 {@code ind.staged_exec} for a line of a network read, 38 {@code ind.persistence} for a web shell written by hand, 39 {@code ind.setid_attempt} for a container engine's API asked for a host-reaching container, 40 {@code ind.credential_read} for tokens their clients hold, read by hand, 41 {@code ind.mass_rewrite} for files encrypted in place, 42 {@code ind.port_scan} for one service port swept over many hosts, 43 {@code ind.log_tamper} for a child cloned out of the tracer's reach and {@code ind.masquerade} for a program named like a kernel thread; 44-50 in FEATURES.md; 51 added {@code ind.dns_tunnel}, 52 read DNS questions without {@code -yy}, 53 counted a parent's children's questions together):
 * {@code sys.count.*} (log1p of each {@code sys.freq.*} group's count, same order), {@code sys.other.00..15}
 * (log1p counts of the calls outside the groups, hashed by call) and {@code seq.bigram.00..31} (shares of
 * consecutive call pairs of a thread, hashed by pair).
 */
public final class BehaviourFeatures implements FeatureExtractor {
    /** The schema version models are trained on; bumped whenever a name, order or meaning changes. */
    public static final String SCHEMA_VERSION = "53";

    /** Features counted in marks and reported as log1p(count). */
    static final Set<Feature> LOG_MARKS = EnumSet.of(Feature.ACT_THREADS_LOG, Feature.SIG_RECEIVED_LOG,
            Feature.SIG_SENT_LOG, Feature.PATH_PROC_SCAN, Feature.PATH_TMP_WRITE_LOG, Feature.PATH_SENSITIVE_READ_LOG,
            Feature.PATH_SENSITIVE_WRITE_LOG, Feature.NET_SOCKET_LOG, Feature.NET_BIND_COUNT, Feature.NET_ACCEPT_LOG,
            Feature.EXEC_COUNT_LOG, Feature.EXEC_RECON, Feature.MEM_ANON_EXEC);
    /** Features counted in marks and reported per syscall. */
    static final Set<Feature> RATE_MARKS = EnumSet.of(Feature.FILE_UNLINK_RATE, Feature.FILE_RENAME_RATE,
            Feature.FILE_TRUNCATE_RATE, Feature.FILE_CHMOD_RATE);
    /** Features set in marks and reported as 0/1. */
    static final Set<Feature> FLAG_MARKS = EnumSet.of(Feature.SIG_FAULT, Feature.SIG_FATAL, Feature.SIG_CORE_DUMPED,
            Feature.PATH_SHADOW_READ, Feature.PATH_SHADOW_WRITE, Feature.PATH_PASSWD_WRITE, Feature.PATH_SUDOERS,
            Feature.PATH_SUDOERS_WRITE, Feature.PATH_SSH_KEY_READ, Feature.PATH_SSH_WRITE, Feature.PATH_PROC_MEM,
            Feature.PATH_CRON_WRITE, Feature.PATH_SYSTEMD_WRITE, Feature.PATH_SHELL_RC_WRITE,
            Feature.PATH_LD_PRELOAD_WRITE, Feature.PATH_LOG_TAMPER, Feature.PATH_TMP_CHMOD_EXEC, Feature.FILE_CHMOD_EXEC,
            Feature.FILE_HIDDEN_WRITE, Feature.NET_CONNECT_INET, Feature.NET_LISTEN, Feature.NET_RAW_SOCKET,
            Feature.NET_DUP_SOCKET_TO_STDIO, Feature.NET_STDIO_SOCKET_IO, Feature.EXEC_SHELL, Feature.EXEC_SHELL_C,
            Feature.EXEC_SHELL_INTERACTIVE, Feature.EXEC_INTERPRETER, Feature.EXEC_DOWNLOADER, Feature.EXEC_FROM_TMP,
            Feature.EXEC_AFTER_CONNECT, Feature.EXEC_ENCODED_ARGS, Feature.MEM_WX_MAPPING, Feature.MEM_MEMFD,
            Feature.PRIV_SETUID, Feature.PRIV_SETGID, Feature.PRIV_CAPSET, Feature.PRIV_PTRACE,
            Feature.PRIV_PTRACE_ATTACH, Feature.PRIV_NAMESPACE, Feature.PRIV_MODULE, Feature.PROC_SETSID,
            Feature.PROC_RENAME, Feature.PROC_KILL_OTHERS);
    /** The {@code sys.freq.*} features in vector order; {@code sys.count.*} follows the same order. */
    static final Feature[] GROUPS;
    /** Index of the first {@code sys.count.*} value (after the named features). */
    static final int COUNT_BASE = Feature.values().length;
    /** Index of {@code sys.other.00}. */
    static final int OTHER_BASE;
    /** Index of {@code seq.bigram.00}. */
    static final int BIGRAM_BASE;
    /** Number of values in a vector. */
    static final int SIZE;

    /**
     * The indicators ({@code ind.*} with a severity), set in marks and reported as 0/1; {@code ind.count},
     * {@code ind.max_severity} and {@code ind.any} summarise them.
     */
    static final Set<Feature> INDICATORS;

    private static final FeatureSchema SCHEMA;

    static {
        List<Feature> groups = new ArrayList<>();
        for (Feature f : Feature.values()) {
            if (f.id().startsWith("sys.freq.")) {
                groups.add(f);
            }
        }
        GROUPS = groups.toArray(new Feature[0]);
        OTHER_BASE = COUNT_BASE + GROUPS.length;
        BIGRAM_BASE = OTHER_BASE + SyscallTable.OTHER_BUCKETS;
        SIZE = BIGRAM_BASE + SyscallTable.BIGRAM_BUCKETS;
        Set<Feature> indicators = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            if (f.severity() > 0) {
                indicators.add(f);
            }
        }
        INDICATORS = Collections.unmodifiableSet(indicators);
        List<String> names = new ArrayList<>();
        for (Feature f : Feature.values()) {
            names.add(f.id());
        }
        for (Feature f : GROUPS) {
            names.add("sys.count." + f.id().substring("sys.freq.".length()));
        }
        // two digits without String.format: its first use sets up locale data, ~15 ms of every start-up
        for (int b = 0; b < SyscallTable.OTHER_BUCKETS; b++) {
            names.add("sys.other." + twoDigits(b));
        }
        for (int b = 0; b < SyscallTable.BIGRAM_BUCKETS; b++) {
            names.add("seq.bigram." + twoDigits(b));
        }
        SCHEMA = new FeatureSchema(SCHEMA_VERSION, names);
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /**
     * One-line meaning of every value, in vector order; built on first use (the bucket texts search the
     * syscall table), not at every start-up.
     */
    private static final class Docs {
        static final String[] DOCS = build();

        private static String[] build() {
            List<String> docs = new ArrayList<>();
            for (Feature f : Feature.values()) {
                docs.add(f.doc());
            }
            for (Feature f : GROUPS) {
                docs.add("log1p(calls of the `" + f.id() + "` group): " + f.doc());
            }
            for (int b = 0; b < SyscallTable.OTHER_BUCKETS; b++) {
                docs.add("log1p(calls outside the sys.freq groups hashed here): " + SyscallTable.otherNames(b));
            }
            for (int b = 0; b < SyscallTable.BIGRAM_BUCKETS; b++) {
                docs.add("call order: share of a thread's consecutive call pairs (previous->current) hashed to bucket " + b
                        + "; common pairs there: " + SyscallTable.bigramExamples(b, 4));
            }
            return docs.toArray(new String[0]);
        }
    }

    @Override
    public FeatureSchema schema() {
        return SCHEMA;
    }

    @Override
    public FeatureAccumulator newAccumulator() {
        return new BehaviourAccumulator(this, null);
    }

    /** A child inherits its parent's fork generation, program name and the files the parent created. */
    @Override
    public FeatureAccumulator newAccumulator(FeatureAccumulator parent) {
        return new BehaviourAccumulator(this, parent instanceof BehaviourAccumulator p ? p : null);
    }

    /**
     * @param name a feature name of this schema
     * @return its one-line meaning, or {@code null} for an unknown name
     */
    public static String describe(String name) {
        int i = SCHEMA.indexOf(name);
        return i < 0 ? null : Docs.DOCS[i];
    }

    /** A few words per behaviour indicator, for one-line reports ({@link #headline}). */
    private static final Map<String, String> HEADLINES = Map.ofEntries(
            Map.entry("ind.credential_read", "credentials read"),
            Map.entry("ind.persistence", "persistence planted"),
            Map.entry("ind.account_tamper", "accounts or autostart tampered with"),
            Map.entry("ind.log_tamper", "logs wiped or defenses turned off"),
            Map.entry("ind.mass_rewrite", "mass rewrite of others' files (ransomware-like)"),
            Map.entry("ind.staged_exec", "staged or downloaded code run"),
            Map.entry("ind.masquerade", "masquerading"),
            Map.entry("ind.setid_attempt", "privilege change attempted"),
            Map.entry("ind.injection", "process injection"),
            Map.entry("ind.reverse_shell", "reverse shell"),
            Map.entry("ind.port_scan", "port scan"),
            Map.entry("ind.fork_storm", "fork storm"),
            Map.entry("ind.mem_exec", "executable memory made at run time"),
            Map.entry("ind.recon", "discovery"),
            Map.entry("ind.encoded_command", "encoded command line"),
            Map.entry("ind.cryptomining", "cryptocurrency mining"),
            Map.entry("ind.dns_tunnel", "data sent in DNS questions"));

    /**
     * @param name a feature name
     * @return a few words naming what a behaviour indicator found (e.g. {@code reverse shell} for
     *     {@code ind.reverse_shell}), or {@code null} for any other feature
     */
    public static String headline(String name) {
        return HEADLINES.get(name);
    }

    /**
     * @param name a feature name
     * @return the severity (1 low .. 3 high) if it is one of the {@code ind.*} behaviour indicators, else 0
     *     (also 0 for the summaries {@code ind.count}, {@code ind.max_severity}, {@code ind.any})
     */
    public static int indicatorSeverity(String name) {
        int i = SCHEMA.indexOf(name);
        return i < 0 || i >= COUNT_BASE ? 0 : Feature.values()[i].severity();
    }

    /** @return the Markdown table of FEATURES.md: index, name, meaning */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| # | name | meaning |\n| ---: | --- | --- |\n");
        List<String> names = SCHEMA.names();
        for (int i = 0; i < names.size(); i++) {
            sb.append("| ").append(i).append(" | `").append(names.get(i)).append("` | ")
                    .append(Docs.DOCS[i].replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}

package io.procguard.cli.control;

import io.procguard.cli.monitor.Monitor;
import io.procguard.cli.monitor.Scoring;
import io.procguard.shm.StatusTable;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What every session of one daemon shares. Immutable; the parts are thread-safe or guarded as noted.
 *
 * @param options the per-session monitor options (without a status table: the daemon owns it)
 * @param scoring the features and the classifier, shared by all sessions (both thread-safe)
 * @param table the shared status table, or {@code null}; every write holds its monitor (it has one writer at a time)
 * @param strace the strace binary
 * @param lean {@code --seccomp-bpf}
 * @param out where the JSON status lines go ({@code --json}: stdout, {@code --json-out}: its file), or {@code null}
 * @param err stderr
 * @param log the daemon log
 */
record SessionContext(Monitor.Options options, Scoring scoring, StatusTable table, Path strace, boolean lean,
        PrintWriter out, PrintWriter err, DaemonLog log) {
}

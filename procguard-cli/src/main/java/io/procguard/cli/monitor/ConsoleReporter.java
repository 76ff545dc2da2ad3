package io.procguard.cli.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.cli.Printable;
import io.procguard.core.Status;
import io.procguard.core.Verdict;
import io.procguard.core.pipeline.PipelineListener;
import io.procguard.core.pipeline.ProcessExec;
import io.procguard.core.pipeline.ProcessExit;
import io.procguard.core.pipeline.ProcessStart;
import io.procguard.core.pipeline.StatusChange;
import io.procguard.ml.BehaviourFeatures;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the terminal shows while monitoring, and the JSON status lines. Human mode: one line on stderr when a
 * process becomes SUSPICIOUS or MALICIOUS (every change with {@code --verbose}) and a tally at the end.
 * {@code --json}: one JSON object per status change on stdout, nothing on stderr. {@code --json-out FILE}: the
 * JSON objects go to the file and stderr shows the human view (or what {@code --quiet} / {@code --verbose}
 * ask for). {@code --quiet}: nothing. Human lines carry names the traced program chose, so control characters in
 * them are escaped ({@link Printable}). Called on the publisher thread.
 */
public final class ConsoleReporter implements PipelineListener {
    /** The bundled classifier's wording of a feature's contribution: {@code NAME=VALUE (+DROP): MEANING}. */
    private static final Pattern FEATURE_REASON = Pattern.compile("([a-z][a-z0-9_.]*)=(\\S+) \\(\\+([0-9.]+)\\): .*", Pattern.DOTALL);
    /** The longest other reason shown on a status line. */
    public static final int MAX_REASON = 200;

    /** How much to show on stderr. */
    public enum Mode {
        /** Alarms and a final tally on stderr. */
        HUMAN,
        /** Every status change too. */
        VERBOSE,
        /** Nothing: {@code --json} gives the status changes as JSON lines on stdout instead. */
        JSON,
        /** Nothing. */
        QUIET
    }

    private final Mode mode;
    private final PrintWriter statusLines;
    private final PrintWriter err;
    private final Map<Status, Integer> finals = new EnumMap<>(Status.class);
    /**
     * Names from {@code /proc/PID/comm} of the live processes whose trace shows no name ({@code ?}): those attached to,
     * and their children until they exec.
     */
    private final Map<Integer, String> comms = new java.util.HashMap<>();
    private java.util.function.Supplier<String> trailer = () -> "";

    /**
     * @param mode what to show on stderr
     * @param statusLines where one JSON line per status change goes ({@code --json}: stdout, {@code --json-out}: the
     *     file), or {@code null} for none
     * @param err stderr (human lines)
     */
    public ConsoleReporter(Mode mode, PrintWriter statusLines, PrintWriter err) {
        this.mode = mode;
        this.statusLines = statusLines;
        this.err = err;
    }

    /** @param text appended to the final tally, e.g. where the logs are */
    public void trailer(String text) {
        this.trailer = () -> text;
    }

    /** @param text appended to the final tally, asked for when the tally is printed (e.g. whether the logs are complete) */
    public void trailer(java.util.function.Supplier<String> text) {
        this.trailer = text;
    }

    /**
     * The reasons of a status line (and of {@code procguard status}'s REASON column), read at a glance: a feature's contribution
     * ({@code NAME=VALUE (+DROP): MEANING}, as the bundled classifier words it) loses its meaning, which the logs and
     * {@code --verbose} keep, and an indicator is named in words first ({@code reverse shell (ind.reverse_shell +0.95)});
     * any other reason (a custom classifier's, the model's notes on the status) is kept, shortened to
     * {@value #MAX_REASON} characters.
     *
     * @param reasons a verdict's reasons
     * @return them joined by {@code "; "}
     */
    public static String brief(List<String> reasons) {
        StringBuilder sb = new StringBuilder();
        for (String r : reasons) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            Matcher m = FEATURE_REASON.matcher(r);
            if (m.matches()) {
                String headline = BehaviourFeatures.headline(m.group(1));
                sb.append(headline == null ? m.group(1) + "=" + m.group(2) + " (+" + m.group(3) + ")"
                        : headline + " (" + m.group(1) + " +" + m.group(3) + ")");
            } else {
                sb.append(r.length() > MAX_REASON ? r.substring(0, MAX_REASON - 3) + "..." : r);
            }
        }
        return sb.toString();
    }

    /** @return how many processes ended with each final status so far */
    public Map<Status, Integer> tally() {
        return new EnumMap<>(finals);
    }

    @Override
    public void onStart(ProcessStart s) {
        if ("?".equals(s.comm()) && (s.startTime() == 0 || ProcInfo.statStartTime(s.pid()) == s.startTime())) {
            String comm = ProcInfo.comm(s.pid());
            if (!comm.isEmpty()) {
                comms.put(s.pid(), comm);
            }
        }
    }

    @Override
    public void onExec(ProcessExec e) {
        comms.remove(e.pid());
    }

    /**
     * @param pid a live process
     * @param comm its name as the trace shows it
     * @return that name, or for {@code ?} the one {@code /proc} gave when the process was first seen, if any
     */
    String name(int pid, String comm) {
        return "?".equals(comm) ? comms.getOrDefault(pid, comm) : comm;
    }

    @Override
    public void onStatusChange(StatusChange c) {
        Verdict v = c.verdict();
        String comm = name(c.pid(), c.process().comm());
        if (statusLines != null) {
            ObjectNode o = Json.record("status", c.pid(), c.timeNanos());
            o.put("comm", comm);
            o.put("exe", c.process().exe());
            o.put("from", c.previous().name());
            ProcessLogWriter.verdict(o, v);
            statusLines.print(Json.line(o));
            statusLines.flush();
        }
        if (mode == Mode.VERBOSE || mode == Mode.HUMAN && v.status().atLeast(Status.SUSPICIOUS)) {
            String why = mode == Mode.VERBOSE ? String.join("; ", v.reasons()) : brief(v.reasons());
            err.println(Printable.escape("procguard: pid " + c.pid() + " (" + comm + ") " + c.previous() + " -> "
                    + v.status() + (Double.isNaN(v.score()) ? "" : String.format(java.util.Locale.ROOT, " score %.2f", v.score()))
                    + (why.isEmpty() ? "" : ": " + why)));
            err.flush();
        }
    }

    @Override
    public void onExit(ProcessExit x) {
        finals.merge(x.verdict().status(), 1, Integer::sum);
        comms.remove(x.pid());
    }

    @Override
    public void onEnd() {
        if (mode != Mode.HUMAN && mode != Mode.VERBOSE) {
            return;
        }
        int total = finals.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder sb = new StringBuilder("procguard: " + total + (total == 1 ? " process" : " processes"));
        String sep = ": ";
        for (Status s : Status.values()) {
            Integer n = finals.get(s);
            if (n != null) {
                sb.append(sep).append(n).append(' ').append(s.name().toLowerCase(java.util.Locale.ROOT));
                sep = ", ";
            }
        }
        err.println(Printable.escape(sb + trailer.get()));
        err.flush();
    }
}

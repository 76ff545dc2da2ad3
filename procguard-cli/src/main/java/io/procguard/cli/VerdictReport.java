package io.procguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.procguard.core.Verdict;
import io.procguard.core.process.ProcessRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders {@code analyze} results as a table for people or as JSON for scripts. Stateless. */
final class VerdictReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMM_WIDTH = 15;

    private VerdictReport() {
    }

    /** @return the index of the worst verdict (highest status, then highest score), or -1 if none */
    static int worst(List<Verdict> verdicts) {
        int worst = -1;
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            if (worst < 0) {
                worst = i;
                continue;
            }
            Verdict w = verdicts.get(worst);
            int byStatus = Integer.compare(v.status().code(), w.status().code());
            if (byStatus > 0 || byStatus == 0 && score(v) > score(w)) {
                worst = i;
            }
        }
        return worst;
    }

    private static double score(Verdict v) {
        return Double.isNaN(v.score()) ? -1 : v.score();
    }

    static String json(AnalyzeTrace trace, List<Verdict> verdicts, int worst, String classifier) {
        ObjectNode root = JSON.createObjectNode();
        root.put("verdict", worst < 0 ? "UNKNOWN" : verdicts.get(worst).status().name());
        putScore(root, worst < 0 ? Double.NaN : verdicts.get(worst).score());
        root.put("classifier", classifier);
        root.put("trace", trace.source());
        root.put("events", trace.events());
        root.put("malformed_lines", trace.malformedLines());
        ArrayNode processes = root.putArray("processes");
        for (int i = 0; i < verdicts.size(); i++) {
            ProcessRecord p = trace.processes().get(i);
            Verdict v = verdicts.get(i);
            ObjectNode n = processes.addObject();
            n.put("pid", p.pid());
            if (p.ppid() > 0) {
                n.put("ppid", p.ppid());
            } else {
                n.putNull("ppid"); // the log does not say who started it (its parent is not in the trace): as status says
            }
            n.put("comm", p.comm());
            n.put("exe", p.exe());
            p.argv().forEach(n.putArray("argv")::add);
            n.put("status", v.status().name());
            putScore(n, v.score());
            n.put("events", p.eventCount());
            n.put("exited", p.exited());
            if (p.exitCode() >= 0) {
                n.put("exit_code", p.exitCode());
            }
            if (p.signal() != null) {
                n.put("signal", p.signal());
            }
            v.reasons().forEach(n.putArray("reasons")::add);
            v.evidence().forEach(n.putArray("evidence")::add);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON rendering failed", e);
        }
    }

    private static void putScore(ObjectNode n, double score) {
        if (Double.isNaN(score)) {
            n.putNull("score");
        } else {
            n.put("score", Math.round(score * 10000) / 10000.0);
        }
    }

    static void table(PrintWriter out, AnalyzeTrace trace, List<Verdict> verdicts, int worst, String classifier) {
        out.printf(Locale.ROOT, "%-8s %-8s %-15s %-10s %6s %9s  %s%n", "PID", "PPID", "COMM", "STATUS", "SCORE", "EVENTS", "EXE");
        int alarming = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            ProcessRecord p = trace.processes().get(i);
            Verdict v = verdicts.get(i);
            out.printf(Locale.ROOT, "%-8d %-8s %-15s %-10s %6s %9d  %s%n", p.pid(), p.ppid() > 0 ? Integer.toString(p.ppid()) : "-",
                    printable(p.comm(), COMM_WIDTH),
                    v.status().name(), fmt(v.score()), p.eventCount(), printable(p.exe(), 80));
            if (v.status().atLeast(io.procguard.core.Status.SUSPICIOUS)) {
                alarming++;
                for (String r : v.reasons()) {
                    out.println("    why: " + printable(r, 160));
                }
                for (String e : v.evidence()) {
                    out.println("    saw: " + printable(e, 160));
                }
            }
        }
        Verdict w = worst < 0 ? null : verdicts.get(worst);
        out.printf(Locale.ROOT, "%nverdict: %s (score %s) - %d processes, %d suspicious or worse; classifier %s; %s%n",
                w == null ? "UNKNOWN" : w.status().name(), w == null ? "-" : fmt(w.score()), verdicts.size(), alarming,
                classifier, Printable.escape(trace.source()));
    }

    static String fmt(double score) {
        return Double.isNaN(score) ? "-" : String.format(Locale.ROOT, "%.3f", score);
    }

    /**
     * Escapes control and invisible formatting characters ({@link Printable}: a hostile comm or path must not drive the
     * terminal, nor turn a path around with a bidi override) and cuts long text.
     */
    static String printable(String s, int max) {
        String escaped = Printable.escape(s);
        return escaped.length() > max ? escaped.substring(0, max) + "..." : escaped;
    }
}

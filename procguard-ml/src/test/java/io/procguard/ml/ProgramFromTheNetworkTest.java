package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.procguard.core.process.ProcessRecord;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 20: a shell or interpreter that reads its program from a pipe fed by the network ({@code curl URL | sh}) runs
 * code nobody saved, and is {@code ind.staged_exec} like a download made executable. Real strace runs against a web
 * server on loopback; the fetcher is a line of Python standing in for curl (CI has no curl). The pipes are matched by
 * their inode, so the family merely being online is not enough.
 */
class ProgramFromTheNetworkTest {
    /** curl -s URL: writes the body of argv[1] to stdout. */
    private static final String FETCH = "/usr/bin/python3 -c 'import sys,urllib.request as u; "
            + "sys.stdout.buffer.write(u.urlopen(sys.argv[1]).read())' URL";

    private final BehaviourFeatures features = new BehaviourFeatures();
    private HttpServer server;
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void serveAScript() throws Exception {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        byte[] script = "echo fetched; id > /dev/null\n".getBytes(StandardCharsets.US_ASCII);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/x.sh", exchange -> {
            exchange.sendResponseHeaders(200, script.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(script);
            }
        });
        byte[] lines = "uname -a > /dev/null\nmkdir -p made && echo eval-done\n".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/lines.sh", exchange -> {
            exchange.sendResponseHeaders(200, lines.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(lines);
            }
        });
        byte[] library = systemLibrary() == null ? new byte[0] : Files.readAllBytes(systemLibrary());
        server.createContext("/libx.so", exchange -> {
            exchange.sendResponseHeaders(200, library.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(library);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.sh";
    }

    /**
     * @return a new private (0700) directory in the first writable one of the home, /var/cache and /var/lib that is not
     *     under /tmp, /var/tmp or /dev/shm; null if there is none
     */
    private static Path directoryOutsideTmp() throws java.io.IOException {
        for (String base : new String[] {System.getProperty("user.home"), "/var/cache", "/var/lib"}) {
            if (base == null || !Files.isDirectory(Path.of(base)) || !Files.isWritable(Path.of(base))) {
                continue;
            }
            String real = Path.of(base).toRealPath().toString() + "/";
            if (!real.startsWith("/tmp/") && !real.startsWith("/var/tmp/") && !real.startsWith("/dev/shm/")) {
                return Files.createTempDirectory(Path.of(real), "procguard-preload-test-",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
        }
        return null;
    }

    /** @return glibc's libm, a real shared library any x86_64 glibc system has, or null */
    private static Path systemLibrary() {
        for (String p : List.of("/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private List<ProcessRecord> trace(String script) throws Exception {
        return trace("/bin/sh", script);
    }

    /**
     * Runs {@code SHELL -c SCRIPT} in the test's directory under strace, FETCH in SCRIPT standing for the fetcher of
     * {@code /x.sh}, GETLINES for that of {@code /lines.sh}.
     */
    private List<ProcessRecord> trace(String shell, String script) throws Exception {
        Files.writeString(dir.resolve("local.sh"), "echo local\n");
        Path log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, shell, "-c",
                "cd '" + dir + "' && " + script.replace("GETLINES", FETCH.replace("URL", url.replace("/x.sh", "/lines.sh")))
                        .replace("FETCH", FETCH.replace("URL", url)));
        return StraceRuns.processes(log, features);
    }

    private static ProcessRecord withArgv(List<ProcessRecord> ps, String... argv) {
        return ps.stream().filter(p -> p.argv().equals(List.of(argv))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + List.of(argv) + " among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    @Test
    void aShellReadingAScriptFromTheNetworkRunsStagedCode() throws Exception {
        List<ProcessRecord> ps = trace("FETCH | /bin/sh > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        ProcessRecord shell = withArgv(ps, "/bin/sh");
        assertThat(shell.features().get("net.connect_inet")).as("the shell itself never connects").isZero();
        assertThat(shell.features().get("ind.staged_exec")).isEqualTo(1f);
        assertThat(shell.evidence()).as("the evidence shows what it ran").anySatisfy(l -> assertThat(l).startsWith("read(0<pipe:[")
                .contains("echo fetched; id > /dev/null"));
    }

    /** Schema 36: a download renamed or copied before it is made executable and run keeps its mark (real curl). */
    @Test
    void aDownloadRenamedOrCopiedIsStillTheDownload() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "no curl here (.ci/setup installs it)");
        List<ProcessRecord> ps = trace("curl -s -o dl.tmp " + url + " && mv dl.tmp kupd && chmod +x kupd && sh kupd > out.txt"
                + " && curl -s -o dl2 " + url + " && cp dl2 kupd4 && chmod +x kupd4 && cp local.sh mine && chmod +x mine");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        List<ProcessRecord> chmods = ps.stream().filter(p -> p.comm().equals("chmod")).toList();
        assertThat(chmods).extracting(p -> p.argv().get(2)).containsExactly("kupd", "kupd4", "mine");
        assertThat(chmods).extracting(p -> p.features().get("ind.staged_exec")).as("chmod +x of the renamed, the copied, a local file")
                .containsExactly(1f, 1f, 0f);
        assertThat(withArgv(ps, "sh", "kupd").features().get("ind.staged_exec")).as("sh kupd").isEqualTo(1f);
    }

    @Test
    void filtersBetweenTheDownloadAndTheShellDoNotHideIt() throws Exception {
        List<ProcessRecord> ps = trace("FETCH | base64 | base64 -d | /bin/sh > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void anInterpreterReadingItsProgramFromTheNetworkRunsStagedCode() throws Exception {
        // the server sends shell text; python fails on it, which does not matter: it read its program from the pipe
        List<ProcessRecord> ps = trace("FETCH | /usr/bin/python3 2> /dev/null; true");

        assertThat(withArgv(ps, "/usr/bin/python3").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void aScriptFromTheNetworkThroughProcessSubstitutionRunsStagedCode() throws Exception {
        // bash <(curl URL): the script is /dev/fd/63, a pipe; bash -c runs its last command in place, so the fetcher
        // is a child of the very process that then execs the inner bash
        List<ProcessRecord> ps = trace("/bin/bash", "bash <(FETCH) > out.txt");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "bash", "/dev/fd/63").features().get("ind.staged_exec")).isEqualTo(1f);

        ps = trace("/bin/bash", "true; /usr/bin/python3 <(FETCH) 2> /dev/null; true"); // forked, not in place
        assertThat(withArgv(ps, "/usr/bin/python3", "/dev/fd/63").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void aShellGivenArgumentsWithDashSStillReadsItsProgramFromTheNetwork() throws Exception {
        List<ProcessRecord> ps = trace("FETCH | /bin/sh -s -- --yes two > out.txt"); // curl URL | sh -s -- --yes

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh", "-s", "--", "--yes", "two").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void aProgramGivenOnTheCommandLineFromACommandSubstitutionOfTheNetworkRunsStagedCode() throws Exception {
        // bash -c "$(curl URL)": the outer shell reads the download, its child runs it as its -c program
        List<ProcessRecord> ps = trace("/bin/bash", "true; /bin/sh -c \"$(FETCH)\" > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh", "-c", "echo fetched; id > /dev/null").features().get("ind.staged_exec")).isEqualTo(1f);

        ps = trace("/bin/bash", "x=$(FETCH); y=$(echo local); exec /bin/sh -c \"$x\" > out.txt"); // in place, not the last read
        assertThat(withArgv(ps, "/bin/sh", "-c", "echo fetched; id > /dev/null").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void networkDataGivenAsAnArgumentOrPrintedIsNoProgram() throws Exception {
        List<ProcessRecord> ps = trace("/bin/bash", "x=$(FETCH); /bin/sh -c 'echo \"$1\"' sh \"$x\" > out.txt; /bin/sh -c 'echo local' >> out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("echo fetched; id > /dev/null\nlocal\n");
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).as("%s", p.argv()).isZero());
    }

    @Test
    void aShellSourcingAScriptFromTheNetworkRunsStagedCode() throws Exception {
        // source <(curl URL): no new program at all; the shell opens /dev/fd/63 and reads it as a script
        List<ProcessRecord> ps = trace("/bin/bash", "source <(FETCH) > out.txt; true");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        ProcessRecord shell = ps.stream().filter(p -> p.argv().size() == 3 && p.argv().get(2).contains("source <(")).findFirst().orElseThrow();
        assertThat(shell.features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void helpersForkedBeforeTheExecDoNotHideTheNetworkPipe() throws Exception {
        // a version manager's shim (pyenv) runs a dozen $(...) before it execs the interpreter; their children inherit
        // the network pipe as stdin without reading it, and their own pipes must not crowd it out of the family's memory
        // (the helpers run once the download is in the pipe, as behind a slow shim: the flag file says so)
        List<ProcessRecord> ps = trace("/bin/bash", "{ FETCH; : > fetched; } | /bin/bash -c 'until [ -e fetched ]; do sleep 0.02; done; "
                + "for i in 1 2 3 4 5 6 7 8; do v=$(echo $i); done; exec /bin/sh' > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void aDownloadedScriptRunByAShellOrInterpreterIsStaged() throws Exception {
        // curl -o x.sh URL && sh x.sh: no chmod, no exec of the file itself; forked, and in place (bash -c's last command)
        List<ProcessRecord> ps = trace("/bin/bash", "FETCH > x.sh; /bin/sh x.sh > out.txt; true");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh", "x.sh").features().get("ind.staged_exec")).isEqualTo(1f);

        ps = trace("/bin/bash", "FETCH > y.sh && exec /bin/sh y.sh > out.txt");
        assertThat(withArgv(ps, "/bin/sh", "y.sh").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    /**
     * Schema 47: a library its family downloaded, preloaded from anywhere (schema 21 knew only /tmp, /var/tmp, /dev/shm),
     * runs downloaded code; a copy of a system library made by the same family and preloaded the same way does not.
     */
    @Test
    void aDownloadedLibraryPreloadedOutsideTmpIsStagedButALocalCopyIsNot() throws Exception {
        assumeTrue(systemLibrary() != null, "no glibc libm at the usual places");
        // outside /tmp (the test's own directory is there, and so may be the checkout: schema 21 flags any library the
        // family did not build there)
        Path outside = directoryOutsideTmp();
        assumeTrue(outside != null, "no writable directory outside /tmp, /var/tmp and /dev/shm (home, /var/cache, /var/lib)");
        try {
            String getLibrary = FETCH.replace("URL", url.replace("/x.sh", "/libx.so"));
            List<ProcessRecord> ps = trace("/bin/bash", "cd '" + outside + "' && " + getLibrary + " > libfast.so; LD_PRELOAD=$PWD/libfast.so "
                    + "/bin/true; cp " + systemLibrary() + " libmine.so; LD_PRELOAD=$PWD/libmine.so /bin/echo mine > /dev/null; true");

            ProcessRecord preloaded = withArgv(ps, "/bin/true");
            assertThat(preloaded.features().get("ind.staged_exec")).as("the download, preloaded").isEqualTo(1f);
            assertThat(preloaded.evidence()).anySatisfy(l -> assertThat(l).startsWith("mmap(").contains("PROT_EXEC").contains("/libfast.so>"));
            assertThat(withArgv(ps, "/bin/echo", "mine").features().get("ind.staged_exec")).as("a local copy, preloaded").isZero();
        } finally {
            try (var files = Files.list(outside)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(outside);
        }
    }

    /**
     * Schema 46: dash opens a redirection's file in the shell before it forks the command, so the fetcher only writes to
     * its stdout, a file it did not create: its writes while connected mark it. A file the same shell writes from a local
     * command is not a download.
     */
    @Test
    void aDownloadSavedByADashRedirectionIsStillTheDownload() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/dash")), "no dash here");
        List<ProcessRecord> ps = trace("/bin/dash", "FETCH > x.sh; /bin/sh x.sh > out.txt; cat local.sh > y.sh; /bin/sh y.sh >> out.txt; true");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\nlocal\n");
        assertThat(withArgv(ps, "/bin/sh", "x.sh").features().get("ind.staged_exec")).as("the download").isEqualTo(1f);
        assertThat(withArgv(ps, "/bin/sh", "y.sh").features().get("ind.staged_exec")).as("a local copy").isZero();
    }

    @Test
    void aDownloadedScriptPipedOrRedirectedIntoAShellIsStaged() throws Exception {
        // curl -o x.sh URL; cat x.sh | sh: the file's reader passes network data on; sh < x.sh: stdin is the download
        List<ProcessRecord> ps = trace("/bin/bash", "FETCH > x.sh; cat x.sh | /bin/sh > out.txt; /bin/sh < x.sh >> out.txt");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\nfetched\n");
        assertThat(ps.stream().filter(p -> p.argv().equals(List.of("/bin/sh"))).toList()).hasSize(2)
                .allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).isEqualTo(1f))
                .anySatisfy(p -> assertThat(p.evidence()).as("sh < x.sh: the download on its stdin")
                        .anySatisfy(l -> assertThat(l).startsWith("dup2(").contains("/x.sh>, 0")));

        ps = trace("/bin/bash", "FETCH > d.txt; cat d.txt | wc -l > out.txt; while read l; do :; done < d.txt; cat local.sh | /bin/sh >> out.txt");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("1\nlocal\n");
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).as("%s", p.argv()).isZero());
    }

    @Test
    void aFetcherThatCreatesItsOutputBeforeItConnectsStillDownloadsIt() throws Exception {
        // wget -O x URL opens x, then connects; so does Python's open(x, 'wb').write(urlopen(URL).read())
        String fetchInto = "/usr/bin/python3 -c 'import sys,urllib.request as u; f=open(sys.argv[2], \"wb\"); "
                + "f.write(u.urlopen(sys.argv[1]).read())' " + url + " ";
        List<ProcessRecord> ps = trace("/bin/bash", fetchInto + "z.sh && /bin/sh z.sh > out.txt; true");
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("fetched\n");
        assertThat(withArgv(ps, "/bin/sh", "z.sh").features().get("ind.staged_exec")).isEqualTo(1f);

        ps = trace("/bin/bash", fetchInto + "tool && chmod +x tool && ./tool > out.txt; true");
        assertThat(ps.stream().filter(p -> p.argv().get(0).endsWith("chmod")).findFirst().orElseThrow()
                .features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void aLocalScriptRunBesideADownloadIsNot() throws Exception {
        List<ProcessRecord> ps = trace("/bin/bash", "FETCH > data.txt; /bin/sh local.sh > out.txt; true");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("local\n");
        assertThat(withArgv(ps, "/bin/sh", "local.sh").features().get("ind.staged_exec")).isZero();
    }

    @Test
    void aShellReadingNetworkDataThroughProcessSubstitutionIsNot() throws Exception {
        List<ProcessRecord> ps = trace("/bin/bash", "while read l; do echo \"$l\"; done < <(FETCH) > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("echo fetched; id > /dev/null\n");
        assertThat(ps).allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).as("%s", p.argv()).isZero());
    }

    @Test
    void aLocalScriptPipedIntoAShellOfAnOnlineFamilyIsNot() throws Exception {
        List<ProcessRecord> ps = trace("FETCH > /dev/null; cat local.sh | /bin/sh > out.txt");

        assertThat(ps).as("the fetcher").anySatisfy(p -> assertThat(p.features().get("net.connect_inet")).isEqualTo(1f));
        assertThat(withArgv(ps, "/bin/sh").features().get("ind.staged_exec")).isZero();
    }

    @Test
    void aProgramGivenOnTheCommandLineThatReadsTheNetworkDataIsNot() throws Exception {
        List<ProcessRecord> ps = trace("FETCH | /usr/bin/python3 -c 'import sys; sys.stdin.read()'");

        assertThat(withArgv(ps, "/usr/bin/python3", "-c", "import sys; sys.stdin.read()").features().get("ind.staged_exec"))
                .isZero();
    }

    @Test
    void evalOfADownloadRunsItsCommandLinesAsStagedCode() throws Exception {
        // schema 22: eval "$(curl URL)" runs the download's lines in the shell itself; its children exec them
        List<ProcessRecord> ps = trace("/bin/bash", "eval \"$(GETLINES)\" > out.txt");

        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("eval-done\n");
        ProcessRecord uname = withArgv(ps, "uname", "-a");
        assertThat(uname.features().get("ind.staged_exec")).isEqualTo(1f);
        assertThat(uname.evidence()).contains("its command line came in its family's download: \"uname -a\"");
        assertThat(withArgv(ps, "mkdir", "-p", "made").features().get("ind.staged_exec")).isEqualTo(1f);
    }

    @Test
    void commandsThatAreNotTheDownloadsLinesAreNotStaged() throws Exception {
        // the same download kept in a variable; then other command lines, one of them holding its text as data
        List<ProcessRecord> ps = trace("/bin/bash", "v=\"$(GETLINES)\"; uname -r > /dev/null; /bin/echo uname -a > /dev/null; true");

        assertThat(withArgv(ps, "uname", "-r").features().get("ind.staged_exec")).isZero();
        assertThat(withArgv(ps, "/bin/echo", "uname", "-a").features().get("ind.staged_exec")).isZero();
    }

    @Test
    void anInterpreterOneLinerRunningWhatItFetchesRunsStagedCodeButOneReadingDataDoesNot() throws Exception {
        // schema 22: python3 -c "exec(urlopen(URL).read())" runs the download in memory; the served text is shell, so
        // exec fails on it, which does not matter: the command line says fetch and run
        String fetchAndRun = "/usr/bin/python3 -c 'import urllib.request as u\ntry: exec(u.urlopen(\"URL\").read())\nexcept Exception: pass'";
        String fetchAndCount = "/usr/bin/python3 -c 'import urllib.request as u; print(len(u.urlopen(\"URL\").read()))'";
        List<ProcessRecord> ps = trace((fetchAndRun + "; " + fetchAndCount + " > out.txt").replace("URL", url));

        assertThat(ps).filteredOn(p -> p.argv().get(0).equals("/usr/bin/python3") && p.argv().get(2).contains("exec(")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.staged_exec")).isEqualTo(1f));
        assertThat(ps).filteredOn(p -> p.argv().get(0).equals("/usr/bin/python3") && p.argv().get(2).contains("print(len(")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.staged_exec")).as("data read, not run").isZero());
    }

    /**
     * Schema 45: a filter that hands each line of a download to a shell of its own ({@code curl URL | awk
     * '{system($0)}'}); beside the same awk running a command of its own on the download, and the same lines fed
     * from {@code printf}.
     */
    @Test
    void aFilterRunningTheLinesOfADownloadRunsStagedCodeButItsOwnCommandOrLocalLinesDoNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/awk")), "no awk here");
        List<ProcessRecord> ps = trace("GETLINES | /usr/bin/awk '{system($0)}'; GETLINES | /usr/bin/awk '{system(\"uname -r\")}';"
                + " printf 'uname -s > /dev/null\\n' | /usr/bin/awk '{system($0)}'");

        assertThat(withArgv(ps, "sh", "-c", "uname -a > /dev/null").features().get("ind.staged_exec")).as("a downloaded line").isEqualTo(1f);
        assertThat(withArgv(ps, "sh", "-c", "mkdir -p made && echo eval-done").features().get("ind.staged_exec")).as("another").isEqualTo(1f);
        assertThat(ps).filteredOn(p -> p.argv().equals(List.of("sh", "-c", "uname -r"))).isNotEmpty()
                .allSatisfy(p -> assertThat(p.features().get("ind.staged_exec")).as("awk's own command").isZero());
        assertThat(withArgv(ps, "sh", "-c", "uname -s > /dev/null").features().get("ind.staged_exec")).as("a local line").isZero();
    }

    /** Schema 46: the same with the download saved to a file first, which the filter then reads. */
    @Test
    void aFilterRunningTheLinesOfASavedDownloadRunsStagedCodeButOfALocalFileDoesNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/awk")), "no awk here");
        Files.writeString(dir.resolve("mine.txt"), "uname -s > /dev/null\n");
        // bash: dash opens a redirection's file in the shell before it forks, so the file is not the fetcher's own;
        // the last awk runs in place of bash
        List<ProcessRecord> ps = trace("/bin/bash", "GETLINES > lines.txt; /usr/bin/awk '{system($0)}' lines.txt; /usr/bin/awk '{system($0)}' mine.txt");

        ProcessRecord downloaded = withArgv(ps, "sh", "-c", "uname -a > /dev/null");
        assertThat(downloaded.features().get("ind.staged_exec")).as("a downloaded line").isEqualTo(1f);
        assertThat(downloaded.evidence()).anySatisfy(l -> assertThat(l).contains("its program is a command of its family's download"));
        assertThat(withArgv(ps, "sh", "-c", "mkdir -p made && echo eval-done").features().get("ind.staged_exec")).as("another").isEqualTo(1f);
        assertThat(withArgv(ps, "sh", "-c", "uname -s > /dev/null").features().get("ind.staged_exec")).as("a line of a file of its own")
                .isZero();
    }
}

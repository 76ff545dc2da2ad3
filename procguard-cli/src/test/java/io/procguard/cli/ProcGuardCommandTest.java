package io.procguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ProcGuardCommandTest {
    @Test
    void helpListsExitCodes() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("usage error");
    }

    @Test
    void everyCommandsHelpSaysItsExitCodes() {
        picocli.CommandLine root = new picocli.CommandLine(new ProcGuardCommand());
        assertThat(root.getSubcommands()).hasSizeGreaterThan(10);
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CliRunner.Result r = CliRunner.run(name, "--help");
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(r.out()).as(name).containsPattern("(?m)^Exit codes: ");
        }
        assertThat(CliRunner.run("parse", "--help").out()).contains("130 (SIGINT)");
    }

    @Test
    void everyCommandsHelpStartsWithWhatItDoesInOneLineAsTheRootListsIt() {
        CliRunner.Result rootHelp = CliRunner.run("--help");
        for (Class<?> c : ProcGuardCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c == CommandLine.HelpCommand.class) {
                continue;
            }
            assertThat(command.header()).as(command.name()).hasSize(1);
            String start = command.header()[0].substring(0, 30);
            CliRunner.Result r = CliRunner.run(command.name(), "--help");
            assertThat(r.out()).as(command.name()).startsWith(start).containsPattern("(?m)^Usage: procguard " + command.name() + " ");
            // the root lists the command with that line, not with the first paragraph of its description
            assertThat(rootHelp.out()).as(command.name()).containsPattern("(?m)^  " + command.name() + " +" + Pattern.quote(start));
        }
    }

    @Test
    void everySubcommandsVersionOptionPrintsTheVersionOfProcguard() {
        CliRunner.Result root = CliRunner.run("-V");
        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).startsWith("procguard ").contains("Java ");
        for (Class<?> c : ProcGuardCommand.class.getAnnotation(Command.class).subcommands()) {
            if (c == CommandLine.HelpCommand.class) {
                continue;
            }
            String name = c.getAnnotation(Command.class).name();
            for (String[] args : List.of(new String[] {name, "-V"}, new String[] {name, "--version"}, new String[] {"--verbose", name, "-V"})) {
                CliRunner.Result r = CliRunner.run(args);
                assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
                assertThat(r.out()).as(String.join(" ", args)).isEqualTo(root.out());
                assertThat(r.err()).as(String.join(" ", args)).isEmpty();
                StringWriter out = new StringWriter();
                int code = ProcGuardCommand.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter())).execute(args);
                assertThat(code).as("whole tree: " + String.join(" ", args)).isZero();
                assertThat(out.toString()).as("whole tree: " + String.join(" ", args)).isEqualTo(root.out());
            }
        }
    }

    @Test
    void helpEndsWithExamplesOfTheMainCommands() {
        CliRunner.Result r = CliRunner.run("--help");
        assertThat(r.out()).contains("Examples:").containsPattern("(?m)^  sudo procguard run -- ").contains("procguard status")
                .contains("procguard analyze job.log").contains("procguard parse run.log | jq");
    }

    @Test
    void resultsThatCannotBeWrittenToStandardOutputAreAFailureNotSilence(@TempDir Path dir) throws Exception {
        Path log = ParseTestLogs.trace(dir, List.of("-f"), "/bin/ls", "/");
        for (List<String> args : List.of(List.of("parse"), List.of("summary"), List.of("analyze", "--json"), List.of("features"))) {
            List<String> argv = new ArrayList<>(args);
            argv.add(log.toString());
            Process p = new ProcessBuilder(MonitorProcess.command(argv.toArray(String[]::new)))
                    .redirectOutput(new File("/dev/full")).redirectError(dir.resolve("stderr").toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", args)).isEqualTo(ExitCodes.FAILURE);
            assertThat(Files.readString(dir.resolve("stderr"))).as(String.join(" ", args))
                    .isEqualTo("procguard: cannot write to standard output\n");
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithOneLineMessage() {
        CliRunner.Result r = CliRunner.run("--no-such-option");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("procguard: Unknown option: '--no-such-option'");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void invocationsNamingOneSubcommandBehaveAsWithTheWholeTree() {
        List<String[]> cases = new ArrayList<>();
        for (Class<?> c : ProcGuardCommand.class.getAnnotation(Command.class).subcommands()) {
            String name = c.getAnnotation(Command.class).name();
            cases.add(new String[] {name, "--help"});
            cases.add(new String[] {"--verbose", name, "--help"});
            cases.add(new String[] {name, "--no-such-option"});
            cases.add(new String[] {name, "-V"});
        }
        cases.add(new String[] {"run"});
        cases.add(new String[] {"run", "--trace-channel", "pipe", "--", "true"});
        cases.add(new String[] {"run", "--score-every", "0", "--", "true"});
        cases.add(new String[] {"parse", "/no/such/file.log"});
        cases.add(new String[] {"--verbose", "parse", "/no/such/file.log"});
        int fast = 0;
        for (String[] args : cases) {
            fast += ProcGuardCommand.soleSubcommand(args) == null ? 0 : 1;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = ProcGuardCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(code);
            assertThat(r.out()).as(String.join(" ", args)).isEqualTo(out.toString());
            // stack traces (--verbose) differ only in the test's own frames
            assertThat(withoutFrames(r.err())).as(String.join(" ", args)).isEqualTo(withoutFrames(err.toString()));
        }
        assertThat(fast).as("cases that take the one-subcommand path").isEqualTo(cases.size() - 4);
    }

    private static String withoutFrames(String text) {
        return text.replaceAll("(?m)^\\s+(at |\\.\\.\\. \\d+ more).*\\R?", "");
    }

    @Test
    void oneSubcommandPathOnlyWhenTheFirstWordAfterVerboseNamesASubcommand() {
        assertThat(ProcGuardCommand.soleSubcommand("run", "--", "true")).isEqualTo(RunCommand.class);
        assertThat(ProcGuardCommand.soleSubcommand("--verbose", "run", "--", "true")).isEqualTo(RunCommand.class);
        assertThat(ProcGuardCommand.soleSubcommand("--help", "run")).isNull();
        assertThat(ProcGuardCommand.soleSubcommand("help", "run")).isNull();
        assertThat(ProcGuardCommand.soleSubcommand("--version")).isNull();
        assertThat(ProcGuardCommand.soleSubcommand("runn")).isNull();
        assertThat(ProcGuardCommand.soleSubcommand()).isNull();
    }

    @Test
    void verboseBeforeOrAfterTheSubcommandReachesTheRoot() {
        for (String[] args : List.of(new String[] {"--verbose", "run", "--", "true"}, new String[] {"run", "--verbose", "--", "true"})) {
            CommandLine cmd = ProcGuardCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
            cmd.parseArgs(args);
            assertThat(((ProcGuardCommand) cmd.getCommand()).verbose).as(String.join(" ", args)).isTrue();
        }
        String[] quiet = {"run", "--", "true"};
        CommandLine cmd = ProcGuardCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), quiet);
        cmd.parseArgs(quiet);
        assertThat(((ProcGuardCommand) cmd.getCommand()).verbose).isFalse();
    }
}

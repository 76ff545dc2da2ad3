package io.procguard.strace;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.EventKind;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Growing files (follow mode), FIFOs and a live strace writing while the parser reads. */
class FollowAndFifoTest {

    @Test
    void followModeWaitsForAGrowingFileAndAnIncompleteLineIsNotAnError(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("growing.log");
        Files.writeString(log, "10 getpid() = 10\n10 openat(AT_FDCWD, \"/etc/pas");
        List<TraceEvent> seen = new CopyOnWriteArrayList<>();
        StraceParser parser = StraceParser.open(log, ParserOptions.defaults().withFollow(true).withFollowPollMillis(5));
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
            try {
                for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                    seen.add(e.snapshot());
                }
                return parser.malformedLines();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        waitFor(() -> seen.size() == 1);
        Thread.sleep(100); // the half line must wait, not be reported
        assertThat(seen).hasSize(1);
        Files.writeString(log, "swd\", O_RDONLY) = 3\n", StandardOpenOption.APPEND);
        waitFor(() -> seen.size() == 2);
        Files.writeString(log, "10 +++ exited with 0 +++\n", StandardOpenOption.APPEND);
        waitFor(() -> seen.size() == 3);
        parser.close();
        assertThat(reading.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(seen.get(1).arguments().toString()).isEqualTo("AT_FDCWD, \"/etc/passwd\", O_RDONLY");
        assertThat(seen.get(2).kind()).isEqualTo(EventKind.EXITED);
    }

    @Test
    void finishFollowingReadsALiveStracesWholeTraceAndEnds(@TempDir Path dir) throws Exception {
        RealStrace.assumeStrace();
        Path log = Files.createFile(dir.resolve("live.log"));
        Process strace = new ProcessBuilder(RealStrace.STRACE.toString(), "-f", "-o", log.toString(), "/bin/sh", "-c",
                "for i in 1 2 3; do ls / > /dev/null; sleep 0.2; done; ls -la /usr > /dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.atomic.AtomicInteger naps = new java.util.concurrent.atomic.AtomicInteger();
        StraceParser parser = StraceParser.open(log, ParserOptions.defaults().withFollow(true).withFollowPollMillis(100))
                .whileWaiting(naps::incrementAndGet);
        CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
            long n = 0;
            try {
                for (TraceEvent e = parser.next(); e != null; e = parser.next()) {
                    n++;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return n;
        });
        assertThat(strace.waitFor(60, TimeUnit.SECONDS)).isTrue();
        parser.finishFollowing(); // strace has exited: read to the end, then stop (close() would drop the rest)
        long followed = reading.get(10, TimeUnit.SECONDS);
        parser.close();
        long whole = 0;
        try (StraceParser p = StraceParser.open(log)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                whole++;
            }
        }
        assertThat(whole).isGreaterThan(100);
        assertThat(followed).as("every event of the finished file").isEqualTo(whole);
        assertThat(naps.get()).as("whileWaiting ran during the sleeps of the traced loop").isPositive();
    }

    @Test
    void followModeStopsWithAnInterruptedIoExceptionWhenInterrupted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("idle.log");
        Files.writeString(log, "");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (StraceParser p = StraceParser.open(log, ParserOptions.defaults().withFollow(true).withFollowPollMillis(5))) {
                p.next();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        Thread.sleep(50);
        t.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(java.io.InterruptedIOException.class);
    }

    @Test
    void aFifoIsReadLineByLineUntilTheWriterCloses(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace.fifo");
        assertThat(RealStrace.exec(List.of("/usr/bin/mkfifo", fifo.toString()), null)).isZero();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("5 read(0, \"abc\", 3) = 3\n5 wri".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
                out.write("te(1, \"abc\", 3) = 3\n".getBytes(StandardCharsets.US_ASCII));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (StraceParser p = StraceParser.open(fifo)) {
            TraceEvent read = p.next();
            assertThat(read.syscall()).isEqualTo(Syscalls.READ);
            TraceEvent write = p.next();
            assertThat(write.syscall()).isEqualTo(Syscalls.WRITE);
            assertThat(write.returnValue()).isEqualTo(3);
            assertThat(p.next()).isNull();
            assertThat(p.malformedLines()).isZero();
        }
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLiveStraceWritingIntoAFifoIsParsedWhileItRuns(@TempDir Path dir) throws Exception {
        RealStrace.assumeStrace();
        Path fifo = dir.resolve("live.fifo");
        assertThat(RealStrace.exec(List.of("/usr/bin/mkfifo", fifo.toString()), null)).isZero();
        CompletableFuture<Integer> strace = CompletableFuture.supplyAsync(() -> RealStrace.exec(List.of(
                RealStrace.STRACE.toString(), "-f", "-C", "-o", fifo.toString(), "/bin/sh", "-c", "ls /; cat /etc/hostname"), null));
        SyscallTally tally = new SyscallTally();
        try (StraceParser p = StraceParser.open(fifo)) {
            for (TraceEvent e = p.next(); e != null; e = p.next()) {
                tally.add(e);
            }
            assertThat(strace.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(tally.differences(p.countTable().orElseThrow())).isEmpty();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}

package io.procguard.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procguard.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-process files on a real file system: created in the directory that was checked, whatever happens to its name. */
class PerProcessFilesTest {
    @TempDir
    Path dir;

    @Test
    void filesAreCreated0600InTheCheckedDirectoryEvenAfterItsNameIsSwappedForASymlink() throws Exception {
        Path logs = dir.resolve("logs");
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        List<String> warnings = new ArrayList<>();
        PerProcessFiles files = PerProcessFiles.open(logs, "proc_", ".log", Long.MAX_VALUE, warnings::add);
        try {
            files.write(1, "first\n");
            // what the owner of the parent directory can do while a root monitor runs
            Files.move(logs, dir.resolve("logs.old"));
            Files.createSymbolicLink(logs, elsewhere);
            files.write(2, "second\n");
            files.write(1, "again\n");
        } finally {
            files.closeAll();
        }
        assertThat(warnings).isEmpty();
        try (var listed = Files.list(elsewhere)) {
            assertThat(listed).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("logs.old/proc_1.log"))).isEqualTo("first\nagain\n");
        assertThat(Files.readString(dir.resolve("logs.old/proc_2.log"))).isEqualTo("second\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs.old/proc_2.log"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs.old"))))
                .isEqualTo("rwx------");
    }

    @Test
    void theFilesStopAtTheirDiskBudgetEachCountedAsAtLeastABlockWithOneWarning() throws Exception {
        Path logs = dir.resolve("logs");
        List<String> warnings = new ArrayList<>();
        long budget = 3 * PerProcessFiles.BLOCK + 8; // three files and eight bytes of lines
        PerProcessFiles files = PerProcessFiles.open(logs, "proc_", ".log", budget, warnings::add);
        try {
            files.write(1, "a\n");
            files.write(2, "b\n");
            files.write(1, "c\n");
            files.write(3, "d\n");  // 3 blocks and 8 bytes: the budget, spent exactly
            files.write(4, "e\n");  // a fourth file: over it
            files.write(1, "f\n");  // after that nothing, not even to a file that exists
            files.write(5, "g\n");
        } finally {
            files.closeAll();
        }
        assertThat(Files.readString(logs.resolve("proc_1.log"))).isEqualTo("a\nc\n");
        assertThat(Files.readString(logs.resolve("proc_3.log"))).isEqualTo("d\n");
        assertThat(logs.resolve("proc_4.log")).doesNotExist();
        assertThat(logs.resolve("proc_5.log")).doesNotExist();
        assertThat(warnings).singleElement().asString().isEqualTo(logs + ": the proc_*.log files of this session reached their "
                + "limit of " + budget + " bytes (3 files; each counted as at least 4096 bytes); no more records are written to them, monitoring goes on");
    }

    @Test
    void aSymlinkAnExistingFileOrAGroupWritableDirectoryIsRefused() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> PerProcessFiles.open(link, "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .isInstanceOf(CliException.class).hasMessage(link + ": is a symbolic link (symlinks are refused)");
        Path file = Files.createFile(dir.resolve("file"));
        assertThatThrownBy(() -> PerProcessFiles.open(file, "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .isInstanceOf(CliException.class).hasMessage(file + ": not a directory");
        assertThatThrownBy(() -> PerProcessFiles.open(file.resolve("logs"), "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .as("a file where a parent should be: named, as it is not the directory asked for")
                .isInstanceOf(CliException.class).hasMessage(file.resolve("logs") + ": cannot create the directory: " + file + ": not a directory");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> PerProcessFiles.open(real, "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .isInstanceOf(CliException.class).hasMessageContaining("writable by other users");
    }

    @Test
    void directoriesAreNotCreatedThroughAnotherUsersSymlinkNorInADirectoryOthersMayWrite() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        // what a user can set up for root: a link in their own directory to a place of their choosing
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Path target = Files.createDirectory(dir.resolve("target"));
        Path link = Files.createSymbolicLink(theirs.resolve("link"), target);
        Files.setAttribute(link, "unix:uid", 65534, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertThatThrownBy(() -> PerProcessFiles.open(link.resolve("sub/logs"), "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .isInstanceOf(CliException.class).hasMessageContaining(link + " is a symbolic link owned by uid 65534");
        try (var listed = Files.list(target)) {
            assertThat(listed).as("nothing created through the link").isEmpty();
        }
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PerProcessFiles.open(open.resolve("logs"), "proc_", ".log", Long.MAX_VALUE, w -> { }))
                .isInstanceOf(CliException.class).hasMessageContaining(open + " is writable by other users (and not sticky)");
        Files.setAttribute(link, "unix:uid", 0, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        PerProcessFiles.open(link.resolve("sub/logs"), "proc_", ".log", Long.MAX_VALUE, w -> { }).closeAll(); // root's own link is followed
        assertThat(target.resolve("sub/logs")).isDirectory();
    }

    @Test
    void anExistingLogOfTheSamePidIsAppendedToButASymlinkInItsPlaceIsNotFollowed() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(logs.resolve("proc_5.log"), "earlier run\n");
        Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
        Files.createSymbolicLink(logs.resolve("proc_6.log"), victim);
        List<String> warnings = new ArrayList<>();
        PerProcessFiles files = PerProcessFiles.open(logs, "proc_", ".log", Long.MAX_VALUE, warnings::add);
        try {
            files.write(5, "this run\n");
            files.write(6, "through the link?\n");
        } finally {
            files.closeAll();
        }
        assertThat(Files.readString(logs.resolve("proc_5.log"))).isEqualTo("earlier run\nthis run\n");
        assertThat(Files.readString(victim)).isEqualTo("keep\n");
        assertThat(warnings).singleElement().asString().contains("proc_6.log").contains("symlinks are refused");
    }
}

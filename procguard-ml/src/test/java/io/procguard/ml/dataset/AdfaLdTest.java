package io.procguard.ml.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.core.process.ProcessRecord;
import io.procguard.ml.BehaviourFeatures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdfaLdTest {
    static Path datasetZip() {
        String root = System.getProperty("procguard.repo.root", ".");
        Path zip = Path.of(root).resolve("../shared/datasets/adfa-ld/ADFA-LD.zip").normalize();
        assumeTrue(Files.isRegularFile(zip), "ADFA-LD not present at " + zip + ": skipping (see ../shared/datasets/adfa-ld/README.md)");
        return zip;
    }

    @Test
    void readsTheWholeDatasetWithTheDocumentedCounts() throws IOException {
        List<AdfaTrace> all = AdfaLd.readAll(datasetZip());
        Map<String, Integer> byFamily = new TreeMap<>();
        for (AdfaTrace t : all) {
            byFamily.merge(t.family(), 1, Integer::sum);
        }
        // The dataset README's counts: 833 + 4372 normal, 746 attacks in 6 families.
        assertThat(byFamily).containsEntry("normal", 833 + 4372)
                .containsEntry("Hydra_SSH", 176).containsEntry("Hydra_FTP", 162)
                .containsEntry("Java_Meterpreter", 124).containsEntry("Web_Shell", 118)
                .containsEntry("Adduser", 91).containsEntry("Meterpreter", 75)
                .hasSize(7);
    }

    @Test
    void mapsI386NumbersToX8664FamilyNames() {
        assertThat(I386Syscalls.i386Name(5)).isEqualTo("open");
        assertThat(I386Syscalls.i386Name(192)).isEqualTo("mmap2");
        assertThat(I386Syscalls.x8664Name(192)).isEqualTo("mmap");
        assertThat(I386Syscalls.x8664Name(195)).isEqualTo("stat");
        assertThat(I386Syscalls.x8664Name(140)).isEqualTo("lseek");
        assertThat(I386Syscalls.x8664Name(199)).isEqualTo("getuid");
        assertThat(I386Syscalls.syscallId(3)).isEqualTo(Syscalls.READ);
        assertThat(I386Syscalls.syscallId(252)).isEqualTo(Syscalls.EXIT_GROUP);
        assertThat(Syscalls.name(I386Syscalls.syscallId(102))).isEqualTo("socketcall");
    }

    @Test
    void eventsCarryTheMappedIdsInOrder() {
        AdfaTrace t = new AdfaTrace("x.txt", "normal", "training", new int[] {6, 5, 192, 252});
        List<TraceEvent> events = t.events();
        assertThat(events).extracting(TraceEvent::syscallName).containsExactly("close", "open", "mmap", "exit_group");
        assertThat(events.get(0).pid()).isEqualTo(1);
        assertThat(events.get(0).hasReturnValue()).isFalse();
    }

    @Test
    void aTraceBecomesOneProcessWhoseFeaturesEqualTheExtractorFedDirectly() {
        AdfaTrace t = new AdfaTrace("ADFA-LD/Attack_Data_Master/Adduser_1/UAD-Adduser-1-1.txt", "Adduser", "attack",
                new int[] {5, 3, 3, 6, 192, 195, 102, 102, 252});
        BehaviourFeatures features = new BehaviourFeatures();
        ProcessRecord p = t.process(features);
        FeatureAccumulator direct = features.newAccumulator();
        t.events().forEach(direct::accept);

        assertThat(p.pid()).isEqualTo(1);
        assertThat(p.eventCount()).isEqualTo(9);
        assertThat(p.features().toArray()).containsExactly(direct.snapshot().toArray());
        assertThat(p.features().get("sys.freq.read")).isEqualTo(2f / 9);
        assertThat(t.label()).isOne();
        assertThat(new AdfaTrace("n.txt", AdfaTrace.NORMAL, "training", new int[] {3}).label()).isZero();
    }

    @Test
    void malformedTraceIsReportedWithZipEntryLineAndColumn(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("bad.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("ADFA-LD/Training_Data_Master/UTD-0001.txt"));
            out.write("6 5 3\n3 x 4".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        assertThatThrownBy(() -> AdfaLd.readAll(zip))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("bad.zip!ADFA-LD/Training_Data_Master/UTD-0001.txt:2:3");
    }

    @Test
    void refusesSymlinksAndNonZips(@TempDir Path dir) throws IOException {
        Path notZip = dir.resolve("garbage.zip");
        try (OutputStream out = Files.newOutputStream(notZip)) {
            out.write(new byte[] {1, 2, 3, 4, 5});
        }
        assertThatThrownBy(() -> AdfaLd.readAll(notZip)).isInstanceOf(IOException.class).hasMessageContaining("garbage.zip");
        Path link = Files.createSymbolicLink(dir.resolve("link.zip"), notZip);
        assertThatThrownBy(() -> AdfaLd.readAll(link)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void attackFamilyDropsTheRunNumber() {
        assertThat(AdfaLd.attackFamily("Hydra_SSH_10/UAD-Hydra-SSH-10-1.txt")).isEqualTo("Hydra_SSH");
        assertThat(AdfaLd.attackFamily("Web_Shell_1/x.txt")).isEqualTo("Web_Shell");
        assertThat(AdfaLd.attackFamily("loose.txt")).isNull();
    }
}

package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 24: a kernel module loaded from outside the module tree, or from memory by anything but the module loaders,
 * is {@code ind.persistence} (a rootkit's way in: {@code insmod /tmp/diamorphine.ko}), done or refused. The loader is
 * Python calling {@code finit_module} and {@code init_module} itself, in a user namespace ({@code unshare -U}), where
 * the kernel refuses both whatever the file holds: nothing is loaded. Real strace; the feature decides.
 */
class KernelModulesTest {
    /** Loads {@code argv[1]}: finit_module on its descriptor, or (with {@code argv[2]} = {@code memory}) init_module on its bytes. */
    private static final String LOADER = "import ctypes,os,sys\n"
            + "libc=ctypes.CDLL(None,use_errno=True)\n"
            + "if sys.argv[2]=='file': libc.syscall(313, os.open(sys.argv[1], os.O_RDONLY), b'', 0)\n"
            + "else:\n"
            + "    data=open(sys.argv[1],'rb').read(); libc.syscall(175, data, len(data), b'')\n";

    @TempDir
    Path dir;

    @BeforeEach
    void needsStracePythonAndUnshare() {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
    }

    private ProcessRecord load(String how, Path module) throws Exception {
        Files.writeString(dir.resolve("loader.py"), LOADER);
        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/unshare", "-U",
                TrainedModels.PYTHON.toString(), dir.resolve("loader.py").toString(), module.toString(), how), new BehaviourFeatures());
        return ps.stream().filter(p -> p.argv().size() > 1 && p.argv().get(1).endsWith("loader.py")).findFirst()
                .orElseThrow(() -> new AssertionError("no loader among " + ps.stream().map(ProcessRecord::argv).toList()));
    }

    @Test
    void aModuleFileFromOutsideTheModuleTreeIsPersistenceEvenWhenRefused() throws Exception {
        Path module = Files.writeString(dir.resolve("diamorphine.ko"), "not a module");
        ProcessRecord loader = load("file", module);

        assertThat(loader.features().get("priv.module")).isEqualTo(1f);
        assertThat(loader.features().get("ind.persistence")).isEqualTo(1f);
        assertThat(loader.evidence()).anySatisfy(line -> assertThat(line).startsWith("finit_module(3<" + module + ">"));
    }

    @Test
    void aModuleFromMemoryIsPersistenceUnlessAModuleLoaderLoadsIt() throws Exception {
        ProcessRecord loader = load("memory", Files.writeString(dir.resolve("m.ko"), "not a module"));

        assertThat(loader.features().get("ind.persistence")).isEqualTo(1f);
        assertThat(Indicators.loadsForeignModule("modprobe", null)).as("kmod's modprobe of a compressed module").isFalse();
        assertThat(Indicators.loadsForeignModule("systemd-udevd", null)).isFalse();
    }

    @Test
    void aModuleFromTheModuleTreeIsNoFind() {
        assertThat(Indicators.loadsForeignModule("modprobe", "/lib/modules/6.1.0-28-amd64/kernel/drivers/net/dummy.ko")).isFalse();
        assertThat(Indicators.loadsForeignModule("insmod", "/usr/lib/modules/6.1.0-28-amd64/updates/dkms/vboxdrv.ko")).isFalse();
        assertThat(Indicators.loadsForeignModule("insmod", "/tmp/diamorphine.ko")).isTrue();
        assertThat(Indicators.loadsForeignModule("insmod", "/root/hello/hello.ko")).as("a driver developer's too").isTrue();
    }
}

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

    /**
     * Schema 48: settings that make modprobe or the kernel run a program as root from the next boot on, written into
     * their configuration, are persistence; the usual hardening lines and a distribution's crash handler are not. Each
     * file is written by a printf of its own, in a private mount namespace whose /etc is a tmpfs: nothing of the host's
     * configuration is touched.
     */
    @Test
    void aBootSettingThatRunsAProgramAsRootIsPersistenceButHardeningIsNot() throws Exception {
        String printf = "/usr/bin/printf";
        assumeTrue(Files.isExecutable(Path.of(printf)), "no " + printf);
        String script = "mount -t tmpfs none /etc && mkdir /etc/modprobe.d /etc/sysctl.d && cd /etc"
                + " && " + printf + " 'install pg_test_mod /bin/sh -c \"cp /bin/sh /tmp/.x\"\\n' > modprobe.d/evil.conf"
                + " && " + printf + " 'install usb-storage /bin/true\\nblacklist cramfs\\nremove cramfs /bin/false\\n' > modprobe.d/harden.conf"
                + " && " + printf + " 'kernel.core_pattern = |/tmp/.x %%p\\n' > sysctl.d/99-crash.conf"
                + " && " + printf + " 'kernel.core_pattern=|/usr/lib/systemd/systemd-coredump %%P\\nvm.swappiness = 10\\n' > sysctl.d/50-coredump.conf"
                + " && " + printf + " 'kernel/modprobe = /dev/shm/m\\n' > sysctl.conf";
        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/unshare", "-U", "-r", "-m",
                "/bin/sh", "-c", script), new BehaviourFeatures());
        List<ProcessRecord> writers = ps.stream().filter(p -> p.comm().equals("printf")).toList();
        assertThat(writers).hasSize(5);
        assertThat(writers).extracting(p -> p.features().get("ind.persistence")).as("evil, harden, crash, coredump, modprobe")
                .containsExactly(1f, 0f, 1f, 0f, 1f);
        assertThat(writers.get(0).evidence()).anySatisfy(l -> assertThat(l).startsWith("a boot setting that runs a program as root, in "
                + "/etc/modprobe.d/evil.conf: \"install pg_test_mod"));
    }
}

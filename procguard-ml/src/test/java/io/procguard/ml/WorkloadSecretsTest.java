package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 22: a pod's service-account token and a Kerberos ticket cache read by hand (T1528, T1558), beside the same
 * file read by a client program. In a private mount namespace, tmpfs over /run and /tmp holds the files, so nothing
 * of the machine's is read or changed.
 */
class WorkloadSecretsTest {
    private static final String TOKEN = "/run/secrets/kubernetes.io/serviceaccount/token";

    @TempDir
    Path dir;

    @Test
    void catBase64AndAPythonOneLinerReadingATokenAreCredentialAccessButAClientIsNot() throws Exception {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux) here");
        Path client = dir.resolve("client.py");
        Files.writeString(client, "import sys\nopen(sys.argv[1]).read()\n");
        // the client first, while the test's directory in /tmp is still visible; then tmpfs over /tmp for the ticket cache
        String script = "mount -t tmpfs none /run && mkdir -p " + TOKEN.replace("/token", "") + " && echo eyJhbGciOiJSUzI1NiJ9.e30.c2ln > "
                + TOKEN
                + " && cat /var/run/secrets/kubernetes.io/serviceaccount/token > /dev/null"
                + " && base64 " + TOKEN + " > /dev/null"
                + " && " + TrainedModels.PYTHON + " -c 'open(\"" + TOKEN + "\").read()'"
                + " && " + TrainedModels.PYTHON + " " + client + " " + TOKEN
                + " && cd / && mount -t tmpfs none /tmp && echo ticket > /tmp/krb5cc_0 && cat /tmp/krb5cc_0 > /dev/null";
        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/unshare", "-m",
                "/bin/sh", "-c", script), new BehaviourFeatures());

        assertThat(reader(ps, "cat", "/var/run/secrets/kubernetes.io/serviceaccount/token")).isEqualTo(1f);
        assertThat(reader(ps, "base64", TOKEN)).isEqualTo(1f);
        assertThat(reader(ps, TrainedModels.PYTHON.toString(), "-c")).as("python3 -c").isEqualTo(1f);
        assertThat(reader(ps, "cat", "/tmp/krb5cc_0")).as("a Kerberos ticket cache").isEqualTo(1f);
        assertThat(reader(ps, TrainedModels.PYTHON.toString(), client.toString())).as("a client program").isZero();
    }

    /**
     * Schema 40: tokens and keys their own clients read all day, read by hand: GitHub CLI's hosts file, a Vault token,
     * npm's token, a browser's cookies, in a home made for the test; beside a client program reading the same files.
     */
    @Test
    void catOfAClientsTokenOrABrowsersCookiesIsCredentialAccessButTheClientIsNot() throws Exception {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        Path home = dir.resolve("home");
        List<Path> files = List.of(home.resolve(".config/gh/hosts.yml"), home.resolve(".vault-token"), home.resolve(".npmrc"),
                home.resolve(".config/chromium/Default/Cookies"));
        for (Path f : files) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, "token: gho_x\n");
        }
        Path client = dir.resolve("client.py");
        Files.writeString(client, "import sys\nfor f in sys.argv[1:]: open(f).read()\n");
        StringBuilder script = new StringBuilder("true");
        for (Path f : files) {
            script.append(" && cat '").append(f).append("' > /dev/null");
        }
        script.append(" && ").append(TrainedModels.PYTHON).append(' ').append(client);
        files.forEach(f -> script.append(' ').append(f));
        List<ProcessRecord> ps = StraceRuns.processes(StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/bin/sh", "-c", script.toString()),
                new BehaviourFeatures());

        for (Path f : files) {
            assertThat(reader(ps, "cat", f.toString())).as("cat " + f.getFileName()).isEqualTo(1f);
        }
        assertThat(reader(ps, TrainedModels.PYTHON.toString(), client.toString())).as("a client program").isZero();
    }

    private static float reader(List<ProcessRecord> ps, String program, String argument) {
        return ps.stream().filter(p -> p.argv().get(0).equals(program) && p.argv().contains(argument)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + program + " ... " + argument + " among " + ps.stream().map(ProcessRecord::argv).toList()))
                .features().get("ind.credential_read");
    }
}

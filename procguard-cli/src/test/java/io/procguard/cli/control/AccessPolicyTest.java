package io.procguard.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.procguard.shm.ProcessIdentity;
import org.junit.jupiter.api.Test;

/** The authorisation rules, on process descriptions as /proc gives them. */
class AccessPolicyTest {
    private static final PeerCredentials ROOT = new PeerCredentials(100, 0, 0);
    private static final PeerCredentials ALICE = new PeerCredentials(200, 1000, 1000);
    private static final PeerCredentials BOB = new PeerCredentials(300, 1001, 1001);

    private static TargetProcess process(int ruid, int euid, int rgid, int egid) {
        return new TargetProcess(new ProcessIdentity(4242, 1, 1, euid, "job", "/usr/bin/job"), 4242, 0,
                new int[] {ruid, euid, euid, euid}, new int[] {rgid, egid, egid, egid});
    }

    @Test
    void rootMayWatchAnythingIncludingSetuidPrograms() {
        assertThat(AccessPolicy.mayWatch(ROOT, process(1000, 1000, 1000, 1000))).isNull();
        assertThat(AccessPolicy.mayWatch(ROOT, process(1000, 0, 1000, 1000))).isNull();
        assertThat(AccessPolicy.mayWatch(ROOT, process(0, 0, 0, 0))).isNull();
    }

    @Test
    void aUserMayWatchOnlyTheirOwnUnprivilegedProcesses() {
        assertThat(AccessPolicy.mayWatch(ALICE, process(1000, 1000, 1000, 1000))).isNull();
        assertThat(AccessPolicy.mayWatch(BOB, process(1000, 1000, 1000, 1000)))
                .isEqualTo("pid 4242 belongs to uid 1000, not to you (uid 1001); only root may watch other users' processes");
        assertThat(AccessPolicy.mayWatch(ALICE, process(0, 0, 0, 0))).contains("belongs to uid 0");
    }

    @Test
    void aUsersSetuidOrSetgidProgramIsRootsToWatch() {
        assertThat(AccessPolicy.mayWatch(ALICE, process(1000, 0, 1000, 1000))).contains("only root may watch setuid or setgid programs")
                .contains("real uid 1000, effective 0");
        assertThat(AccessPolicy.mayWatch(ALICE, process(1000, 1000, 1000, 42))).contains("setgid");
    }

    @Test
    void unwatchAndListFollowWhoAskedAndWhoseProcessItIs() {
        WatchSession byAliceOnHers = new WatchSession(1, WatchSession.Kind.WATCH, ALICE, 4242, 1000, "job", s -> { });
        WatchSession byRootOnAlices = new WatchSession(2, WatchSession.Kind.WATCH, ROOT, 4243, 1000, "job", s -> { });
        WatchSession byRootOnRoots = new WatchSession(3, WatchSession.Kind.WATCH, ROOT, 1, 0, "init", s -> { });

        assertThat(AccessPolicy.mayUnwatch(ALICE, byAliceOnHers)).isNull();
        assertThat(AccessPolicy.mayUnwatch(ALICE, byRootOnAlices)).contains("only they or root may unwatch it");
        assertThat(AccessPolicy.mayUnwatch(BOB, byAliceOnHers)).isNotNull();
        assertThat(AccessPolicy.mayUnwatch(ROOT, byAliceOnHers)).isNull();

        assertThat(AccessPolicy.mayUnwatch(ALICE, process(1000, 1000, 1000, 1000))).as("her own process, watched or not").isNull();
        assertThat(AccessPolicy.mayUnwatch(BOB, process(1000, 1000, 1000, 1000)))
                .isEqualTo("pid 4242 belongs to uid 1000, not to you (uid 1001); only root may unwatch other users' processes");
        assertThat(AccessPolicy.mayUnwatch(ROOT, process(1000, 1000, 1000, 1000))).isNull();

        assertThat(AccessPolicy.maySee(ALICE, byAliceOnHers)).isTrue();
        assertThat(AccessPolicy.maySee(ALICE, byRootOnAlices)).isTrue();
        assertThat(AccessPolicy.maySee(ALICE, byRootOnRoots)).isFalse();
        assertThat(AccessPolicy.maySee(BOB, byAliceOnHers)).isFalse();
        assertThat(AccessPolicy.maySee(ROOT, byAliceOnHers)).isTrue();
    }
}

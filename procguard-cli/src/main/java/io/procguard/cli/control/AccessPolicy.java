package io.procguard.cli.control;

/**
 * Who may do what through the control socket. Stateless, thread-safe.
 *
 * <ul>
 *   <li>Root (peer uid 0) may watch any process, unwatch any watch, see every watch.</li>
 *   <li>Any other user may watch a process only if it belongs to them: its <em>real</em> uid (first
 *   field of {@code Uid:} in {@code /proc/PID/status}) is the peer's uid. The owner of the
 *   {@code /proc/PID} directory is not used: it follows the effective uid and the dumpable flag, so it
 *   turns to root for a process that dropped its dumpable flag while it is still the user's.
 *   <li>Like the kernel's own ptrace check, a process whose effective, saved or filesystem uid or gid
 *   differs from its real one (a setuid or setgid program such as {@code passwd}) is root's to watch:
 *   its syscalls may carry what its privileges guard.</li>
 *   <li>A user may unwatch only watches they asked for themselves (a watch root placed on their process
 *   stays), and list sees the watches of their own processes and the ones they asked for. Unwatch of
 *   another user's process is denied whether or not it is watched, with watch's reason: the answer
 *   depends on the process alone, so it does not tell whether someone watches it.</li>
 *   <li>{@code run} runs the command as the peer's uid; every user may.</li>
 * </ul>
 */
final class AccessPolicy {
    private AccessPolicy() {
    }

    /**
     * @param peer who asks
     * @param target the process
     * @return {@code null} if allowed, else the reason it is not, one line
     */
    static String mayWatch(PeerCredentials peer, TargetProcess target) {
        if (peer.isRoot()) {
            return null;
        }
        if (target.owner() != peer.uid()) {
            return notYours(peer, target, "watch");
        }
        if (target.changedIdentity()) {
            return "pid " + target.pid() + " runs with changed privileges (" + target.describeIds()
                    + "); only root may watch setuid or setgid programs";
        }
        return null;
    }

    /**
     * @param peer who asks
     * @param watch the watch to end
     * @return {@code null} if allowed, else the reason it is not
     */
    static String mayUnwatch(PeerCredentials peer, WatchSession watch) {
        if (peer.isRoot() || watch.requester().uid() == peer.uid()) {
            return null;
        }
        return "pid " + watch.pid() + " is watched at the request of uid " + watch.requester().uid()
                + "; only they or root may unwatch it";
    }

    /**
     * For unwatch of a pid whose watch the peer may not see, or that nobody watches: decided by the
     * process alone, so the answer is the same either way.
     *
     * @param peer who asks
     * @param target the process
     * @return {@code null} if it is the peer's own process (or the peer is root), else the reason to deny
     */
    static String mayUnwatch(PeerCredentials peer, TargetProcess target) {
        return peer.isRoot() || target.owner() == peer.uid() ? null : notYours(peer, target, "unwatch");
    }

    /**
     * @param peer who asks
     * @param watch a watch
     * @return true if {@code list} shows it to the peer
     */
    static boolean maySee(PeerCredentials peer, WatchSession watch) {
        return peer.isRoot() || watch.requester().uid() == peer.uid() || watch.ownerUid() == peer.uid();
    }

    private static String notYours(PeerCredentials peer, TargetProcess target, String verb) {
        return "pid " + target.pid() + " belongs to uid " + target.owner() + ", not to you (uid " + peer.uid() + "); only root may "
                + verb + " other users' processes";
    }
}

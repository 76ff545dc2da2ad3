package io.procguard.cli.control;

/**
 * Who is on the other end of a control connection, as the kernel recorded it when the peer connected
 * ({@code SO_PEERCRED}); the peer cannot forge it. Immutable.
 *
 * @param pid the connecting process
 * @param uid its effective user id
 * @param gid its effective group id
 */
record PeerCredentials(int pid, int uid, int gid) {
    /** @return true for uid 0 */
    boolean isRoot() {
        return uid == 0;
    }

    @Override
    public String toString() {
        return "uid " + uid + " pid " + pid;
    }
}

package io.procguard.core;

import java.util.List;

/**
 * What a {@link Classifier} sees of one process: identity, its features at this moment, and evidence
 * events gathered so far. Implementations are snapshots: immutable once handed to a classifier.
 */
public interface ProcessView {
    /** @return the process id (the thread-group id) */
    int pid();

    /** @return the parent's pid, or 0 if unknown */
    int ppid();

    /**
     * @return the short command name (from the last execve: the path's last component cut to the kernel's 15 bytes),
     *     or {@code "?"} when unknown; never null. Text as for {@link #exe()}.
     */
    String comm();

    /**
     * @return the executable path of the last execve, or an empty string if unknown. The bytes strace printed, read
     *     as UTF-8; a byte that is not valid UTF-8 is kept as the four characters {@code \xNN}
     */
    String exe();

    /** @return how many events of this process have been counted so far */
    long eventCount();

    /** @return true once the process has exited or was killed */
    boolean exited();

    /** @return the feature values at this moment */
    FeatureVector features();

    /**
     * @return notable events kept as evidence (bounded in number), rendered as strace-like text, oldest
     *     first, e.g. {@code "connect(3, {sa_family=AF_INET, sin_port=htons(4444), ...}) = 0"}
     */
    List<String> evidence();
}

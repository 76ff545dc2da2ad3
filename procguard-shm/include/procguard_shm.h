/*
 * procguard_shm.h - read ProcGuard's shared-memory status table from C.
 *
 * The table (default /dev/shm/procguard) is written by one ProcGuard process and read by any number
 * of readers without locks. The layout is documented (with bit-ruler diagrams) in the Javadoc of
 * io.procguard.shm.StatusTableReader; a golden test pins every offset below against the Java
 * constants. All integers are little-endian (this header assumes a little-endian host, as x86_64 and
 * aarch64 Linux are).
 *
 * Reading:
 *   1. open(path, O_RDONLY | O_NOFOLLOW), fstat, mmap(PROT_READ, MAP_SHARED) the whole file;
 *   2. pg_table_check(base, size) validates magic, major version and sizes;
 *   3. pg_slot_read(base, i, &slot) copies slot i under the sequence-lock protocol (never torn);
 *   4. pg_writer_state(base, now_ms) tells a live table from a stale or closed one.
 *
 * Requires GCC or Clang (__atomic builtins), C11 or C++11.
 */
#ifndef PROCGUARD_SHM_H
#define PROCGUARD_SHM_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
/* the layout checks below: C11's _Static_assert is static_assert in C++ */
#define PG_STATIC_ASSERT(condition, message) static_assert(condition, message)
extern "C" {
#else
#define PG_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

#define PG_DEFAULT_PATH "/dev/shm/procguard"
/** "PGSTATUS" read as a little-endian u64. */
#define PG_MAGIC 0x5355544154534750ULL
#define PG_VERSION_MAJOR 1
#define PG_VERSION_MINOR 0
#define PG_CACHE_LINE_LENGTH 64
#define PG_MAX_SLOT_COUNT (1u << 20)
#define PG_MAX_SLOT_LENGTH (1u << 16)

#define PG_WRITER_RUNNING 1
#define PG_WRITER_CLOSED 2

#define PG_SLOT_FREE 0
#define PG_SLOT_ACTIVE 1
#define PG_SLOT_EXITED 2

#define PG_STATUS_UNKNOWN 0
#define PG_STATUS_BENIGN 1
#define PG_STATUS_SUSPICIOUS 2
#define PG_STATUS_MALICIOUS 3

/* Header offsets, chained as in StatusTableReader. */
#define PG_HEADER_MAGIC_OFFSET 0
#define PG_HEADER_VERSION_MAJOR_OFFSET (PG_HEADER_MAGIC_OFFSET + 8)
#define PG_HEADER_VERSION_MINOR_OFFSET (PG_HEADER_VERSION_MAJOR_OFFSET + 2)
#define PG_HEADER_LENGTH_OFFSET (PG_HEADER_VERSION_MINOR_OFFSET + 2)
#define PG_HEADER_SLOT_COUNT_OFFSET (PG_HEADER_LENGTH_OFFSET + 4)
#define PG_HEADER_SLOT_LENGTH_OFFSET (PG_HEADER_SLOT_COUNT_OFFSET + 4)
#define PG_HEADER_WRITER_PID_OFFSET (PG_HEADER_SLOT_LENGTH_OFFSET + 4)
#define PG_HEADER_WRITER_STATE_OFFSET (PG_HEADER_WRITER_PID_OFFSET + 4)
#define PG_HEADER_WRITER_START_TIME_OFFSET (PG_HEADER_WRITER_STATE_OFFSET + 4)
#define PG_HEADER_CREATED_OFFSET (PG_HEADER_WRITER_START_TIME_OFFSET + 8)
#define PG_HEADER_HEARTBEAT_INTERVAL_OFFSET (PG_HEADER_CREATED_OFFSET + 8)
#define PG_HEADER_RESERVED0_OFFSET (PG_HEADER_HEARTBEAT_INTERVAL_OFFSET + 8)
#define PG_HEADER_HEARTBEAT_OFFSET (PG_HEADER_RESERVED0_OFFSET + 8)
#define PG_HEADER_OVERFLOW_COUNT_OFFSET (PG_HEADER_HEARTBEAT_OFFSET + 8)
#define PG_HEADER_EVICTION_COUNT_OFFSET (PG_HEADER_OVERFLOW_COUNT_OFFSET + 8)
#define PG_HEADER_CLAIM_COUNT_OFFSET (PG_HEADER_EVICTION_COUNT_OFFSET + 8)
#define PG_HEADER_RESERVED1_OFFSET (PG_HEADER_CLAIM_COUNT_OFFSET + 8)
#define PG_HEADER_LENGTH (PG_HEADER_RESERVED1_OFFSET + 32)

/* Slot offsets. */
#define PG_SLOT_SEQUENCE_OFFSET 0
#define PG_SLOT_CHECKSUM_OFFSET (PG_SLOT_SEQUENCE_OFFSET + 8)
#define PG_SLOT_STATE_OFFSET (PG_SLOT_CHECKSUM_OFFSET + 8)
#define PG_SLOT_PID_OFFSET (PG_SLOT_STATE_OFFSET + 4)
#define PG_SLOT_START_TIME_OFFSET (PG_SLOT_PID_OFFSET + 4)
#define PG_SLOT_PPID_OFFSET (PG_SLOT_START_TIME_OFFSET + 8)
#define PG_SLOT_UID_OFFSET (PG_SLOT_PPID_OFFSET + 4)
#define PG_SLOT_STATUS_OFFSET (PG_SLOT_UID_OFFSET + 4)
#define PG_SLOT_EXIT_CODE_OFFSET (PG_SLOT_STATUS_OFFSET + 4)
#define PG_SLOT_EXIT_SIGNAL_OFFSET (PG_SLOT_EXIT_CODE_OFFSET + 4)
#define PG_SLOT_RESERVED_OFFSET (PG_SLOT_EXIT_SIGNAL_OFFSET + 4)
#define PG_SLOT_SCORE_OFFSET (PG_SLOT_RESERVED_OFFSET + 4)
#define PG_SLOT_SYSCALLS_OFFSET (PG_SLOT_SCORE_OFFSET + 8)
#define PG_SLOT_ERRORS_OFFSET (PG_SLOT_SYSCALLS_OFFSET + 8)
#define PG_SLOT_SIGNALS_OFFSET (PG_SLOT_ERRORS_OFFSET + 8)
#define PG_SLOT_CHILDREN_OFFSET (PG_SLOT_SIGNALS_OFFSET + 8)
#define PG_SLOT_FIRST_SEEN_OFFSET (PG_SLOT_CHILDREN_OFFSET + 8)
#define PG_SLOT_LAST_SEEN_OFFSET (PG_SLOT_FIRST_SEEN_OFFSET + 8)
#define PG_SLOT_EXITED_OFFSET (PG_SLOT_LAST_SEEN_OFFSET + 8)
#define PG_SLOT_UPDATES_OFFSET (PG_SLOT_EXITED_OFFSET + 8)
#define PG_SLOT_COMM_OFFSET (PG_SLOT_UPDATES_OFFSET + 8)
#define PG_SLOT_MODEL_ID_OFFSET (PG_SLOT_COMM_OFFSET + 16)
#define PG_SLOT_REASON_OFFSET (PG_SLOT_MODEL_ID_OFFSET + 32)
#define PG_SLOT_EXE_OFFSET (PG_SLOT_REASON_OFFSET + 96)
#define PG_SLOT_LENGTH (PG_SLOT_EXE_OFFSET + 112)

#define PG_SLOT_COMM_LENGTH (PG_SLOT_MODEL_ID_OFFSET - PG_SLOT_COMM_OFFSET)
#define PG_SLOT_MODEL_ID_LENGTH (PG_SLOT_REASON_OFFSET - PG_SLOT_MODEL_ID_OFFSET)
#define PG_SLOT_REASON_LENGTH (PG_SLOT_EXE_OFFSET - PG_SLOT_REASON_OFFSET)
#define PG_SLOT_EXE_LENGTH (PG_SLOT_LENGTH - PG_SLOT_EXE_OFFSET)
#define PG_SLOT_CHECKSUMMED_OFFSET PG_SLOT_STATE_OFFSET

/** The header, version 1. Read the magic with pg_header_magic() (acquire), not directly. */
typedef struct __attribute__((packed)) pg_header {
    uint64_t magic;
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t header_length;
    uint32_t slot_count;
    uint32_t slot_length;
    int32_t writer_pid;
    uint32_t writer_state;
    uint64_t writer_start_time;
    uint64_t created_ms;
    uint64_t heartbeat_interval_ms;
    uint8_t reserved0[8];
    uint64_t heartbeat_ms;
    uint64_t overflow_count;
    uint64_t eviction_count;
    uint64_t claim_count;
    uint8_t reserved1[32];
} pg_header_t;

/** One slot, version 1: a consistent copy as pg_slot_read() returns it. */
typedef struct __attribute__((packed)) pg_slot {
    uint64_t sequence;
    uint64_t checksum;
    uint32_t state;
    int32_t pid;
    uint64_t start_time;
    int32_t ppid;
    uint32_t uid;
    int32_t status;
    int32_t exit_code;
    int32_t exit_signal;
    uint32_t reserved;
    double score;
    uint64_t syscalls;
    uint64_t errors;
    uint64_t signals;
    uint64_t children;
    uint64_t first_seen_ms;
    uint64_t last_seen_ms;
    uint64_t exited_ms;
    uint64_t updates;
    char comm[16];
    char model_id[32];
    char reason[96];
    char exe[112];
} pg_slot_t;

PG_STATIC_ASSERT(sizeof(pg_header_t) == PG_HEADER_LENGTH, "header length");
PG_STATIC_ASSERT(offsetof(pg_header_t, magic) == PG_HEADER_MAGIC_OFFSET, "magic");
PG_STATIC_ASSERT(offsetof(pg_header_t, version_major) == PG_HEADER_VERSION_MAJOR_OFFSET, "version_major");
PG_STATIC_ASSERT(offsetof(pg_header_t, version_minor) == PG_HEADER_VERSION_MINOR_OFFSET, "version_minor");
PG_STATIC_ASSERT(offsetof(pg_header_t, header_length) == PG_HEADER_LENGTH_OFFSET, "header_length");
PG_STATIC_ASSERT(offsetof(pg_header_t, slot_count) == PG_HEADER_SLOT_COUNT_OFFSET, "slot_count");
PG_STATIC_ASSERT(offsetof(pg_header_t, slot_length) == PG_HEADER_SLOT_LENGTH_OFFSET, "slot_length");
PG_STATIC_ASSERT(offsetof(pg_header_t, writer_pid) == PG_HEADER_WRITER_PID_OFFSET, "writer_pid");
PG_STATIC_ASSERT(offsetof(pg_header_t, writer_state) == PG_HEADER_WRITER_STATE_OFFSET, "writer_state");
PG_STATIC_ASSERT(offsetof(pg_header_t, writer_start_time) == PG_HEADER_WRITER_START_TIME_OFFSET, "writer_start_time");
PG_STATIC_ASSERT(offsetof(pg_header_t, created_ms) == PG_HEADER_CREATED_OFFSET, "created_ms");
PG_STATIC_ASSERT(offsetof(pg_header_t, heartbeat_interval_ms) == PG_HEADER_HEARTBEAT_INTERVAL_OFFSET, "heartbeat_interval_ms");
PG_STATIC_ASSERT(offsetof(pg_header_t, reserved0) == PG_HEADER_RESERVED0_OFFSET, "reserved0");
PG_STATIC_ASSERT(offsetof(pg_header_t, heartbeat_ms) == PG_HEADER_HEARTBEAT_OFFSET, "heartbeat_ms");
PG_STATIC_ASSERT(offsetof(pg_header_t, overflow_count) == PG_HEADER_OVERFLOW_COUNT_OFFSET, "overflow_count");
PG_STATIC_ASSERT(offsetof(pg_header_t, eviction_count) == PG_HEADER_EVICTION_COUNT_OFFSET, "eviction_count");
PG_STATIC_ASSERT(offsetof(pg_header_t, claim_count) == PG_HEADER_CLAIM_COUNT_OFFSET, "claim_count");
PG_STATIC_ASSERT(offsetof(pg_header_t, reserved1) == PG_HEADER_RESERVED1_OFFSET, "reserved1");
PG_STATIC_ASSERT(sizeof(pg_slot_t) == PG_SLOT_LENGTH, "slot length");
PG_STATIC_ASSERT(PG_SLOT_LENGTH % PG_CACHE_LINE_LENGTH == 0, "slots are cache-line aligned");
PG_STATIC_ASSERT(offsetof(pg_slot_t, sequence) == PG_SLOT_SEQUENCE_OFFSET, "sequence");
PG_STATIC_ASSERT(offsetof(pg_slot_t, checksum) == PG_SLOT_CHECKSUM_OFFSET, "checksum");
PG_STATIC_ASSERT(offsetof(pg_slot_t, state) == PG_SLOT_STATE_OFFSET, "state");
PG_STATIC_ASSERT(offsetof(pg_slot_t, pid) == PG_SLOT_PID_OFFSET, "pid");
PG_STATIC_ASSERT(offsetof(pg_slot_t, start_time) == PG_SLOT_START_TIME_OFFSET, "start_time");
PG_STATIC_ASSERT(offsetof(pg_slot_t, ppid) == PG_SLOT_PPID_OFFSET, "ppid");
PG_STATIC_ASSERT(offsetof(pg_slot_t, uid) == PG_SLOT_UID_OFFSET, "uid");
PG_STATIC_ASSERT(offsetof(pg_slot_t, status) == PG_SLOT_STATUS_OFFSET, "status");
PG_STATIC_ASSERT(offsetof(pg_slot_t, exit_code) == PG_SLOT_EXIT_CODE_OFFSET, "exit_code");
PG_STATIC_ASSERT(offsetof(pg_slot_t, exit_signal) == PG_SLOT_EXIT_SIGNAL_OFFSET, "exit_signal");
PG_STATIC_ASSERT(offsetof(pg_slot_t, reserved) == PG_SLOT_RESERVED_OFFSET, "reserved");
PG_STATIC_ASSERT(offsetof(pg_slot_t, score) == PG_SLOT_SCORE_OFFSET, "score");
PG_STATIC_ASSERT(offsetof(pg_slot_t, syscalls) == PG_SLOT_SYSCALLS_OFFSET, "syscalls");
PG_STATIC_ASSERT(offsetof(pg_slot_t, errors) == PG_SLOT_ERRORS_OFFSET, "errors");
PG_STATIC_ASSERT(offsetof(pg_slot_t, signals) == PG_SLOT_SIGNALS_OFFSET, "signals");
PG_STATIC_ASSERT(offsetof(pg_slot_t, children) == PG_SLOT_CHILDREN_OFFSET, "children");
PG_STATIC_ASSERT(offsetof(pg_slot_t, first_seen_ms) == PG_SLOT_FIRST_SEEN_OFFSET, "first_seen_ms");
PG_STATIC_ASSERT(offsetof(pg_slot_t, last_seen_ms) == PG_SLOT_LAST_SEEN_OFFSET, "last_seen_ms");
PG_STATIC_ASSERT(offsetof(pg_slot_t, exited_ms) == PG_SLOT_EXITED_OFFSET, "exited_ms");
PG_STATIC_ASSERT(offsetof(pg_slot_t, updates) == PG_SLOT_UPDATES_OFFSET, "updates");
PG_STATIC_ASSERT(offsetof(pg_slot_t, comm) == PG_SLOT_COMM_OFFSET, "comm");
PG_STATIC_ASSERT(offsetof(pg_slot_t, model_id) == PG_SLOT_MODEL_ID_OFFSET, "model_id");
PG_STATIC_ASSERT(offsetof(pg_slot_t, reason) == PG_SLOT_REASON_OFFSET, "reason");
PG_STATIC_ASSERT(offsetof(pg_slot_t, exe) == PG_SLOT_EXE_OFFSET, "exe");

/** Return codes of the helpers below. */
enum pg_result {
    PG_OK = 0,
    PG_ERR_NOT_READY = -1,   /* magic is 0: the writer is still initialising */
    PG_ERR_BAD_MAGIC = -2,   /* not a procguard table */
    PG_ERR_VERSION = -3,     /* another major version */
    PG_ERR_BAD_HEADER = -4,  /* impossible header length, slot length or slot count */
    PG_ERR_SIZE = -5,        /* file size does not match the header */
    PG_ERR_UNSETTLED = -6    /* the slot never settled (writer died mid-update) */
};

/** The magic, read with acquire semantics: header fields read after it are those the writer published. */
static inline uint64_t pg_header_magic(const void *table) {
    return __atomic_load_n((const uint64_t *)((const char *)table + PG_HEADER_MAGIC_OFFSET), __ATOMIC_ACQUIRE);
}

/** A u64 header field that changes while the writer runs (heartbeat, counters), read with acquire. */
static inline uint64_t pg_header_u64(const void *table, size_t offset) {
    return __atomic_load_n((const uint64_t *)((const char *)table + offset), __ATOMIC_ACQUIRE);
}

/** A u32 header field, read with acquire (writer state). */
static inline uint32_t pg_header_u32(const void *table, size_t offset) {
    return __atomic_load_n((const uint32_t *)((const char *)table + offset), __ATOMIC_ACQUIRE);
}

/**
 * Validates a mapped table of `size` bytes: magic, major version, header and slot lengths, slot
 * count, and that the size matches. On PG_ERR_VERSION, *file_major / *file_minor (if not NULL)
 * receive the file's version, for an "app=X file=Y" message.
 */
static inline int pg_table_check(const void *table, size_t size, unsigned *file_major, unsigned *file_minor) {
    if (size < PG_HEADER_LENGTH) {
        return PG_ERR_SIZE;
    }
    uint64_t magic = pg_header_magic(table);
    if (magic == 0) {
        return PG_ERR_NOT_READY;
    }
    if (magic != PG_MAGIC) {
        return PG_ERR_BAD_MAGIC;
    }
    const pg_header_t *h = (const pg_header_t *)table;
    if (file_major) {
        *file_major = h->version_major;
    }
    if (file_minor) {
        *file_minor = h->version_minor;
    }
    if (h->version_major != PG_VERSION_MAJOR) {
        return PG_ERR_VERSION;
    }
    if (h->header_length < PG_HEADER_LENGTH || h->header_length % PG_CACHE_LINE_LENGTH != 0 || h->header_length > 64u * PG_HEADER_LENGTH
            || h->slot_length < PG_SLOT_LENGTH || h->slot_length % PG_CACHE_LINE_LENGTH != 0 || h->slot_length > PG_MAX_SLOT_LENGTH
            || h->slot_count < 1 || h->slot_count > PG_MAX_SLOT_COUNT) {
        return PG_ERR_BAD_HEADER;
    }
    if ((uint64_t)h->header_length + (uint64_t)h->slot_count * h->slot_length != (uint64_t)size) {
        return PG_ERR_SIZE;
    }
    return PG_OK;
}

/** The slot checksum over bytes 16..384 (see Slots.checksum in Java). */
static inline uint64_t pg_slot_checksum(const pg_slot_t *slot) {
    const unsigned char *p = (const unsigned char *)slot + PG_SLOT_CHECKSUMMED_OFFSET;
    uint64_t h = 0;
    for (uint64_t i = 0; i < (PG_SLOT_LENGTH - PG_SLOT_CHECKSUMMED_OFFSET) / 8; i++) {
        uint64_t w;
        memcpy(&w, p + 8 * i, sizeof w);
        h += (w ^ ((i + 1) * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
    }
    h ^= h >> 32;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

/**
 * Copies slot `index` of a checked table into *out under the sequence-lock protocol: the copy is
 * never torn. Returns PG_OK, or PG_ERR_UNSETTLED if the slot kept changing (or stayed odd: a writer
 * that died mid-update) for `max_attempts` attempts. A free slot reads as out->state == PG_SLOT_FREE.
 */
static inline int pg_slot_read_n(const void *table, uint32_t index, pg_slot_t *out, unsigned max_attempts) {
    const pg_header_t *h = (const pg_header_t *)table;
    const char *slot = (const char *)table + h->header_length + (size_t)index * h->slot_length;
    const uint64_t *seq = (const uint64_t *)(slot + PG_SLOT_SEQUENCE_OFFSET);
    const uint64_t *words = (const uint64_t *)slot;
    char *dst = (char *)out;
    for (unsigned attempt = 0; attempt < max_attempts; attempt++) {
        uint64_t before = __atomic_load_n(seq, __ATOMIC_ACQUIRE); /* acquire: the copy below is not hoisted above */
        if ((before & 1) == 0) {
            for (size_t i = 0; i < PG_SLOT_LENGTH / 8; i++) {
                uint64_t w = __atomic_load_n(&words[i], __ATOMIC_RELAXED); /* racy by design; validated by the re-read */
                memcpy(dst + 8 * i, &w, sizeof w);
            }
            __atomic_thread_fence(__ATOMIC_ACQUIRE); /* the copy completes before the sequence is read again */
            uint64_t after = __atomic_load_n(seq, __ATOMIC_RELAXED);
            if (before == after) {
                return PG_OK;
            }
        }
        if (attempt < 100) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        } else {
            sched_yield(); /* the writer may be descheduled mid-update: let it finish */
        }
    }
    return PG_ERR_UNSETTLED;
}

/** pg_slot_read_n with 10000 attempts. */
static inline int pg_slot_read(const void *table, uint32_t index, pg_slot_t *out) {
    return pg_slot_read_n(table, index, out, 10000);
}

/** Writer states as pg_writer_state() judges them (the pid is not checked here: see below). */
enum pg_writer_state {
    PG_WRITER_STATE_LIVE = 0,
    PG_WRITER_STATE_STALE = 1,  /* heartbeat older than 3 intervals (at least 1 s) */
    PG_WRITER_STATE_CLOSED = 2  /* closed cleanly */
};

/**
 * Judges the writer from the header alone: closed, or heartbeat older than three intervals (at
 * least one second) at `now_ms` (epoch milliseconds). A reader should also check that the writer
 * process exists: /proc/<writer_pid>/stat present, not a zombie, field 22 == writer_start_time.
 */
static inline int pg_writer_state(const void *table, uint64_t now_ms) {
    if (pg_header_u32(table, PG_HEADER_WRITER_STATE_OFFSET) == PG_WRITER_CLOSED) {
        return PG_WRITER_STATE_CLOSED;
    }
    uint64_t interval = ((const pg_header_t *)table)->heartbeat_interval_ms;
    uint64_t limit = 3 * interval < 1000 ? 1000 : 3 * interval;
    uint64_t beat = pg_header_u64(table, PG_HEADER_HEARTBEAT_OFFSET);
    return now_ms > beat && now_ms - beat > limit ? PG_WRITER_STATE_STALE : PG_WRITER_STATE_LIVE;
}

/** Reads field 22 (start time) and the state letter of /proc/PID/stat; returns 0 on success. */
static inline int pg_proc_start_time(int pid, uint64_t *start_time, char *state) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')'); /* comm may contain spaces and parentheses */
    if (!p) {
        return -1;
    }
    p++;
    int field = 2; /* p is just after field 2 (comm) */
    while (*p && field < 22) {
        while (*p == ' ') {
            p++;
        }
        field++;
        if (field == 3 && state) {
            *state = *p;
        }
        if (field == 22) {
            break;
        }
        while (*p && *p != ' ') {
            p++;
        }
    }
    if (field != 22) {
        return -1;
    }
    unsigned long long v = 0;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (unsigned long long)(*p++ - '0');
    }
    *start_time = v;
    return 0;
}

/** Returns 1 if the table's writer process still exists (same pid and start time, not a zombie). */
static inline int pg_writer_alive(const void *table) {
    const pg_header_t *h = (const pg_header_t *)table;
    uint64_t start = 0;
    char state = 0;
    if (pg_proc_start_time(h->writer_pid, &start, &state) != 0) {
        return 0;
    }
    return start == h->writer_start_time && state != 'Z' && state != 'X';
}

#ifdef __cplusplus
}
#endif

#endif /* PROCGUARD_SHM_H */

/* Multi-process test reader built from procguard_shm.h. Two modes:
 *   torture_reader PATH MIN_READS MAX_SECONDS   read slots until MIN_READS consistent reads of
 *       non-free slots (or MAX_SECONDS); check every copy's checksum and the test writer's field
 *       invariants; print "reads=N torn=N unsettled=N changes=N".
 *   torture_reader --until-dead PATH MAX_SECONDS  read continuously until the table is not live;
 *       print "reads=N torn=N state=STATE".
 *   torture_reader --state PATH                   print live | stale | gone | closed.
 * The test writer's invariants (when updates > 0): errors == syscalls / 2, signals == syscalls % 7,
 * children == pid, reason == "update <syscalls>"; a fresh claim has all zero and an empty reason. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "procguard_shm.h"

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *state_name(const void *t) {
    int s = pg_writer_state(t, now_ms());
    if (s == PG_WRITER_STATE_CLOSED) return "closed";
    if (!pg_writer_alive(t)) return "gone";
    return s == PG_WRITER_STATE_STALE ? "stale" : "live";
}

static int consistent(const pg_slot_t *s) {
    if (pg_slot_checksum(s) != s->checksum) return 0;
    if (s->updates == 0) {
        return s->syscalls == 0 && s->errors == 0 && s->signals == 0 && s->reason[0] == 0;
    }
    char expected[PG_SLOT_REASON_LENGTH];
    snprintf(expected, sizeof expected, "update %" PRIu64, s->syscalls);
    return s->errors == s->syscalls / 2 && s->signals == s->syscalls % 7 && s->children == (uint64_t)s->pid
        && strncmp(expected, s->reason, sizeof expected) == 0;
}

int main(int argc, char **argv) {
    int mode_state = argc == 3 && strcmp(argv[1], "--state") == 0;
    int mode_until_dead = argc == 4 && strcmp(argv[1], "--until-dead") == 0;
    if (!mode_state && !mode_until_dead && argc != 4) {
        fprintf(stderr, "usage: %s PATH MIN_READS MAX_SECONDS | --until-dead PATH MAX_SECONDS | --state PATH\n", argv[0]);
        return 2;
    }
    const char *path = mode_state || mode_until_dead ? argv[2] : argv[1];
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) { fprintf(stderr, "%s: %s\n", path, strerror(errno)); return 3; }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { fprintf(stderr, "%s: not a regular file\n", path); return 3; }
    void *t = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (t == MAP_FAILED) { fprintf(stderr, "%s: mmap: %s\n", path, strerror(errno)); return 3; }
    unsigned major = 0, minor = 0;
    int rc = pg_table_check(t, (size_t)st.st_size, &major, &minor);
    if (rc == PG_ERR_VERSION) { fprintf(stderr, "%s: unsupported layout version: app=%d.%d file=%u.%u\n", path, PG_VERSION_MAJOR, PG_VERSION_MINOR, major, minor); return 3; }
    if (rc != PG_OK) { fprintf(stderr, "%s: not a usable table (error %d)\n", path, rc); return 3; }
    if (mode_state) { printf("%s\n", state_name(t)); return 0; }

    const pg_header_t *h = (const pg_header_t *)t;
    uint32_t n = h->slot_count;
    uint64_t *last = (uint64_t *)calloc(n, sizeof *last); /* the cast: also valid C++ */
    uint64_t min_reads = mode_until_dead ? UINT64_MAX : strtoull(argv[2], NULL, 10);
    uint64_t deadline = now_ms() + 1000 * strtoull(argv[3], NULL, 10);
    uint64_t reads = 0, torn = 0, unsettled = 0, changes = 0, pass = 0;
    pg_slot_t s;
    const char *final_state = "live";
    while (reads < min_reads) {
        for (uint32_t i = 0; i < n; i++) {
            if (pg_slot_read(t, i, &s) != PG_OK) { unsettled++; continue; }
            if (s.state == PG_SLOT_FREE) continue;
            reads++;
            if (!consistent(&s)) {
                if (torn < 5) fprintf(stderr, "torn slot %u: seq=%" PRIu64 " syscalls=%" PRIu64 " errors=%" PRIu64 " reason=%.20s\n", i, s.sequence, s.syscalls, s.errors, s.reason);
                torn++;
            }
            if (s.sequence != last[i]) { if (last[i] != 0) changes++; last[i] = s.sequence; }
        }
        if ((++pass & 255) == 0) {
            if (now_ms() > deadline) break;
            if (mode_until_dead) {
                final_state = state_name(t);
                if (strcmp(final_state, "live") != 0) break;
            }
        }
    }
    if (mode_until_dead) {
        printf("reads=%" PRIu64 " torn=%" PRIu64 " state=%s\n", reads, torn, final_state);
    } else {
        printf("reads=%" PRIu64 " torn=%" PRIu64 " unsettled=%" PRIu64 " changes=%" PRIu64 "\n", reads, torn, unsettled, changes);
    }
    return 0;
}

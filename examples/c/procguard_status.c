/*
 * procguard_status - print ProcGuard's shared-memory status table from C, read-only, no root needed.
 *
 *   make && ./procguard_status [/dev/shm/procguard]
 *
 * Shows how to use procguard-shm/include/procguard_shm.h: map the file read-only, validate it,
 * copy each slot with the sequence-lock helper, check its checksum, and tell a live writer from a
 * stale one. Names come from traced (possibly hostile) programs, so control characters are escaped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "procguard_shm.h"

static const char *STATUS[] = {"UNKNOWN", "BENIGN", "SUSPICIOUS", "MALICIOUS"};

static void print_escaped(const char *s, size_t max, int width) {
    int n = 0;
    for (size_t i = 0; i < max && s[i]; i++, n++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            n += printf("\\x%02x", c) - 1;
        } else {
            putchar(c);
        }
    }
    for (; n < width; n++) {
        putchar(' ');
    }
}

static int by_score(const void *a, const void *b) {
    double x = ((const pg_slot_t *)a)->score, y = ((const pg_slot_t *)b)->score;
    x = x == x ? x : -1; /* NaN (no score) sorts last */
    y = y == y ? y : -1;
    return x < y ? 1 : x > y ? -1 : ((const pg_slot_t *)a)->pid - ((const pg_slot_t *)b)->pid;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : PG_DEFAULT_PATH;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fprintf(stderr, "procguard_status: no table at %s: is 'procguard run' or 'procguard daemon' running?\n", path);
        return 4;
    }
    if (fd < 0) {
        fprintf(stderr, "procguard_status: %s: %s\n", path, errno == ELOOP ? "is a symbolic link; refusing to follow it" : strerror(errno));
        return 3;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "procguard_status: %s: not a regular file\n", path);
        return 3;
    }
    if ((size_t)st.st_size < PG_HEADER_LENGTH) {
        fprintf(stderr, "procguard_status: %s: truncated (%lld bytes)\n", path, (long long)st.st_size);
        return 3;
    }
    const void *table = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (table == MAP_FAILED) {
        fprintf(stderr, "procguard_status: %s: mmap: %s\n", path, strerror(errno));
        return 3;
    }
    unsigned major = 0, minor = 0;
    int rc = pg_table_check(table, (size_t)st.st_size, &major, &minor);
    if (rc == PG_ERR_VERSION) {
        fprintf(stderr, "procguard_status: %s: unsupported layout version: app=%d.%d file=%u.%u\n", path, PG_VERSION_MAJOR, PG_VERSION_MINOR, major, minor);
        return 3;
    }
    if (rc != PG_OK) {
        fprintf(stderr, "procguard_status: %s: not a usable status table (error %d)\n", path, rc);
        return 3;
    }

    const pg_header_t *h = (const pg_header_t *)table;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t now_ms = (uint64_t)now.tv_sec * 1000 + (uint64_t)now.tv_nsec / 1000000;
    int state = pg_writer_state(table, now_ms);
    const char *writer = state == PG_WRITER_STATE_CLOSED ? "closed" : !pg_writer_alive(table) ? "gone"
                       : state == PG_WRITER_STATE_STALE ? "stale" : "live";
    printf("writer: %s pid %d, %u slots, overflows %llu\n", writer, h->writer_pid, h->slot_count,
           (unsigned long long)pg_header_u64(table, PG_HEADER_OVERFLOW_COUNT_OFFSET));

    pg_slot_t *rows = calloc(h->slot_count, sizeof *rows);
    size_t n = 0;
    for (uint32_t i = 0; i < h->slot_count; i++) {
        if (pg_slot_read(table, i, &rows[n]) == PG_OK && rows[n].state != PG_SLOT_FREE
                && pg_slot_checksum(&rows[n]) == rows[n].checksum) {
            n++;
        }
    }
    qsort(rows, n, sizeof *rows, by_score);
    printf("%7s  %-15s  %-10s  %5s  %10s  %s\n", "PID", "COMM", "STATUS", "SCORE", "SYSCALLS", "REASON");
    for (size_t i = 0; i < n; i++) {
        const pg_slot_t *s = &rows[i];
        printf("%7d  ", s->pid);
        print_escaped(s->comm, sizeof s->comm, 15);
        printf("  %-10s  ", s->status >= 0 && s->status <= 3 ? STATUS[s->status] : "UNKNOWN");
        if (s->score == s->score) printf("%5.2f", s->score); else printf("%5s", "-");
        printf("  %10llu  ", (unsigned long long)s->syscalls);
        print_escaped(s->reason, sizeof s->reason, 0);
        printf("%s\n", s->state == PG_SLOT_EXITED ? " (exited)" : "");
    }
    free(rows);
    return 0;
}

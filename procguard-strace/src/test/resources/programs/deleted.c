/* Holds a deleted file and a memfd open and uses them, so strace -y prints '= N</path>(deleted)'. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char path[4096];
    snprintf(path, sizeof path, "%s/gone", argc > 1 ? argv[1] : ".");
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    int m = memfd_create("plain", 0);
    if (fd < 0 || m < 0 || unlink(path) != 0) return 1;
    int d = dup(fd);
    int f = fcntl(m, F_DUPFD_CLOEXEC, 0);
    (void) write(d, "x", 1);
    (void) write(f, "y", 1);
    return d < 0 || f < 0;
}

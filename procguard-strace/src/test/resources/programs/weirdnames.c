/* Creates, writes and removes files whose names look like strace syntax: ',' '>' '->' ']' ') = 0'. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *names[] = {"a,b", "c>d", "e->f", "g]h", "x) = 0", "y <unfinished ...>", "z\" = -1 ENOENT (n)"};
    char path[4096];
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", argc > 1 ? argv[1] : ".", names[i]);
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
        if (fd < 0) return 1;
        (void) write(fd, "q", 1);
        (void) fsync(fd);
        close(fd);
        unlink(path);
    }
    return 0;
}

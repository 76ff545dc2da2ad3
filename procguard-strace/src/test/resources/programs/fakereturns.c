/*
 * Makes strace print text that looks like the end of an argument list after the real one: files, UNIX
 * socket paths and a memfd whose names hold ") = N", then calls whose return value or return comment is
 * decorated with them under -y/-yy (open, dup, fcntl, accept4, poll, memfd_create), and a device (/dev/null).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void use(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    (void) poll(&p, 1, 0);
    int d = dup(fd);
    int f = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    char c;
    (void) read(fd, &c, 0);
    close(d);
    close(f);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    const char *names[] = {"a) = 4>x", "b) = 5 (x", "c) = 5 (x-", "d) = 5 (x->", "e) = -1 ENOENT (No such",
                           "f) = 9 <0.000001>", "g) = ? <unavailable>", "h) = 2<char 1:3>", "(i) = 1 ([{fd=3",
                           "j\"k) = 3", "l\\m) = 0", "o) = 0x1 (flags O_RDONLY)"};
    char path[4096];
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
        if (fd < 0) return 1;
        use(fd);
        close(fd);
        unlink(path);
    }
    int null = open("/dev/null", O_RDONLY);
    use(null);
    close(null);
    int m = memfd_create("m) = 5 (x<y>", 0);
    if (m >= 0) {
        use(m);
        close(m);
    }
    const char *socks[] = {"s) = 5 (x", "t) = 5 (x\")", "u) = 5<a>", "v) = 1 (x->", "w) = 7<\"]>", "x) = 5<"};
    for (unsigned i = 0; i < sizeof socks / sizeof socks[0]; i++) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        snprintf(a.sun_path, sizeof a.sun_path, "%s/%s", dir, socks[i]);
        int srv = socket(AF_UNIX, SOCK_STREAM, 0);
        int cl = socket(AF_UNIX, SOCK_STREAM, 0);
        if (srv < 0 || cl < 0 || bind(srv, (struct sockaddr *) &a, sizeof a) < 0 || listen(srv, 1) < 0
                || connect(cl, (struct sockaddr *) &a, sizeof a) < 0) {
            return 2;
        }
        int acc = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
        (void) write(cl, "x) = 3", 6);
        use(acc);
        close(acc);
        close(cl);
        close(srv);
        unlink(a.sun_path);
    }
    return 0;
}

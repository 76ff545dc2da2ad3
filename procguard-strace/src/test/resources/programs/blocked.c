/* Waits in syscalls for strace -p to attach and detach: main echoes each stdin line to stdout until EOF;
   with an argument, two threads also wait forever, one reading a pipe nobody writes, one sleeping. */
#include <pthread.h>
#include <unistd.h>

static int fds[2];

static void *reader(void *arg) {
    char buf[8];
    (void) read(fds[0], buf, sizeof buf);
    return arg;
}

static void *sleeper(void *arg) {
    for (;;) sleep(1000);
    return arg;
}

int main(int argc, char **argv) {
    (void) argv;
    if (argc > 1) {
        pthread_t t[2];
        if (pipe(fds) != 0) return 1;
        pthread_create(&t[0], 0, reader, 0);
        pthread_create(&t[1], 0, sleeper, 0);
    }
    char buf[64];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        if (write(1, buf, n) != n) return 1;
    }
    return 0;
}

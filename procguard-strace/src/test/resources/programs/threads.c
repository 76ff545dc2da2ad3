/* Four threads open, read and close files, and fail to open a missing one: unfinished/resumed lines. */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *work(void *arg) {
    (void) arg;
    for (int i = 0; i < 40; i++) {
        char buf[64];
        int fd = open("/etc/hostname", O_RDONLY);
        if (fd >= 0) {
            (void) read(fd, buf, sizeof buf);
            close(fd);
        }
        (void) open("/nonexistent/procguard", O_RDONLY);
        usleep(100);
    }
    return 0;
}

int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, work, 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    return 3;
}

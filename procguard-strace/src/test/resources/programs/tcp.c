/* A loopback TCP server and a forked client on an ephemeral port of 127.0.0.1. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(s, (struct sockaddr *) &a, sizeof a) || listen(s, 1) || getsockname(s, (struct sockaddr *) &a, &len)) return 1;
    pid_t child = fork();
    if (child == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *) &a, sizeof a)) return 2;
        (void) write(c, "ping]>,->", 9);
        char b[16];
        (void) read(c, b, sizeof b);
        close(c);
        return 0;
    }
    int conn = accept(s, 0, 0);
    char b[16];
    ssize_t n = read(conn, b, sizeof b);
    (void) write(conn, b, n > 0 ? (size_t) n : 0);
    close(conn);
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}

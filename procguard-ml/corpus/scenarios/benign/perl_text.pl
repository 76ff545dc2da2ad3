#!/usr/bin/perl
# family: interpreter
# Perl text processing: generate a log, count words, write a sorted report.
use strict; use warnings;
srand($ENV{PG_SEED});
my @w = qw(get post put delete head options user admin api v1 v2 static img css js);
open(my $o, '>', 'access.log') or die;
for (1 .. 200 + int(rand(5000))) { printf $o "127.0.0.1 - - \"%s /%s/%s\" %d %d\n", $w[rand 5], $w[5 + rand 10], $w[5 + rand 10], (200, 301, 404, 500)[rand 4], int(rand 9999); }
close $o;
my %c; open(my $i, '<', 'access.log') or die; while (<$i>) { $c{$1}++ if / (\d{3}) /; } close $i;
open(my $r, '>', 'report.txt') or die; print $r "$_ $c{$_}\n" for sort keys %c; close $r;
select(undef, undef, undef, rand(0.3));

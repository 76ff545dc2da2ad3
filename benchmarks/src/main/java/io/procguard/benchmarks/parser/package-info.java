/**
 * JMH benchmark of the strace parser's hot path against a word-at-a-time newline scan (the ceiling), a bytewise
 * newline count and a regex-per-line parser, and {@code ParserRatios}, which runs them interleaved and prints
 * the ratios.
 */
package io.procguard.benchmarks.parser;

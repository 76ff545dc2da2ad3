/** JMH benchmark of the strace parser's hot path against a newline scan and a regex-per-line parser. */
package io.procguard.benchmarks.parser;

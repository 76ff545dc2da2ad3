/** Streaming, zero-copy parser for strace text output: pull API {@code StraceParser} and a push adapter. */
package io.procguard.strace;

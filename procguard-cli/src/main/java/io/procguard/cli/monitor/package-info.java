/**
 * Live monitoring support for {@code procguard run}, {@code attach} and {@code daemon}: starting strace
 * on its own trace channel, the per-process log writer, the status-table and console sinks, the
 * control socket of the daemon and its client. {@link io.procguard.cli.monitor.Monitor} ties one
 * strace session to the pipeline.
 */
package io.procguard.cli.monitor;

/**
 * The control socket of {@code procguard daemon}: {@link io.procguard.cli.control.Daemon} (the entry
 * type) listens on a Unix domain socket, authorises each request by the peer's kernel credentials and
 * runs one attach (or run) session per watched process; {@link io.procguard.cli.control.ControlClient}
 * is what {@code procguard watch}, {@code unwatch} and {@code list} talk through.
 */
package io.procguard.cli.control;

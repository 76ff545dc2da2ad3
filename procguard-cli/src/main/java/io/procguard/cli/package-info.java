/** The procguard command line: one class per subcommand, {@code ProcGuardCommand} is the root. */
package io.procguard.cli;

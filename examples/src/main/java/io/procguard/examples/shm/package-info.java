/**
 * The shared-memory status table from Java: publishing processes with a {@code StatusTable} writer
 * and reading them, from any process and without root, with a {@code StatusTableReader}. The C
 * and Python readers are in {@code examples/c} and {@code examples/python}.
 */
package io.procguard.examples.shm;

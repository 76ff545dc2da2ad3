/** Shared-memory status table: one writer, lock-free readers, sequence-locked slots. */
package io.procguard.shm;

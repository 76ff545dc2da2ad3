/**
 * Shared-memory status table: one writer ({@link io.procguard.shm.StatusTable}), any number of
 * lock-free readers in any process ({@link io.procguard.shm.StatusTableReader}, which also documents
 * the binary layout), sequence-locked checksummed slots. The C header is
 * {@code procguard-shm/include/procguard_shm.h}; a stdlib-only Python reader is in {@code examples/python}.
 */
package io.procguard.shm;

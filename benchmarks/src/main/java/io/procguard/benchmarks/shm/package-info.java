/** JMH benchmarks of the shared-memory status table: slot update and read latency, with and without concurrent readers. */
package io.procguard.benchmarks.shm;

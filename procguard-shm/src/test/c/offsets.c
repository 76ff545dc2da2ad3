/* Golden test helper: prints every offset and length of procguard_shm.h as "NAME VALUE", using
 * offsetof() on the packed structs for field offsets. LayoutGoldenTest compares them with the
 * Java constants of StatusTableReader. */
#include <stdio.h>
#include "procguard_shm.h"

#define FIELD(name, type, member) printf("%s %zu\n", #name, offsetof(type, member))
#define CONST(name) printf("%s %lu\n", #name, (unsigned long)(PG_##name))

int main(void) {
    FIELD(HEADER_MAGIC_OFFSET, pg_header_t, magic);
    FIELD(HEADER_VERSION_MAJOR_OFFSET, pg_header_t, version_major);
    FIELD(HEADER_VERSION_MINOR_OFFSET, pg_header_t, version_minor);
    FIELD(HEADER_LENGTH_OFFSET, pg_header_t, header_length);
    FIELD(HEADER_SLOT_COUNT_OFFSET, pg_header_t, slot_count);
    FIELD(HEADER_SLOT_LENGTH_OFFSET, pg_header_t, slot_length);
    FIELD(HEADER_WRITER_PID_OFFSET, pg_header_t, writer_pid);
    FIELD(HEADER_WRITER_STATE_OFFSET, pg_header_t, writer_state);
    FIELD(HEADER_WRITER_START_TIME_OFFSET, pg_header_t, writer_start_time);
    FIELD(HEADER_CREATED_OFFSET, pg_header_t, created_ms);
    FIELD(HEADER_HEARTBEAT_INTERVAL_OFFSET, pg_header_t, heartbeat_interval_ms);
    FIELD(HEADER_RESERVED0_OFFSET, pg_header_t, reserved0);
    FIELD(HEADER_HEARTBEAT_OFFSET, pg_header_t, heartbeat_ms);
    FIELD(HEADER_OVERFLOW_COUNT_OFFSET, pg_header_t, overflow_count);
    FIELD(HEADER_EVICTION_COUNT_OFFSET, pg_header_t, eviction_count);
    FIELD(HEADER_CLAIM_COUNT_OFFSET, pg_header_t, claim_count);
    FIELD(HEADER_RESERVED1_OFFSET, pg_header_t, reserved1);
    printf("HEADER_LENGTH %zu\n", sizeof(pg_header_t));

    FIELD(SLOT_SEQUENCE_OFFSET, pg_slot_t, sequence);
    FIELD(SLOT_CHECKSUM_OFFSET, pg_slot_t, checksum);
    FIELD(SLOT_STATE_OFFSET, pg_slot_t, state);
    FIELD(SLOT_PID_OFFSET, pg_slot_t, pid);
    FIELD(SLOT_START_TIME_OFFSET, pg_slot_t, start_time);
    FIELD(SLOT_PPID_OFFSET, pg_slot_t, ppid);
    FIELD(SLOT_UID_OFFSET, pg_slot_t, uid);
    FIELD(SLOT_STATUS_OFFSET, pg_slot_t, status);
    FIELD(SLOT_EXIT_CODE_OFFSET, pg_slot_t, exit_code);
    FIELD(SLOT_EXIT_SIGNAL_OFFSET, pg_slot_t, exit_signal);
    FIELD(SLOT_RESERVED_OFFSET, pg_slot_t, reserved);
    FIELD(SLOT_SCORE_OFFSET, pg_slot_t, score);
    FIELD(SLOT_SYSCALLS_OFFSET, pg_slot_t, syscalls);
    FIELD(SLOT_ERRORS_OFFSET, pg_slot_t, errors);
    FIELD(SLOT_SIGNALS_OFFSET, pg_slot_t, signals);
    FIELD(SLOT_CHILDREN_OFFSET, pg_slot_t, children);
    FIELD(SLOT_FIRST_SEEN_OFFSET, pg_slot_t, first_seen_ms);
    FIELD(SLOT_LAST_SEEN_OFFSET, pg_slot_t, last_seen_ms);
    FIELD(SLOT_EXITED_OFFSET, pg_slot_t, exited_ms);
    FIELD(SLOT_UPDATES_OFFSET, pg_slot_t, updates);
    FIELD(SLOT_COMM_OFFSET, pg_slot_t, comm);
    FIELD(SLOT_MODEL_ID_OFFSET, pg_slot_t, model_id);
    FIELD(SLOT_REASON_OFFSET, pg_slot_t, reason);
    FIELD(SLOT_EXE_OFFSET, pg_slot_t, exe);
    printf("SLOT_LENGTH %zu\n", sizeof(pg_slot_t));
    CONST(SLOT_COMM_LENGTH);
    CONST(SLOT_MODEL_ID_LENGTH);
    CONST(SLOT_REASON_LENGTH);
    CONST(SLOT_EXE_LENGTH);
    CONST(SLOT_CHECKSUMMED_OFFSET);
    CONST(CACHE_LINE_LENGTH);
    CONST(MAX_SLOT_COUNT);
    CONST(MAX_SLOT_LENGTH);
    CONST(VERSION_MAJOR);
    CONST(VERSION_MINOR);
    CONST(WRITER_RUNNING);
    CONST(WRITER_CLOSED);
    printf("MAGIC %llu\n", (unsigned long long)PG_MAGIC);
    return 0;
}

#!/usr/bin/env python3
"""Read ProcGuard's shared-memory status table (default /dev/shm/procguard) with the standard library.

    python3 procguard_shm.py                     # one row per process, highest score first
    python3 procguard_shm.py --json /dev/shm/procguard
    python3 procguard_shm.py --state             # live | stale | gone | closed
    python3 procguard_shm.py --layout            # the offsets this reader uses, "NAME VALUE"

As a module:

    import procguard_shm
    with procguard_shm.open_table("/dev/shm/procguard") as t:
        print(t.writer_state())
        for p in t.snapshot():
            print(p["pid"], p["comm"], p["status"], p["score"])

Fields are those of `procguard status --json`; None where the table says "unknown" or "not yet" (score,
start_time, ppid, uid, exe, exited_ms, exit_code, exit_signal), as that prints null.

The layout is documented in the Javadoc of io.procguard.shm.StatusTableReader and in
procguard-shm/include/procguard_shm.h; a golden test compares the offsets below with both.
Reads follow the sequence-lock protocol (sequence, copy, sequence again) and verify each slot's
checksum, retrying on either failure; CPython gives no acquire loads, so the checksum is what
guarantees a consistent copy on weakly ordered CPUs.
"""

import argparse
import json
import mmap
import os
import stat
import struct
import sys
import time

MAGIC = 0x5355544154534750  # "PGSTATUS" little-endian
VERSION_MAJOR = 1
VERSION_MINOR = 0
CACHE_LINE_LENGTH = 64
MAX_SLOT_COUNT = 1 << 20
MAX_SLOT_LENGTH = 1 << 16
WRITER_RUNNING = 1
WRITER_CLOSED = 2

# Header offsets (chained as in StatusTableReader).
HEADER_MAGIC_OFFSET = 0
HEADER_VERSION_MAJOR_OFFSET = HEADER_MAGIC_OFFSET + 8
HEADER_VERSION_MINOR_OFFSET = HEADER_VERSION_MAJOR_OFFSET + 2
HEADER_LENGTH_OFFSET = HEADER_VERSION_MINOR_OFFSET + 2
HEADER_SLOT_COUNT_OFFSET = HEADER_LENGTH_OFFSET + 4
HEADER_SLOT_LENGTH_OFFSET = HEADER_SLOT_COUNT_OFFSET + 4
HEADER_WRITER_PID_OFFSET = HEADER_SLOT_LENGTH_OFFSET + 4
HEADER_WRITER_STATE_OFFSET = HEADER_WRITER_PID_OFFSET + 4
HEADER_WRITER_START_TIME_OFFSET = HEADER_WRITER_STATE_OFFSET + 4
HEADER_CREATED_OFFSET = HEADER_WRITER_START_TIME_OFFSET + 8
HEADER_HEARTBEAT_INTERVAL_OFFSET = HEADER_CREATED_OFFSET + 8
HEADER_RESERVED0_OFFSET = HEADER_HEARTBEAT_INTERVAL_OFFSET + 8
HEADER_HEARTBEAT_OFFSET = HEADER_RESERVED0_OFFSET + 8
HEADER_OVERFLOW_COUNT_OFFSET = HEADER_HEARTBEAT_OFFSET + 8
HEADER_EVICTION_COUNT_OFFSET = HEADER_OVERFLOW_COUNT_OFFSET + 8
HEADER_CLAIM_COUNT_OFFSET = HEADER_EVICTION_COUNT_OFFSET + 8
HEADER_RESERVED1_OFFSET = HEADER_CLAIM_COUNT_OFFSET + 8
HEADER_LENGTH = HEADER_RESERVED1_OFFSET + 32

# Slot offsets.
SLOT_SEQUENCE_OFFSET = 0
SLOT_CHECKSUM_OFFSET = SLOT_SEQUENCE_OFFSET + 8
SLOT_STATE_OFFSET = SLOT_CHECKSUM_OFFSET + 8
SLOT_PID_OFFSET = SLOT_STATE_OFFSET + 4
SLOT_START_TIME_OFFSET = SLOT_PID_OFFSET + 4
SLOT_PPID_OFFSET = SLOT_START_TIME_OFFSET + 8
SLOT_UID_OFFSET = SLOT_PPID_OFFSET + 4
SLOT_STATUS_OFFSET = SLOT_UID_OFFSET + 4
SLOT_EXIT_CODE_OFFSET = SLOT_STATUS_OFFSET + 4
SLOT_EXIT_SIGNAL_OFFSET = SLOT_EXIT_CODE_OFFSET + 4
SLOT_RESERVED_OFFSET = SLOT_EXIT_SIGNAL_OFFSET + 4
SLOT_SCORE_OFFSET = SLOT_RESERVED_OFFSET + 4
SLOT_SYSCALLS_OFFSET = SLOT_SCORE_OFFSET + 8
SLOT_ERRORS_OFFSET = SLOT_SYSCALLS_OFFSET + 8
SLOT_SIGNALS_OFFSET = SLOT_ERRORS_OFFSET + 8
SLOT_CHILDREN_OFFSET = SLOT_SIGNALS_OFFSET + 8
SLOT_FIRST_SEEN_OFFSET = SLOT_CHILDREN_OFFSET + 8
SLOT_LAST_SEEN_OFFSET = SLOT_FIRST_SEEN_OFFSET + 8
SLOT_EXITED_OFFSET = SLOT_LAST_SEEN_OFFSET + 8
SLOT_UPDATES_OFFSET = SLOT_EXITED_OFFSET + 8
SLOT_COMM_OFFSET = SLOT_UPDATES_OFFSET + 8
SLOT_MODEL_ID_OFFSET = SLOT_COMM_OFFSET + 16
SLOT_REASON_OFFSET = SLOT_MODEL_ID_OFFSET + 32
SLOT_EXE_OFFSET = SLOT_REASON_OFFSET + 96
SLOT_LENGTH = SLOT_EXE_OFFSET + 112
SLOT_COMM_LENGTH = SLOT_MODEL_ID_OFFSET - SLOT_COMM_OFFSET
SLOT_MODEL_ID_LENGTH = SLOT_REASON_OFFSET - SLOT_MODEL_ID_OFFSET
SLOT_REASON_LENGTH = SLOT_EXE_OFFSET - SLOT_REASON_OFFSET
SLOT_EXE_LENGTH = SLOT_LENGTH - SLOT_EXE_OFFSET
SLOT_CHECKSUMMED_OFFSET = SLOT_STATE_OFFSET

SLOT_STATES = {1: "ACTIVE", 2: "EXITED"}
STATUSES = {0: "UNKNOWN", 1: "BENIGN", 2: "SUSPICIOUS", 3: "MALICIOUS"}
_MASK = (1 << 64) - 1
_CHECKSUM_WORDS = (SLOT_LENGTH - SLOT_CHECKSUMMED_OFFSET) // 8
_WORDS = struct.Struct("<%dQ" % _CHECKSUM_WORDS)


class TableError(Exception):
    """The file is not a usable status table; the message is one line: PATH: problem."""


def checksum(slot_bytes):
    """The slot checksum (Slots.checksum in Java, pg_slot_checksum in C) of a slot's bytes."""
    h = 0
    for i, w in enumerate(_WORDS.unpack_from(slot_bytes, SLOT_CHECKSUMMED_OFFSET)):
        h = (h + (((w ^ (((i + 1) * 0x9E3779B97F4A7C15) & _MASK)) * 0xBF58476D1CE4E5B9) & _MASK)) & _MASK
    h ^= h >> 32
    h = (h * 0x94D049BB133111EB) & _MASK
    return h ^ (h >> 29)


def _text(b, offset, length):
    raw = bytes(b[offset:offset + length])
    end = raw.find(b"\0")
    return (raw if end < 0 else raw[:end]).decode("utf-8", "replace")


def _proc_start_time(pid):
    """(start time, state letter) from /proc/PID/stat, or None if there is no such process."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            line = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    fields = line[line.rfind(")") + 1:].split()  # comm may hold spaces and parentheses
    return int(fields[19]), fields[0]


class Table:
    """A read-only mapping of a status table; use open_table()."""

    def __init__(self, path, fd, mm):
        self.path, self._fd, self._mm = path, fd, mm
        self.header_length, self.slot_count, self.slot_length = struct.unpack_from("<III", mm, HEADER_LENGTH_OFFSET)

    def close(self):
        self._mm.close()
        os.close(self._fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def header(self):
        m = self._mm
        u64 = lambda off: struct.unpack_from("<Q", m, off)[0]
        return {
            "version": "%d.%d" % struct.unpack_from("<HH", m, HEADER_VERSION_MAJOR_OFFSET),
            "slot_count": self.slot_count,
            "slot_length": self.slot_length,
            "writer_pid": struct.unpack_from("<i", m, HEADER_WRITER_PID_OFFSET)[0],
            "writer_start_time": u64(HEADER_WRITER_START_TIME_OFFSET),
            "closed": struct.unpack_from("<I", m, HEADER_WRITER_STATE_OFFSET)[0] == WRITER_CLOSED,
            "created_ms": u64(HEADER_CREATED_OFFSET),
            "heartbeat_interval_ms": u64(HEADER_HEARTBEAT_INTERVAL_OFFSET),
            "heartbeat_ms": u64(HEADER_HEARTBEAT_OFFSET),
            "overflows": u64(HEADER_OVERFLOW_COUNT_OFFSET),
            "evictions": u64(HEADER_EVICTION_COUNT_OFFSET),
            "claims": u64(HEADER_CLAIM_COUNT_OFFSET),
        }

    def writer_state(self):
        """'closed', 'gone' (writer process no longer exists), 'stale' (no heartbeat for 3 intervals, >= 1 s) or 'live'."""
        h = self.header()
        if h["closed"]:
            return "closed"
        proc = _proc_start_time(h["writer_pid"]) if h["writer_pid"] > 0 else None
        if proc is None or proc[0] != h["writer_start_time"] or proc[1] in ("Z", "X"):
            return "gone"
        limit = max(1000, 3 * h["heartbeat_interval_ms"])
        return "stale" if time.time() * 1000 - h["heartbeat_ms"] > limit else "live"

    def read_slot(self, index, attempts=10000):
        """A consistent copy of slot `index` as a dict, or None if free or never settled."""
        base = self.header_length + index * self.slot_length
        m = self._mm
        for attempt in range(attempts):
            before = struct.unpack_from("<Q", m, base)[0]
            if before & 1 == 0:
                copy = m[base:base + SLOT_LENGTH]
                after = struct.unpack_from("<Q", m, base)[0]
                if before == after and struct.unpack_from("<I", copy, SLOT_STATE_OFFSET)[0] not in SLOT_STATES:
                    return None  # free: zeroed memory carries no checksum
                if before == after and struct.unpack_from("<Q", copy, SLOT_CHECKSUM_OFFSET)[0] == checksum(copy):
                    return _decode(index, copy)
            if attempt > 100:
                time.sleep(0)
        return None

    def snapshot(self):
        """Every non-free slot, as dicts, in slot order."""
        return [s for s in (self.read_slot(i) for i in range(self.slot_count)) if s is not None]


UNKNOWN_UID = 0xFFFFFFFF  # (uid_t) -1: the writer could not tell the uid


def _known(value, unknown):
    """None where the table holds its "unknown" or "not yet" value, as `procguard status --json` prints null."""
    return None if value == unknown else value


def _decode(index, b):
    state = struct.unpack_from("<I", b, SLOT_STATE_OFFSET)[0]
    i32 = lambda off: struct.unpack_from("<i", b, off)[0]
    u64 = lambda off: struct.unpack_from("<Q", b, off)[0]
    score = struct.unpack_from("<d", b, SLOT_SCORE_OFFSET)[0]
    return {
        "slot": index,
        "state": SLOT_STATES[state],
        "pid": i32(SLOT_PID_OFFSET),
        "start_time": _known(u64(SLOT_START_TIME_OFFSET), 0),
        "ppid": _known(i32(SLOT_PPID_OFFSET), 0),
        "uid": _known(struct.unpack_from("<I", b, SLOT_UID_OFFSET)[0], UNKNOWN_UID),
        "comm": _text(b, SLOT_COMM_OFFSET, SLOT_COMM_LENGTH),
        "exe": _known(_text(b, SLOT_EXE_OFFSET, SLOT_EXE_LENGTH), ""),
        "status": STATUSES.get(i32(SLOT_STATUS_OFFSET), "UNKNOWN"),
        "score": None if score != score else score,
        "syscalls": u64(SLOT_SYSCALLS_OFFSET),
        "errors": u64(SLOT_ERRORS_OFFSET),
        "signals": u64(SLOT_SIGNALS_OFFSET),
        "children": u64(SLOT_CHILDREN_OFFSET),
        "first_seen_ms": u64(SLOT_FIRST_SEEN_OFFSET),
        "last_seen_ms": u64(SLOT_LAST_SEEN_OFFSET),
        "exited_ms": _known(u64(SLOT_EXITED_OFFSET), 0),
        "exit_code": _known(i32(SLOT_EXIT_CODE_OFFSET), -1),
        "exit_signal": _known(i32(SLOT_EXIT_SIGNAL_OFFSET), 0),
        "reason": _text(b, SLOT_REASON_OFFSET, SLOT_REASON_LENGTH),
        "model_id": _text(b, SLOT_MODEL_ID_OFFSET, SLOT_MODEL_ID_LENGTH),
        "updates": u64(SLOT_UPDATES_OFFSET),
    }


def open_table(path="/dev/shm/procguard"):
    """Maps a table read-only after validating it; raises FileNotFoundError or TableError. Never writes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == 40:  # ELOOP: O_NOFOLLOW met a symbolic link
            raise TableError("%s: is a symbolic link; refusing to follow it" % path)
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise TableError("%s: not a regular file" % path)
        size = st.st_size
        if size < HEADER_LENGTH:
            raise TableError("%s: at byte %d: truncated: %d bytes, a status table has at least %d" % (path, size, size, HEADER_LENGTH))
        mm = mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ)
        _validate(path, mm, size)
        return Table(path, fd, mm)
    except BaseException:
        os.close(fd)
        raise


def _validate(path, mm, size):
    magic = struct.unpack_from("<Q", mm, HEADER_MAGIC_OFFSET)[0]
    if magic == 0:
        raise TableError("%s: at byte 0: not initialised yet (magic is 0): is the writer still starting?" % path)
    if magic != MAGIC:
        raise TableError("%s: at byte 0: not a procguard status table: magic 0x%016x, expected 0x%016x" % (path, magic, MAGIC))
    major, minor = struct.unpack_from("<HH", mm, HEADER_VERSION_MAJOR_OFFSET)
    if major != VERSION_MAJOR:
        raise TableError("%s: at byte %d: unsupported layout version: app=%d.%d file=%d.%d"
                         % (path, HEADER_VERSION_MAJOR_OFFSET, VERSION_MAJOR, VERSION_MINOR, major, minor))
    header_length, slot_count, slot_length = struct.unpack_from("<III", mm, HEADER_LENGTH_OFFSET)
    if header_length < HEADER_LENGTH or header_length % CACHE_LINE_LENGTH or header_length > 64 * HEADER_LENGTH:
        raise TableError("%s: at byte %d: bad header length %d" % (path, HEADER_LENGTH_OFFSET, header_length))
    if slot_length < SLOT_LENGTH or slot_length % CACHE_LINE_LENGTH or slot_length > MAX_SLOT_LENGTH:
        raise TableError("%s: at byte %d: bad slot length %d" % (path, HEADER_SLOT_LENGTH_OFFSET, slot_length))
    if not 1 <= slot_count <= MAX_SLOT_COUNT:
        raise TableError("%s: at byte %d: bad slot count %d" % (path, HEADER_SLOT_COUNT_OFFSET, slot_count))
    expected = header_length + slot_count * slot_length
    if expected != size:
        raise TableError("%s: at byte %d: wrong size: the header says %d slots of %d bytes (%d bytes), the file has %d"
                         % (path, HEADER_SLOT_COUNT_OFFSET, slot_count, slot_length, expected, size))


def _printable(s):
    """Escapes control characters: comm and exe come from possibly hostile processes."""
    return "".join(c if c.isprintable() else "\\x%02x" % ord(c) for c in s)


def _age(ms):
    s = max(0, int(ms // 1000))
    return "%ds" % s if s < 60 else "%dm%02ds" % (s // 60, s % 60) if s < 3600 else "%dh%02dm" % (s // 3600, s // 60 % 60)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Print ProcGuard's shared-memory status table (read-only, no root needed).")
    ap.add_argument("path", nargs="?", default="/dev/shm/procguard", help="table file (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print a JSON array of every process")
    ap.add_argument("--state", action="store_true", help="print the writer state: live, stale, gone or closed")
    ap.add_argument("--layout", action="store_true", help="print this reader's layout constants as NAME VALUE")
    args = ap.parse_args(argv)
    if args.layout:
        for name, value in sorted(globals().items()):
            if name.startswith(("HEADER_", "SLOT_")) and isinstance(value, int):
                print(name, value)
        return 0
    try:
        table = open_table(args.path)
    except FileNotFoundError:
        print("procguard_shm: no table at %s: is 'procguard run' or 'procguard daemon' running?" % args.path, file=sys.stderr)
        return 4
    except (TableError, OSError) as e:
        print("procguard_shm: %s" % e, file=sys.stderr)
        return 3
    with table:
        if args.state:
            print(table.writer_state())
            return 0
        rows = sorted(table.snapshot(), key=lambda p: (-(p["score"] if p["score"] is not None else -1.0), p["pid"]))
        if args.json:
            print(json.dumps(rows))
            return 0
        now = time.time() * 1000
        print("%7s  %-15s  %-10s  %5s  %10s  %6s  %s" % ("PID", "COMM", "STATUS", "SCORE", "SYSCALLS", "AGE", "REASON"))
        for p in rows:
            score = "-" if p["score"] is None else "%.2f" % p["score"]
            status = p["status"] + ("*" if p["state"] == "EXITED" else "")
            print("%7d  %-15s  %-10s  %5s  %10d  %6s  %s" % (p["pid"], _printable(p["comm"]) or "-", status, score, p["syscalls"],
                                                          _age(now - p["first_seen_ms"]), _printable(p["reason"])))
        state = table.writer_state()
        if state != "live":
            print("procguard_shm: the table is %s: these are the writer's last values" % state, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

package io.procguard.core;

/**
 * A process's classification, ordered from least to most alarming. Immutable. The {@link #code()} is
 * what the shared-memory table stores; it never changes for an existing constant.
 */
public enum Status {
    /** Too little evidence to say. */
    UNKNOWN(0),
    /** Behaves like the benign workloads the model knows. */
    BENIGN(1),
    /** Shows behaviour worth a look. */
    SUSPICIOUS(2),
    /** Shows behaviour that is very likely an attack. */
    MALICIOUS(3);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** @return the stable numeric code stored in binary formats */
    public int code() {
        return code;
    }

    /**
     * @param code a value returned by {@link #code()}
     * @return the status with that code, or {@link #UNKNOWN} for any other value
     */
    public static Status fromCode(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** @return true if this status is at least as alarming as {@code other} */
    public boolean atLeast(Status other) {
        return code >= other.code;
    }
}

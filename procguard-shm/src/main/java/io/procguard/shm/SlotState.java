package io.procguard.shm;

/** What a slot holds; the {@link #code()} is stored in the slot's state field. Immutable. */
public enum SlotState {
    /** No process; zeroed memory reads as free. */
    FREE(0),
    /** A running process. */
    ACTIVE(1),
    /** A process that has exited; kept visible until the slot is reused. */
    EXITED(2);

    private final int code;

    SlotState(int code) {
        this.code = code;
    }

    /** @return the value stored in the slot */
    public int code() {
        return code;
    }

    /**
     * @param code a stored value
     * @return its state; any unknown value reads as {@link #FREE}
     */
    public static SlotState fromCode(int code) {
        return switch (code) {
            case 1 -> ACTIVE;
            case 2 -> EXITED;
            default -> FREE;
        };
    }
}

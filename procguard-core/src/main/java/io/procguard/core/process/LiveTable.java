package io.procguard.core.process;

/**
 * An open-addressing hash table from an {@code int} id (pid or tid) to a value, with linear probing and
 * backward-shift deletion: no boxed keys, no entry objects, no tombstones. Single-threaded; {@code null}
 * values are not stored (a {@code null} slot is an empty slot), any {@code int} is a valid key.
 *
 * <p>Slots hold the key in {@code keys[i]} and the value in {@code values[i]}; a key lives at its home slot
 * {@code mix(key) & mask} or after it, before the next empty slot. Grows to keep at most half the slots full.
 *
 * @param <V> the value type
 */
final class LiveTable<V> {
    private static final int MIN_CAPACITY = 64;

    private int[] keys = new int[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int mask = MIN_CAPACITY - 1;
    private int size;

    /** @return how many keys are mapped */
    int size() {
        return size;
    }

    /**
     * @param key an id
     * @return its value, or {@code null}
     */
    @SuppressWarnings("unchecked")
    V get(int key) {
        int i = mix(key) & mask;
        for (Object v; (v = values[i]) != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) v;
            }
        }
        return null;
    }

    /**
     * Maps {@code key} to {@code value}, replacing any earlier value.
     *
     * @param key an id
     * @param value not null
     */
    void put(int key, V value) {
        int i = mix(key) & mask;
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > values.length) {
            grow();
        }
    }

    /**
     * @param key an id
     * @return the value it had, or {@code null}
     */
    @SuppressWarnings("unchecked")
    V remove(int key) {
        int i = slot(key);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        delete(i);
        return old;
    }

    /**
     * Unmaps {@code key} only while it maps to {@code value} (identity).
     *
     * @param key an id
     * @param value the value expected
     */
    void remove(int key, V value) {
        int i = slot(key);
        if (i >= 0 && values[i] == value) {
            delete(i);
        }
    }

    private int slot(int key) {
        int i = mix(key) & mask;
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Empties slot {@code hole} and moves later entries of its probe run back so every key stays reachable. */
    private void delete(int hole) {
        size--;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            Object v = values[i];
            if (v == null) {
                break;
            }
            int home = mix(keys[i]) & mask;
            // move entry i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                keys[hole] = keys[i];
                values[hole] = v;
                hole = i;
            }
        }
        values[hole] = null;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = values.length - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}

package ch.iiz.reporting.ops;

import java.util.UUID;

/**
 * The event ids a rebuild has applied, to pass over a copy of an event on another offset as the live ingest does.
 * Two longs per id in open-addressed arrays: a million ids take 32 MB instead of the ≈ 80 MB of a
 * {@code HashSet<UUID>}, and adding one allocates nothing.
 */
final class EventIdSet {

    private long[] high = new long[1 << 16];
    private long[] low = new long[1 << 16];
    private int size;
    private boolean hasZero; // the all-zero id marks an empty slot, so it is kept apart

    /** Adds the id; false when it was there already. */
    boolean add(UUID id) {
        long h = id.getMostSignificantBits();
        long l = id.getLeastSignificantBits();
        if (h == 0 && l == 0) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if (size * 4L >= high.length * 3L) {
            grow();
        }
        if (!insert(high, low, h, l)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] high, long[] low, long h, long l) {
        int mask = high.length - 1;
        long mixed = (h ^ l) * 0x9E3779B97F4A7C15L;
        int i = (int) (mixed ^ (mixed >>> 32)) & mask;
        while (high[i] != 0 || low[i] != 0) {
            if (high[i] == h && low[i] == l) {
                return false;
            }
            i = (i + 1) & mask;
        }
        high[i] = h;
        low[i] = l;
        return true;
    }

    private void grow() {
        long[] newHigh = new long[high.length * 2];
        long[] newLow = new long[low.length * 2];
        for (int i = 0; i < high.length; i++) {
            if (high[i] != 0 || low[i] != 0) {
                insert(newHigh, newLow, high[i], low[i]);
            }
        }
        high = newHigh;
        low = newLow;
    }
}

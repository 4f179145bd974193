package org.konnect.curl.actors;

import java.util.Arrays;

/**
 * Consistent hashing of origins onto the members of a {@link MultiActorPool}: each member owns
 * {@code virtualNodes} points on a ring of 64-bit hashes, and a key belongs to the member owning
 * the first point at or after the key's hash. The same key always lands on the same member, keys
 * spread evenly, and a ring with one member more moves only the keys the new member takes.
 * Lookups allocate nothing. Immutable, so safe to share.
 */
public final class OriginRing {
    private final long[] points;
    private final int[] owners;
    private final int members;

    /**
     * A ring of {@code members} members.
     *
     * @param members how many members share the keys, at least 1
     * @param virtualNodes points per member, at least 1; more points spread keys more evenly
     * @throws IllegalArgumentException if either is below 1
     */
    public OriginRing(int members, int virtualNodes) {
        if (members < 1 || virtualNodes < 1) {
            throw new IllegalArgumentException("OriginRing: members and virtualNodes must be >= 1, were " + members
                    + " and " + virtualNodes);
        }
        this.members = members;
        int n = members * virtualNodes;
        long[] hashes = new long[n];
        Integer[] order = new Integer[n];
        for (int m = 0; m < members; m++) {
            for (int v = 0; v < virtualNodes; v++) {
                int i = m * virtualNodes + v;
                hashes[i] = mix(0x9E3779B97F4A7C15L * (m + 1) + v);
                order[i] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(hashes[a], hashes[b]));   // the points in ring order
        points = new long[n];
        owners = new int[n];
        for (int i = 0; i < n; i++) {
            points[i] = hashes[order[i]];
            owners[i] = order[i] / virtualNodes;
        }
    }

    /**
     * The number of members.
     *
     * @return the members the ring was built for
     */
    public int members() {
        return members;
    }

    /**
     * The member owning {@code key}.
     *
     * @param key an origin, e.g. {@code https://example.org:443}
     * @return the member's index, {@code 0 <= index < members()}
     */
    public int memberOf(CharSequence key) {
        long h = 0xcbf29ce484222325L;   // FNV-1a over the chars, then mixed: no allocation
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return memberOfHash(mix(h));
    }

    /**
     * The member owning an already hashed key (e.g. an identity hash code).
     *
     * @param hash any value; it is mixed before use
     * @return the member's index, {@code 0 <= index < members()}
     */
    public int memberOf(long hash) {
        return memberOfHash(mix(hash ^ 0x5851F42D4C957F2DL));
    }

    private int memberOfHash(long h) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {   // the first point >= h, unsigned
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], h) < 0) lo = mid + 1;
            else hi = mid;
        }
        return owners[lo == points.length ? 0 : lo];
    }

    /** A 64-bit finalizer (SplitMix64's): every input bit moves about half the output bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

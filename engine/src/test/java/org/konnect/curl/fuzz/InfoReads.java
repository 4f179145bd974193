package org.konnect.curl.fuzz;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.konnect.curl.CurlError;
import org.konnect.curl.CurlInfo;
import org.konnect.curl.GetInfoHandle;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Every info libcurl's headers name, read with its own type and with every other type bit, plus
 * ids no libcurl has. A read gives a value of the type its id's type bits say, or null, or a
 * documented exception: {@link IllegalArgumentException} naming the info, {@link CurlError}.
 */
final class InfoReads {
    private static final int TYPEMASK = LibcurlConstants.CURLINFO_TYPEMASK;
    private static final int[] TYPES = {0, LibcurlConstants.CURLINFO_STRING, LibcurlConstants.CURLINFO_LONG,
        LibcurlConstants.CURLINFO_DOUBLE, LibcurlConstants.CURLINFO_SLIST, LibcurlConstants.CURLINFO_SOCKET,
        LibcurlConstants.CURLINFO_OFF_T, 0x700000, TYPEMASK};
    /** The typed constants of {@link CurlInfo}. */
    static final List<CurlInfo<?>> TYPED = typed();
    /** Every {@code CURLINFO_*} id of the headers the native layer was built with, as raw infos. */
    static final List<CurlInfo<?>> RAW = raw();

    private InfoReads() {}

    private static List<CurlInfo<?>> typed() {
        List<CurlInfo<?>> out = new ArrayList<>();
        for (Field f : CurlInfo.class.getFields()) {
            if (f.getType() != CurlInfo.class || !Modifier.isStatic(f.getModifiers())) continue;
            try {
                out.add((CurlInfo<?>) f.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    private static List<CurlInfo<?>> raw() {
        List<CurlInfo<?>> out = new ArrayList<>();
        for (Field f : LibcurlConstants.class.getFields()) {
            if (!f.getName().startsWith("CURLINFO_") || f.getType() != int.class) continue;
            try {
                int id = f.getInt(null);
                if ((id & TYPEMASK) != 0 && (id & LibcurlConstants.CURLINFO_MASK) != 0) {
                    out.add(CurlInfo.of(f.getName().substring("CURLINFO_".length()), id));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    /** Reads every info once, the known ones with wrong type bits too, and some ids nobody defined. */
    static void readAll(GetInfoHandle info, Random r, FuzzCase c) {
        for (CurlInfo<?> i : TYPED) read(info, i, true, c);
        for (CurlInfo<?> i : RAW) {
            read(info, i, false, c);
            int other = TYPES[r.nextInt(TYPES.length)] | (i.id() & ~TYPEMASK);
            read(info, CurlInfo.of(i.name() + "_RETYPED", other), false, c);
        }
        for (int k = 0; k < 10; k++) {
            int id = r.nextInt(4) == 0 ? r.nextInt() : TYPES[r.nextInt(TYPES.length)] | r.nextInt(100);
            read(info, CurlInfo.of("FUZZ_" + Integer.toHexString(id), id), false, c);
        }
    }

    static void read(GetInfoHandle info, CurlInfo<?> i, boolean typed, FuzzCase c) {
        try {
            Object v = typed ? info.getinfo(i) : info.getinfoRaw(i);
            if (!typed && v != null && !rawTypeFits(i.id(), v)) {
                c.problem(i + " (0x" + Integer.toHexString(i.id()) + ") gave a " + v.getClass().getName());
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains(i.toString())) c.problem(i + ": IAE not naming it: " + e);
        } catch (CurlError e) {
            c.log.add(i + ": " + e.getMessage());
        } catch (Throwable t) {
            c.problem(i + " threw " + t);
        }
    }

    private static boolean rawTypeFits(int id, Object v) {
        switch (id & TYPEMASK) {
            case LibcurlConstants.CURLINFO_STRING: return v instanceof String;
            case LibcurlConstants.CURLINFO_DOUBLE: return v instanceof Double;
            case LibcurlConstants.CURLINFO_SLIST: return v instanceof List;
            case LibcurlConstants.CURLINFO_LONG:
            case LibcurlConstants.CURLINFO_SOCKET:
            case LibcurlConstants.CURLINFO_OFF_T: return v instanceof Long;
            default: return false;
        }
    }
}

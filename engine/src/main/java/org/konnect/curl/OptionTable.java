package org.konnect.curl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.konnect.curl.jni.CurlNative;

/** libcurl's option table ({@code curl_easy_option_next}), read once and mapped to {@link CurlOpt}s. */
final class OptionTable {
    static final OptionTable INSTANCE = new OptionTable();

    private static final int CURLOT_FLAG_ALIAS = 1;
    // Options whose OBJECT/FUNCTION type libcurl's table gives but Konnect maps to Java values.
    private static final int POSTFIELDS = 10015, COPYPOSTFIELDS = 10165;
    // Long options Konnect owns: changing them would break the engine's guarantees.
    private static final int NOSIGNAL = 99;

    private final Map<String, CurlOpt> byName = new HashMap<>();
    private final List<CurlOpt> all = new ArrayList<>();

    private OptionTable() {
        Object[] table = CurlNative.optionTable();
        String[] names = (String[]) table[0];
        int[] ids = (int[]) table[1];
        int[] types = (int[]) table[2];
        int[] flags = (int[]) table[3];
        for (int i = 0; i < names.length; i++) {
            CurlOpt option = describe(names[i], ids[i], types[i]);
            byName.put(names[i], option);
            if ((flags[i] & CURLOT_FLAG_ALIAS) == 0) all.add(option);
        }
    }

    CurlOpt byName(String upperCaseName) {
        return byName.get(upperCaseName);
    }

    List<CurlOpt> all() {
        return Collections.unmodifiableList(all);
    }

    static CurlOpt describe(String name, int id, int type) {
        if (id == POSTFIELDS || id == COPYPOSTFIELDS) return new CurlOpt(name, id, CurlOpt.Kind.BYTES);
        if (id == NOSIGNAL) {
            return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                    "is managed by Konnect (always 1: libcurl must not raise signals inside a JVM)");
        }
        switch (type) {
            case CurlOpt.CURLOT_LONG:
            case CurlOpt.CURLOT_VALUES:
                return new CurlOpt(name, id, CurlOpt.Kind.LONG);
            case CurlOpt.CURLOT_OFF_T:
                return new CurlOpt(name, id, CurlOpt.Kind.OFF_T);
            case CurlOpt.CURLOT_STRING:
                return new CurlOpt(name, id, CurlOpt.Kind.STRING);
            case CurlOpt.CURLOT_SLIST:
                return new CurlOpt(name, id, CurlOpt.Kind.SLIST);
            case CurlOpt.CURLOT_BLOB:
                return new CurlOpt(name, id, CurlOpt.Kind.BLOB);
            case CurlOpt.CURLOT_FUNCTION: {
                CurlOpt probe = new CurlOpt(name, id, CurlOpt.Kind.CALLBACK);
                if (probe.callbackType() != null) return probe;
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED, "takes a C function; Konnect supports"
                        + " WRITEFUNCTION, READFUNCTION, HEADERFUNCTION, XFERINFOFUNCTION and DEBUGFUNCTION");
            }
            case CurlOpt.CURLOT_CBPTR:
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                        "is callback data managed by Konnect; set the callback itself (e.g. WRITEFUNCTION)");
            default:
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                        "takes a native pointer, which Java code cannot supply");
        }
    }
}

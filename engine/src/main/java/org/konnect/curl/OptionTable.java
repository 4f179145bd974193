package org.konnect.curl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.konnect.curl.jni.LibcurlConstants;

/** libcurl's option table ({@code curl_easy_option_next}), read once and mapped to {@link CurlOpt}s. */
final class OptionTable {
    static final OptionTable INSTANCE = new OptionTable();


    private final Map<String, CurlOpt> byName = new HashMap<>();
    private final List<CurlOpt> all = new ArrayList<>();

    private OptionTable() {
        Object[] table = Native.optionTable();
        String[] names = (String[]) table[0];
        int[] ids = (int[]) table[1];
        int[] types = (int[]) table[2];
        int[] flags = (int[]) table[3];
        for (int i = 0; i < names.length; i++) {
            CurlOpt option = describe(names[i], ids[i], types[i]);
            byName.put(names[i], option);
            if ((flags[i] & LibcurlConstants.CURLOT_FLAG_ALIAS) == 0) all.add(option);
        }
    }

    CurlOpt byName(String upperCaseName) {
        return byName.get(upperCaseName);
    }

    List<CurlOpt> all() {
        return Collections.unmodifiableList(all);
    }

    static CurlOpt describe(String name, int id, int type) {
        // Options whose OBJECT type libcurl's table gives but Konnect maps to Java values.
        if (id == LibcurlConstants.CURLOPT_POSTFIELDS || id == LibcurlConstants.CURLOPT_COPYPOSTFIELDS) {
            return new CurlOpt(name, id, CurlOpt.Kind.BYTES);
        }
        if (id == LibcurlConstants.CURLOPT_MIMEPOST) {
            return new CurlOpt(name, id, CurlOpt.Kind.MIME);
        }
        // A long option Konnect owns: changing it would break the engine's guarantees.
        if (id == LibcurlConstants.CURLOPT_NOSIGNAL) {
            return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                    "is managed by Konnect (always 1: libcurl must not raise signals inside a JVM)");
        }
        if (id == LibcurlConstants.CURLOPT_SHARE) {
            return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                    "is set by Konnect on every transfer of a Multi opened with MultiOptions.withShare(Share)");
        }
        switch (type) {
            case LibcurlConstants.CURLOT_LONG:
            case LibcurlConstants.CURLOT_VALUES:
                return new CurlOpt(name, id, CurlOpt.Kind.LONG);
            case LibcurlConstants.CURLOT_OFF_T:
                return new CurlOpt(name, id, CurlOpt.Kind.OFF_T);
            case LibcurlConstants.CURLOT_STRING:
                return new CurlOpt(name, id, CurlOpt.Kind.STRING);
            case LibcurlConstants.CURLOT_SLIST:
                return new CurlOpt(name, id, CurlOpt.Kind.SLIST);
            case LibcurlConstants.CURLOT_BLOB:
                return new CurlOpt(name, id, CurlOpt.Kind.BLOB);
            case LibcurlConstants.CURLOT_FUNCTION: {
                CurlOpt probe = new CurlOpt(name, id, CurlOpt.Kind.CALLBACK);
                if (probe.callbackType() != null) return probe;
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED, "takes a C function; Konnect supports "
                        + CallbackKind.optionNames());
            }
            case LibcurlConstants.CURLOT_CBPTR:
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                        "is callback data managed by Konnect; set the callback itself (e.g. WRITEFUNCTION)");
            default:
                return new CurlOpt(name, id, CurlOpt.Kind.UNSUPPORTED,
                        "takes a native pointer, which Java code cannot supply");
        }
    }
}

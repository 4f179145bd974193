package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** The typed constants agree with libcurl's own option table. */
class OptionTableTest {
    @Test
    void everyConstantMatchesLibcurlsTable() throws Exception {
        int checked = 0;
        for (Field f : CurlOpt.class.getFields()) {
            if (f.getType() != CurlOpt.class || !Modifier.isStatic(f.getModifiers())) continue;
            CurlOpt constant = (CurlOpt) f.get(null);
            CurlOpt fromLibcurl = CurlOpt.byName(constant.name());
            assertEquals(fromLibcurl.id(), constant.id(), constant + " id");
            assertEquals(fromLibcurl.kind(), constant.kind(), constant + " kind");
            assertEquals(f.getName(), constant.name());
            checked++;
        }
        assertTrue(checked > 60, "constants checked: " + checked);
    }

    @Test
    void byNameReachesEveryOptionInAnyCase() {
        assertTrue(CurlOpt.all().size() > 200, "libcurl 7.88 knows over 200 options: " + CurlOpt.all().size());
        for (CurlOpt option : CurlOpt.all()) {
            assertEquals(option.id(), CurlOpt.byName("curlopt_" + option.name().toLowerCase()).id(), option.toString());
        }
        assertEquals(CurlOpt.URL, CurlOpt.byName("CURLOPT_URL"));
        assertEquals(CurlOpt.Kind.LONG, CurlOpt.byName("maxage_conn").kind());
        assertEquals(CurlOpt.Kind.OFF_T, CurlOpt.byName("MAXFILESIZE_LARGE").kind());
    }

    @Test
    void callbacksAndPointersAreClassified() {
        assertSame(WriteCallback.class, CurlOpt.WRITEFUNCTION.callbackType());
        assertEquals(CurlOpt.Kind.UNSUPPORTED, CurlOpt.byName("WRITEDATA").kind());
        assertEquals(CurlOpt.Kind.UNSUPPORTED, CurlOpt.byName("SSL_CTX_FUNCTION").kind());
        assertEquals(CurlOpt.Kind.UNSUPPORTED, CurlOpt.byName("SHARE").kind());
        assertEquals(CurlOpt.Kind.BYTES, CurlOpt.byName("COPYPOSTFIELDS").kind());
    }
}

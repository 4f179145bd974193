package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.konnect.curl.jni.NativeLibrary;

/**
 * A sanitizer run tests the instrumented JNI library, and every other run the normal one. The
 * sanitize profile (README: Sanitizers) builds the library with AddressSanitizer and
 * UndefinedBehaviorSanitizer into {@code target-sanitize/}, preloads their runtimes into its test
 * JVMs and sets {@code konnect.sanitize}. A sanitizer run that loaded an uninstrumented library
 * (say the native jar from {@code ~/.m2}, with {@code -pl engine} alone) would prove nothing; a
 * normal run must never get the instrumented one.
 */
class InstrumentedLibraryTest {
    private static final String PLATFORM = "aarch64".equals(System.getProperty("os.arch")) ? "linux-aarch64" : "linux-x86_64";

    @Test
    void theLibraryIsInstrumentedExactlyInASanitizerRun() throws IOException {
        boolean sanitizerRun = Boolean.getBoolean("konnect.sanitize");
        Curl.version(); // the library is loaded
        String run = "; sanitizer run: " + sanitizerRun;
        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertEquals(sanitizerRun, maps.contains("/libasan.so"), "ASan's runtime mapped in this JVM" + run);
        String library = packedLibrary();
        assertEquals(sanitizerRun, library.contains("libasan.so"), "the packed library needs ASan" + run);
        assertEquals(sanitizerRun, library.contains("__ubsan_handle_"), "the packed library has UBSan linked in" + run);
    }

    /**
     * The library NativeLibrary extracts and loads, as text: its dynamic section names ASan's runtime,
     * its symbol table UBSan's handlers, linked in (native/build-native.sh).
     */
    private static String packedLibrary() throws IOException {
        try (InputStream in = NativeLibrary.class.getResourceAsStream(PLATFORM + "/libkonnectcurl.so")) {
            assertNotNull(in, "no packed library for " + PLATFORM);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

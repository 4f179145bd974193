package org.konnect.curl.jni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Finds the JNI library packed in this jar, extracts it to a temporary file and has the caller
 * load it. Each failure says what is missing: the platform, the packed library, or libcurl itself.
 * Internal API: the engine's {@code org.konnect.curl.Native} is the only caller.
 */
public final class NativeLibrary {
    private static final String NAME = "libkonnectcurl.so";

    private NativeLibrary() {}

    /**
     * Extracts the library and hands its path to {@code systemLoad}, which must be
     * {@code System::load} called from the class whose natives the library registers (its class
     * loader is the one {@code JNI_OnLoad} looks classes up in). The file is deleted afterwards.
     *
     * @param systemLoad {@code path -> System.load(path)}, written in the caller's class
     * @throws UnsatisfiedLinkError naming the unsupported platform, the missing resource, or libcurl
     */
    public static void load(Consumer<String> systemLoad) {
        String platform = platform();
        String resource = platform + "/" + NAME;
        Path file;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("konnect-curl: no native library for " + platform
                        + " in the jar (resource org/konnect/curl/jni/" + resource + "); build it with `mvn install`");
            }
            file = Files.createTempFile("konnectcurl-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("konnect-curl: cannot extract " + resource + ": " + e);
            error.initCause(e);
            throw error;
        }
        try {
            systemLoad.accept(file.toString());
        } catch (UnsatisfiedLinkError e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("libcurl")) {
                UnsatisfiedLinkError clear = new UnsatisfiedLinkError("konnect-curl: libcurl is not installed"
                        + " (install it with `apt-get install libcurl4`): " + message);
                clear.initCause(e);
                throw clear;
            }
            throw e;
        } finally {
            // The mapping stays valid after the file is gone; nothing is left in /tmp.
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // deleteOnExit above is the second chance
            }
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new UnsatisfiedLinkError("konnect-curl: unsupported operating system " + os + " (Linux only)");
        }
        switch (arch) {
            case "amd64": case "x86_64": return "linux-x86_64";
            case "aarch64": case "arm64": return "linux-aarch64";
            default: throw new UnsatisfiedLinkError("konnect-curl: unsupported architecture " + arch);
        }
    }
}

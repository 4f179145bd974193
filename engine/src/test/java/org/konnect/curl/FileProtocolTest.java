package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.konnect.curl.testservers.NoNativeLeaks;

/** file:// URLs into memory and into files. */
@ExtendWith(NoNativeLeaks.class)
class FileProtocolTest {
    @TempDir Path dir;

    @Test
    void readsAFileUrlIntoMemory() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("data.bin");
        Files.write(file, content);
        try (Multi multi = Multi.open()) {
            Request.Response response = Drive.result(multi, multi.process(Request.toMemory(file.toUri().toString())));
            assertArrayEquals(content, response.body());
            assertEquals(content.length, response.bodyBytes());
        }
    }

    @Test
    void copiesAFileUrlIntoAFile() throws Exception {
        byte[] content = "hello, file\n".repeat(1000).getBytes();
        Path source = dir.resolve("in.txt");
        Path target = dir.resolve("out.txt");
        Files.write(source, content);
        try (Multi multi = Multi.open()) {
            Request.Response response = Drive.result(multi, multi.process(Request.toFile(source.toUri().toString(), target)));
            assertEquals(content.length, response.bodyBytes());
        }
        assertArrayEquals(content, Files.readAllBytes(target));
    }
}

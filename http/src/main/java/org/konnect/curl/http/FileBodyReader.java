package org.konnect.curl.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.konnect.curl.ReadCallback;

/** A file request body as libcurl's read callback; opened when the exchange starts, closed when it ends. */
final class FileBodyReader implements ReadCallback, AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    FileBodyReader(Path file) {
        this.file = file;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the request body " + file, e);
        }
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the request body " + file, e);
        }
    }

    @Override
    public int read(ByteBuffer buffer) {
        try {
            int n = channel.read(buffer);
            return n < 0 ? 0 : n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written: closing a read-only channel cannot lose data
        }
    }
}

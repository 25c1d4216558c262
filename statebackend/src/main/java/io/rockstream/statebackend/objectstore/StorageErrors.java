package io.rockstream.statebackend.objectstore;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Turns I/O failures of the object store into RockStream errors with a SQLSTATE. */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static RockStreamException missing(String location, String key) {
        return RockStreamException.of(ErrorCode.UNDEFINED_FILE, "object \"%s\" does not exist in %s", key, location);
    }

    public static RockStreamException failed(String action, String location, String key, Throwable cause) {
        if (cause instanceof NoSuchFileException) {
            return missing(location, key);
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return RockStreamException.of(ErrorCode.DISK_FULL, "could not %s \"%s\" in %s: no space left on device",
                    action, key, location).withCause(cause);
        }
        return RockStreamException.of(ErrorCode.IO_ERROR, "could not %s \"%s\" in %s: %s", action, key, location,
                cause instanceof IOException ? message : cause.toString()).withCause(cause);
    }
}

package dev.ballast.control.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a data directory by one process: an OS lock ({@link FileChannel#tryLock}) on
 * {@code <data-dir>/ballast.lock}, which holds the owner's PID so that a second server can name it. The OS releases
 * the lock when the owner exits in any way, {@code kill -9} included, so a stale file never blocks a restart.
 *
 * <p>Thread-safe: acquiring is serialised per JVM; {@link #close} is idempotent.
 */
public final class DataDirLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = "ballast.lock";

    /*
     * POSIX record locks belong to the process: a second channel on the same file in this JVM would get an
     * OverlappingFileLockException, and closing it would drop the first channel's lock. So this JVM remembers the
     * directories it holds and never opens a second channel on their lock files.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir} (creating it if needed) for this process and writes this process's PID into the lock
     * file.
     *
     * @throws StoreException if another process (or this one) holds it, naming the holder's PID, or if the
     *     directory is not writable
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        long self = ProcessHandle.current().pid();
        if (!HELD.add(file)) {
            throw inUse(dataDir, String.valueOf(self));
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = readPid(channel);
                channel.close();
                throw inUse(dataDir, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(file);
            throw new StoreException("data-dir: " + dataDir + " (expected: a writable directory for " + FILE_NAME
                    + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held through another channel of this JVM that HELD does not know (should not happen)
        }
    }

    private static String readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d+") ? text : "unknown";
    }

    private static StoreException inUse(Path dataDir, String pid) {
        return new StoreException("data-dir: " + dataDir + " is in use by another ballast server (PID " + pid
                + ") (expected: a data directory no running server uses; stop PID " + pid
                + " or pass another --data-dir)", null);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    /** Releases the lock; the file stays (its content is only read while another process holds the lock). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it as well
        }
        closeQuietly(channel);
        HELD.remove(file);
    }
}

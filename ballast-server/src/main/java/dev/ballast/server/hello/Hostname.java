package dev.ballast.server.hello;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's host name, read without a DNS lookup where the OS allows it.
 *
 * <p>Thread-safe (stateless).
 */
final class Hostname {
    private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private Hostname() {}

    static String local() {
        try {
            // Linux keeps the name here; InetAddress.getLocalHost() would also try to resolve it, which can hang
            // on a machine without DNS.
            if (Files.isReadable(LINUX_HOSTNAME)) {
                return Files.readString(LINUX_HOSTNAME).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

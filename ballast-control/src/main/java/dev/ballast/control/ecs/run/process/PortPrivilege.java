package dev.ballast.control.ecs.run.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may bind a port: the kernel reserves ports below
 * {@code /proc/sys/net/ipv4/ip_unprivileged_port_start} (1024 unless changed) for root.
 *
 * <p>Thread-safe (immutable).
 *
 * @param unprivilegedPortStart the lowest port anyone may bind
 * @param root                  true when running as root (which may bind any port)
 */
public record PortPrivilege(int unprivilegedPortStart, boolean root) {
    private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    private static final int CLASSIC_START = 1024;

    /** This machine's setting and this process's user (the kernel's classic 1024 where the setting is absent). */
    public static PortPrivilege detect() {
        int start = CLASSIC_START;
        try {
            start = Integer.parseInt(Files.readString(SYSCTL).trim());
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an older kernel: the classic rule applies
        }
        return new PortPrivilege(start, isRoot());
    }

    private static boolean isRoot() {
        try {
            // /proc/self is owned by the process's effective user
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** True when the tasks' processes (which run as this process's user) may bind {@code port}. */
    public boolean mayBind(int port) {
        return root || port >= unprivilegedPortStart;
    }
}

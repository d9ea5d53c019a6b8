package dev.ballast.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a secret file (a private key, a password file) can be read by users other than its owner. Ballast warns
 * rather than refuses, as etcd and Kubernetes' apiserver do: a key mounted from a Kubernetes secret or a config
 * management tool is often mode 0644 inside a container that only Ballast runs in, and refusing it would stop a
 * working deployment for a risk the operator may already have covered.
 *
 * <p>Thread-safe (stateless).
 */
public final class PrivateFileModes {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PrivateFileModes() {}

    /**
     * A one-line warning if {@code file} ({@code option}'s value) is readable or writable by its group or others;
     * empty if it is private, or if the file system has no POSIX modes.
     */
    public static Optional<String> exposed(String option, Path file) {
        Set<PosixFilePermission> modes;
        try {
            modes = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty(); // unreadable files are reported where they are read
        }
        if (modes.stream().noneMatch(OTHERS::contains)) {
            return Optional.empty();
        }
        return Optional.of("warning: " + option + " " + file + " is accessible by group or others (mode "
                + PosixFilePermissions.toString(modes) + "); make it private: chmod 600 " + file);
    }
}

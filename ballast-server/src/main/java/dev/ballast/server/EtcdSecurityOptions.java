package dev.ballast.server;

import dev.ballast.etcd.EtcdCredentials;
import dev.ballast.etcd.EtcdSecurity;
import dev.ballast.etcd.EtcdTls;
import dev.ballast.etcd.PrivateFileModes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --etcd-cacert}, {@code --etcd-cert}, {@code --etcd-key}, {@code --etcd-user} and the user's password
 * ({@code --etcd-password-file}, or the environment variable {@value #PASSWORD_VARIABLE}; never an option's value,
 * which any user of the machine can read in the process list) into an {@link EtcdSecurity}. The TLS files are read
 * once here, so a missing or malformed one is refused before anything starts. A secret file readable by others is
 * a warning, not a refusal (see {@link PrivateFileModes}).
 *
 * <p>Thread-safe (stateless).
 */
final class EtcdSecurityOptions {
    /** The environment variable that may hold the password of {@code --etcd-user}. */
    static final String PASSWORD_VARIABLE = "BALLAST_ETCD_PASSWORD";

    private EtcdSecurityOptions() {}

    /** The security the options describe, and warnings to print (never the password). */
    record Parsed(EtcdSecurity security, List<String> warnings) {}

    /**
     * Reads the options ({@code null} when not given) and {@code environment}.
     *
     * @throws IllegalArgumentException in the form {@code --option value (expected: ...)}
     */
    static Parsed parse(Path caCert, Path cert, Path key, String user, Path passwordFile,
                        Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        EtcdTls tls = null;
        if (caCert != null || cert != null || key != null) {
            tls = new EtcdTls(caCert, cert, key);
            tls.sslContext(); // reads the files now: a bad one stops the start, naming its option
            if (key != null) {
                PrivateFileModes.exposed("--etcd-key", key).ifPresent(warnings::add);
            }
        }
        EtcdCredentials credentials = null;
        String fromEnvironment = environment.get(PASSWORD_VARIABLE);
        if (user == null) {
            if (passwordFile != null) {
                throw new IllegalArgumentException("--etcd-password-file " + passwordFile + " without --etcd-user "
                        + "(expected: --etcd-user <name> whose password the file holds)");
            }
            // a BALLAST_ETCD_PASSWORD left in the environment without --etcd-user is not used
        } else if (passwordFile != null) {
            if (fromEnvironment != null) {
                throw new IllegalArgumentException("--etcd-password-file " + passwordFile + " with " + PASSWORD_VARIABLE
                        + " also set (expected: one source of the password of --etcd-user)");
            }
            credentials = new EtcdCredentials(user, readPassword(passwordFile));
            PrivateFileModes.exposed("--etcd-password-file", passwordFile).ifPresent(warnings::add);
        } else {
            credentials = new EtcdCredentials(user, fromEnvironment);
        }
        return new Parsed(new EtcdSecurity(tls, credentials), List.copyOf(warnings));
    }

    /** The first line of {@code file}, without its line break (as {@code echo secret > file} writes it). */
    private static String readPassword(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--etcd-password-file " + file + ": cannot read it: " + e
                    + " (expected: a readable file holding the password of --etcd-user)", e);
        }
        String password = content.lines().findFirst().orElse("");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("--etcd-password-file " + file + " is empty (expected: the password "
                    + "of --etcd-user on its first line)");
        }
        return password;
    }
}

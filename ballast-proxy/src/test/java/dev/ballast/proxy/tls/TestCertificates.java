package dev.ballast.proxy.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed certificates for tests, made by the real {@code openssl req} in a directory the test owns.
 *
 * <p>Thread-safe (stateless).
 */
public final class TestCertificates {
    /**
     * A certificate with its PKCS#8 key, as PEM, and the file holding the certificate (for {@code curl --cacert}).
     */
    public record Pem(String certificate, String privateKey, Path certificateFile, List<String> names) {}

    private TestCertificates() {}

    /** An RSA 2048 certificate for {@code commonName} with {@code alternativeNames} as DNS SANs, valid 30 days. */
    public static Pem selfSigned(Path dir, String commonName, String... alternativeNames) {
        return create(dir, commonName, "rsa:2048", alternativeNames);
    }

    /** Like {@link #selfSigned} with an EC P-256 key. */
    public static Pem selfSignedEc(Path dir, String commonName, String... alternativeNames) {
        return create(dir, commonName, "ec", alternativeNames);
    }

    private static Pem create(Path dir, String commonName, String keyType, String... alternativeNames) {
        try {
            String base = commonName.replace('*', '_') + "-" + System.nanoTime();
            Path cert = dir.resolve(base + ".crt");
            Path key = dir.resolve(base + ".key");
            List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "30",
                    "-subj", "/CN=" + commonName, "-keyout", key.toString(), "-out", cert.toString()));
            if (keyType.equals("ec")) {
                command.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
            } else {
                command.addAll(List.of("-newkey", keyType));
            }
            List<String> names = new ArrayList<>(List.of(commonName));
            names.addAll(List.of(alternativeNames));
            command.addAll(List.of("-addext", "subjectAltName=" + String.join(",",
                    names.stream().map(n -> "DNS:" + n).toList())));
            CommandLine.Result result = CommandLine.run(dir, java.time.Duration.ofSeconds(30), "", command);
            if (result.exitCode() != 0) {
                throw new AssertionError("openssl req failed: " + result.output());
            }
            return new Pem(Files.readString(cert), Files.readString(key), cert, List.copyOf(names));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ballast.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for TLS tests, made with the openssl command line as an operator makes them (EC P-256, valid two
 * days): a CA, and server or client certificates it signs. A missing openssl fails the test.
 *
 * <p>Not thread-safe: one test makes its certificates.
 */
public final class TestCertificates {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private TestCertificates() {}

    /** A certificate and its private key (PEM files). */
    public record Issued(Path cert, Path key) {}

    /** A CA whose certificate and key are under its own directory. */
    public record Ca(Path cert, Path key) {
        /**
         * A certificate signed by this CA under {@code dir}/{@code name}.pem and {@code name}-key.pem, for
         * {@code usage} ({@code serverAuth}, {@code clientAuth} or both, comma-separated) with the subject
         * alternative names {@code sans} (e.g. {@code IP:127.0.0.1,DNS:localhost}; null for none).
         */
        public Issued issue(Path dir, String name, String usage, String sans) throws Exception {
            Files.createDirectories(dir);
            Path cert = dir.resolve(name + ".pem");
            Path key = dir.resolve(name + "-key.pem");
            Path csr = dir.resolve(name + ".csr");
            Path ext = dir.resolve(name + ".ext");
            Files.writeString(ext, "extendedKeyUsage = " + usage + "\n"
                    + (sans == null ? "" : "subjectAltName = " + sans + "\n"));
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
            openssl("x509", "-req", "-in", csr.toString(), "-CA", cert().toString(), "-CAkey", key().toString(),
                    "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
            return new Issued(cert, key);
        }
    }

    /** A new self-signed CA named {@code name} under {@code dir}. */
    public static Ca ca(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + "-key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
        return new Ca(cert, key);
    }

    /** {@code key} rewritten in the traditional (SEC1 "EC PRIVATE KEY") form cfssl and kubeadm write. */
    public static Path traditional(Path key) throws Exception {
        Path out = key.resolveSibling(key.getFileName().toString().replace(".pem", "-traditional.pem"));
        openssl("pkey", "-in", key.toString(), "-traditional", "-out", out.toString());
        return out;
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(OPENSSL)) {
            throw new IllegalStateException("openssl: " + OPENSSL + " (expected: installed, apt-get install -y openssl)");
        }
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}

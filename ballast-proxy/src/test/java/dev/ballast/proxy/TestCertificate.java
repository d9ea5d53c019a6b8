package dev.ballast.proxy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate and its PKCS#8 key made by the real {@code openssl} command for the given DNS names
 * (fails when openssl is missing, never skips).
 *
 * <p>Thread-safe (immutable once made).
 */
record TestCertificate(File certificate, File key) {

    static TestCertificate create(Path dir, String... names) throws IOException, InterruptedException {
        String primary = names[0];
        File cert = dir.resolve(primary + ".crt").toFile();
        File key = dir.resolve(primary + ".key").toFile();
        StringBuilder san = new StringBuilder("subjectAltName=");
        for (int i = 0; i < names.length; i++) {
            san.append(i == 0 ? "" : ",").append("DNS:").append(names[i]);
        }
        Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + primary,
                "-addext", san.toString(), "-keyout", key.getPath(), "-out", cert.getPath()))
                .redirectErrorStream(true).start();
        try {
            String output = new String(openssl.getInputStream().readAllBytes());
            if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0 || !Files.exists(cert.toPath())) {
                throw new IOException("openssl req failed: " + output);
            }
        } finally {
            openssl.destroyForcibly();
        }
        return new TestCertificate(cert, key);
    }
}

package dev.ballast.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS implementation listeners use: OpenSSL (BoringSSL from {@code netty-tcnative-boringssl-static}) when its
 * native library loads, otherwise the JDK's. Which one runs is logged once, with why OpenSSL did not load.
 *
 * <p>Thread-safe (immutable after class initialisation).
 */
public final class TlsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProvider.class);
    private static final TlsProvider BEST = detect();

    private final SslProvider provider;
    private final String description;

    private TlsProvider(SslProvider provider, String description) {
        this.provider = provider;
        this.description = description;
    }

    /** OpenSSL if available, else the JDK. */
    public static TlsProvider best() {
        return BEST;
    }

    /** The JDK's TLS, whatever else is available (tests of the fallback). */
    public static TlsProvider jdk() {
        return new TlsProvider(SslProvider.JDK, "JDK " + System.getProperty("java.version"));
    }

    private static TlsProvider detect() {
        if (OpenSsl.isAvailable()) {
            return new TlsProvider(SslProvider.OPENSSL, "OpenSSL (" + OpenSsl.versionString() + ")");
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        TlsProvider jdk = jdk();
        LOG.info("OpenSSL is not available ({}); TLS runs on the JDK", cause == null ? "unknown" : cause.toString());
        return jdk;
    }

    /** Netty's provider constant. */
    public SslProvider provider() {
        return provider;
    }

    /** True when this is OpenSSL. */
    public boolean isOpenSsl() {
        return provider != SslProvider.JDK;
    }

    /** For the start-up log: {@code OpenSSL (BoringSSL)} or {@code JDK 17.0.x}. */
    public String description() {
        return description;
    }
}

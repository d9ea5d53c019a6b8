package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Locale;

/**
 * One listener of a Classic Load Balancer: the front port and protocol, the instance port and protocol traffic goes
 * to and, for HTTPS and SSL, the certificate it presents. HTTP and HTTPS listeners are served by the HTTP proxy
 * (HTTPS terminating TLS), TCP and SSL listeners by the L4 relay (SSL terminating TLS); behind HTTP(S) the
 * instances speak HTTP or HTTPS, behind TCP/SSL they speak TCP or SSL, as AWS allows.
 *
 * @param protocol {@code HTTP}, {@code HTTPS}, {@code TCP} or {@code SSL} (upper case)
 * @param instanceProtocol the instances' protocol (upper case; the front protocol's plain form when not given)
 * @param sslCertificateId the ARN of an ACM or IAM certificate for HTTPS and SSL, null otherwise
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicListener(String protocol, int loadBalancerPort, String instanceProtocol, int instancePort,
                              String sslCertificateId) {
    /** Normalises the protocols to upper case and checks them and the ports as AWS does. */
    public ClassicListener {
        protocol = upper(protocol, "Protocol");
        if (!List.of("HTTP", "HTTPS", "TCP", "SSL").contains(protocol)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Protocol: " + protocol
                    + " (expected: HTTP, HTTPS, TCP or SSL)");
        }
        boolean httpLayer = protocol.startsWith("HTTP");
        instanceProtocol = instanceProtocol == null || instanceProtocol.isEmpty() ? (httpLayer ? "HTTP" : "TCP")
                : upper(instanceProtocol, "InstanceProtocol");
        List<String> behind = httpLayer ? List.of("HTTP", "HTTPS") : List.of("TCP", "SSL");
        if (!behind.contains(instanceProtocol)) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "InstanceProtocol: "
                    + instanceProtocol + " (expected: " + String.join(" or ", behind) + " behind a " + protocol
                    + " listener)");
        }
        boolean secure = protocol.equals("HTTPS") || protocol.equals("SSL");
        if (secure && (sslCertificateId == null || sslCertificateId.isEmpty())) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "SSLCertificateId: missing (expected: the ARN of an"
                    + " IAM server certificate or ACM certificate for a " + protocol + " listener)");
        }
        if (!secure) {
            sslCertificateId = null;
        }
        // "On EC2-VPC, you can specify any port from the range 1-65535. On EC2-Classic, you can specify any port
        // from the following list: 25, 80, 443, 465, 587, 1024-65535." (Classic API reference, Listener). Every
        // load balancer is in a VPC today: EC2-Classic was retired in 2022.
        if (loadBalancerPort < 1 || loadBalancerPort > 65535) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerPort: " + loadBalancerPort
                    + " (expected: 1-65535)");
        }
        if (instancePort < 1 || instancePort > 65535) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "InstancePort: " + instancePort + " (expected: 1-65535)");
        }
    }

    /** A listener that does not terminate TLS. */
    public ClassicListener(String protocol, int loadBalancerPort, String instanceProtocol, int instancePort) {
        this(protocol, loadBalancerPort, instanceProtocol, instancePort, null);
    }

    /** True for an HTTP or HTTPS listener (served by the HTTP proxy). */
    public boolean isHttp() {
        return protocol.startsWith("HTTP");
    }

    /** True for HTTPS and SSL, which terminate TLS. */
    public boolean terminatesTls() {
        return sslCertificateId != null;
    }

    /** This listener presenting {@code certificateId} instead. */
    public ClassicListener withCertificate(String certificateId) {
        return new ClassicListener(protocol, loadBalancerPort, instanceProtocol, instancePort, certificateId);
    }

    private static String upper(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, field + ": missing (expected: a value)");
        }
        return value.toUpperCase(Locale.ROOT);
    }
}

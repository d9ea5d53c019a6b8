package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Locale;

/**
 * One listener of a Classic Load Balancer: the front port and protocol, and the instance port and protocol
 * traffic goes to. Ballast serves HTTP listeners through its HTTP proxy and TCP listeners through its L4 relay;
 * HTTPS and SSL need certificates and are refused.
 *
 * @param protocol {@code HTTP} or {@code TCP} (upper case)
 * @param instanceProtocol {@code HTTP} for an HTTP listener, {@code TCP} for a TCP listener
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicListener(String protocol, int loadBalancerPort, String instanceProtocol, int instancePort) {
    /** Normalises the protocols to upper case and checks them and the ports as AWS does. */
    public ClassicListener {
        protocol = upper(protocol, "Protocol");
        instanceProtocol = instanceProtocol == null || instanceProtocol.isEmpty() ? protocol
                : upper(instanceProtocol, "InstanceProtocol");
        if (protocol.equals("HTTPS") || protocol.equals("SSL")) {
            throw new AwsException(AwsError.UNSUPPORTED_PROTOCOL, "Protocol: " + protocol
                    + " (expected: HTTP or TCP; HTTPS and SSL listeners need certificates, not supported yet)");
        }
        if (!protocol.equals("HTTP") && !protocol.equals("TCP")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Protocol: " + protocol
                    + " (expected: HTTP, HTTPS, TCP or SSL)");
        }
        if (!instanceProtocol.equals(protocol)) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "InstanceProtocol: "
                    + instanceProtocol + " (expected: " + protocol + " behind a " + protocol + " listener)");
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

    /** True for an HTTP listener (served by the HTTP proxy). */
    public boolean isHttp() {
        return protocol.equals("HTTP");
    }

    private static String upper(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, field + ": missing (expected: a value)");
        }
        return value.toUpperCase(Locale.ROOT);
    }
}

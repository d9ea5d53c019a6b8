package dev.ballast.control.labels;

/**
 * One well-formed port label: {@code <prefix>port_<containerPort>=<scheme>://<loadBalancer>:<frontPort>}.
 *
 * @param key the label key as written ({@code aliyun.lb.port_6379})
 * @param value the label value as written ({@code tcp://slb_redis_app:6379})
 * @param containerPort the port the container listens on
 * @param scheme the listener protocol asked for
 * @param loadBalancer the load balancer's name, ARN, id or {@code Name} tag
 * @param frontPort the listener port on the load balancer
 *
 * <p>Thread-safe (immutable).
 */
public record PortLabel(String key, String value, int containerPort, LabelScheme scheme, String loadBalancer,
                        int frontPort) {}

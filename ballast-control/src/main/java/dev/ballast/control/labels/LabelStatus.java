package dev.ballast.control.labels;

/**
 * What the provider made of one port label of one container, as {@code ballast labels} prints it.
 *
 * @param container the container name
 * @param containerId the short container id
 * @param key the label key
 * @param value the label value
 * @param loadBalancer the ARN of the load balancer it resolved to, or null
 * @param targetGroupArn the target group it is (or would be) registered in, or null
 * @param target the target, {@code ip:port} (or {@code instance:port}), or null
 * @param state {@code registered}, {@code waiting: <reason>}, {@code stopped} or {@code error: <what was expected>}
 *
 * <p>Thread-safe (immutable).
 */
public record LabelStatus(String container, String containerId, String key, String value, String loadBalancer,
                          String targetGroupArn, String target, String state) {
    /** One line for the log and the CLI. */
    public String line() {
        return container + " (" + containerId + ") " + key + "=" + value + " lb=" + dash(loadBalancer)
                + " tg=" + dash(targetGroupArn) + " target=" + dash(target) + " " + state;
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}

package dev.ballast.control.labels;

import java.util.List;

/**
 * What a container's labels ask of the load balancers: its well-formed port labels, its tuning, and every label
 * that cannot be used.
 *
 * <p>Thread-safe (immutable).
 */
public record ContainerLabels(List<PortLabel> ports, LabelTuning tuning, List<LabelError> errors) {
    /** Copies the lists. */
    public ContainerLabels {
        ports = List.copyOf(ports);
        errors = List.copyOf(errors);
    }
}

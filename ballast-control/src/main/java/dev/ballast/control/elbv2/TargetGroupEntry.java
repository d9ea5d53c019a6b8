package dev.ballast.control.elbv2;

import dev.ballast.core.model.TargetGroup;

/**
 * A target group as the API knows it: the data-plane model plus the fields only the API shows.
 *
 * @param protocolVersion {@code HTTP1}, {@code HTTP2} or {@code GRPC} for HTTP(S) groups, else null
 * @param createdAt creation time, epoch milliseconds
 *
 * <p>Thread-safe (immutable).
 */
public record TargetGroupEntry(TargetGroup model, String protocolVersion, String vpcId, String ipAddressType,
                               long createdAt, Tags tags) {
    /** Fills defaults. */
    public TargetGroupEntry {
        tags = tags == null ? Tags.NONE : tags;
    }

    /** The ARN. */
    public String arn() {
        return model.arn();
    }

    /** This entry with another model. */
    public TargetGroupEntry with(TargetGroup newModel) {
        return new TargetGroupEntry(newModel, protocolVersion, vpcId, ipAddressType, createdAt, tags);
    }

    /** This entry with other tags. */
    public TargetGroupEntry with(Tags newTags) {
        return new TargetGroupEntry(model, protocolVersion, vpcId, ipAddressType, createdAt, newTags);
    }
}

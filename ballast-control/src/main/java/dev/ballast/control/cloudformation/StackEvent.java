package dev.ballast.control.cloudformation;

/**
 * One stack event, as DescribeStackEvents shows it; a stack's own events have the stack name as logical id and the
 * stack id as physical id.
 *
 * <p>Thread-safe (immutable).
 *
 * @param eventId unique id
 * @param logicalId the resource's (or stack's) logical id
 * @param physicalId the physical id, or null before there is one
 * @param resourceType e.g. {@code AWS::CloudFormation::Stack}
 * @param timestamp epoch millis
 * @param status e.g. {@code CREATE_IN_PROGRESS}
 * @param reason the status reason, or null
 */
public record StackEvent(String eventId, String logicalId, String physicalId, String resourceType, long timestamp,
                         String status, String reason) {
    /** The type of a stack's own events. */
    public static final String STACK_TYPE = "AWS::CloudFormation::Stack";
}

package dev.ballast.control.ec2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * EC2's error texts, as the EC2 API answers them (clients and tools match on them).
 *
 * <p>Thread-safe (stateless).
 */
public final class Ec2Messages {
    private Ec2Messages() {}

    /** {@code InvalidVpcID.NotFound}. */
    public static AwsException vpcNotFound(String id) {
        return new AwsException(AwsError.EC2_VPC_NOT_FOUND, "The vpc ID '" + id + "' does not exist");
    }

    /** {@code InvalidSubnetID.NotFound}. */
    public static AwsException subnetNotFound(String id) {
        return new AwsException(AwsError.EC2_SUBNET_NOT_FOUND, "The subnet ID '" + id + "' does not exist");
    }

    /** {@code InvalidGroup.NotFound} for a group id (or a name outside any VPC). */
    public static AwsException groupNotFound(String idOrName) {
        return new AwsException(AwsError.EC2_GROUP_NOT_FOUND, "The security group '" + idOrName
                + "' does not exist");
    }

    /** {@code InvalidGroup.NotFound} for a group name looked up in the default VPC. */
    public static AwsException groupNameNotFound(String name, String defaultVpcId) {
        return new AwsException(AwsError.EC2_GROUP_NOT_FOUND, "The security group '" + name
                + "' does not exist in default VPC '" + defaultVpcId + "'");
    }

    /** {@code MissingParameter}. */
    public static AwsException missing(String parameter) {
        return new AwsException(AwsError.EC2_MISSING_PARAMETER, "The request must contain the parameter "
                + parameter);
    }

    /** {@code InvalidParameterValue} for a CIDR block that is not one. */
    public static AwsException invalidCidr(String parameter, String value) {
        return new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, "Value (" + value + ") for parameter "
                + parameter + " is invalid. This is not a valid CIDR block.");
    }

    /** {@code InvalidParameterValue} in the form {@code field: value (expected: ...)} where EC2 has no text. */
    public static AwsException invalid(String field, Object value, String expected) {
        return new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, field + ": " + value + " (expected: "
                + expected + ")");
    }
}

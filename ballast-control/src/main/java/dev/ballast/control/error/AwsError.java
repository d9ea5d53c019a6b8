package dev.ballast.control.error;

/**
 * AWS's error codes as the API answers them, each with its HTTP status and fault type ({@code Sender} for a
 * client mistake, {@code Receiver} for ours). The ELBv2 API reference gives 400 for every ELBv2 error; the
 * authentication errors are 403.
 *
 * <p>Thread-safe (enum).
 */
public enum AwsError {
    VALIDATION_ERROR("ValidationError", 400),
    ALREADY_EXISTS_EXCEPTION("AlreadyExistsException", 400),
    INSUFFICIENT_CAPABILITIES("InsufficientCapabilitiesException", 400),
    INVALID_ACTION("InvalidAction", 400),
    MISSING_ACTION("MissingAction", 400),
    MISSING_PARAMETER("MissingParameter", 400),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403),
    /** A signature dated more than 15 minutes away from the server's clock. */
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
    /** A presigned URL used after its X-Amz-Expires (EC2's Query API answers 400). */
    REQUEST_EXPIRED("RequestExpired", 400),
    INTERNAL_FAILURE("InternalFailure", 500, "Receiver"),
    /** The API is overloaded (its dispatch queue is full); SDKs retry 503 with back-off. */
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Receiver"),
    DUPLICATE_LOAD_BALANCER_NAME("DuplicateLoadBalancerName", 400),
    DUPLICATE_TARGET_GROUP_NAME("DuplicateTargetGroupName", 400),
    DUPLICATE_LISTENER("DuplicateListener", 400),
    DUPLICATE_TAG_KEYS("DuplicateTagKeys", 400),
    PRIORITY_IN_USE("PriorityInUse", 400),
    LOAD_BALANCER_NOT_FOUND("LoadBalancerNotFound", 400),
    TARGET_GROUP_NOT_FOUND("TargetGroupNotFound", 400),
    LISTENER_NOT_FOUND("ListenerNotFound", 400),
    RULE_NOT_FOUND("RuleNotFound", 400),
    CERTIFICATE_NOT_FOUND("CertificateNotFound", 400),
    SSL_POLICY_NOT_FOUND("SSLPolicyNotFound", 400),
    RESOURCE_IN_USE("ResourceInUse", 400),
    TOO_MANY_LOAD_BALANCERS("TooManyLoadBalancers", 400),
    TOO_MANY_TARGET_GROUPS("TooManyTargetGroups", 400),
    TOO_MANY_LISTENERS("TooManyListeners", 400),
    TOO_MANY_RULES("TooManyRules", 400),
    TOO_MANY_TARGETS("TooManyTargets", 400),
    TOO_MANY_TAGS("TooManyTags", 400),
    TOO_MANY_CERTIFICATES("TooManyCertificates", 400),
    TOO_MANY_ACTIONS("TooManyActions", 400),
    TARGET_GROUP_ASSOCIATION_LIMIT("TargetGroupAssociationLimit", 400),
    TOO_MANY_UNIQUE_TARGET_GROUPS_PER_LOAD_BALANCER("TooManyUniqueTargetGroupsPerLoadBalancer", 400),
    INVALID_CONFIGURATION_REQUEST("InvalidConfigurationRequest", 400),
    INVALID_LOAD_BALANCER_ACTION("InvalidLoadBalancerAction", 400),
    OPERATION_NOT_PERMITTED("OperationNotPermitted", 400),
    INCOMPATIBLE_PROTOCOLS("IncompatibleProtocols", 400),
    UNSUPPORTED_PROTOCOL("UnsupportedProtocol", 400),
    INVALID_TARGET("InvalidTarget", 400),
    INVALID_SCHEME("InvalidScheme", 400),
    INVALID_SUBNET("InvalidSubnet", 400),
    INVALID_SECURITY_GROUP("InvalidSecurityGroup", 400),
    /** The Classic API's InvalidConfigurationRequest, which AWS answers with 409 (ELBv2's is 400). */
    CLASSIC_INVALID_CONFIGURATION_REQUEST("InvalidConfigurationRequest", 409),
    INVALID_INSTANCE("InvalidInstance", 400),
    /** Classic ELB: SetLoadBalancerListenerSSLCertificate on a port without a listener. */
    CLASSIC_LISTENER_NOT_FOUND("ListenerNotFound", 400),
    LOAD_BALANCER_ATTRIBUTE_NOT_FOUND("LoadBalancerAttributeNotFound", 400),
    /** Classic ELB: a policy name that the load balancer (or AWS's samples) does not have. */
    POLICY_NOT_FOUND("PolicyNotFound", 400),
    /** Classic ELB: CreateLoadBalancerPolicy with a name the load balancer already has. */
    DUPLICATE_POLICY_NAME("DuplicatePolicyName", 400),
    /** Classic ELB: a policy type that does not exist. */
    POLICY_TYPE_NOT_FOUND("PolicyTypeNotFound", 400),
    /** Route 53: no hosted zone has the id. */
    NO_SUCH_HOSTED_ZONE("NoSuchHostedZone", 404),
    /** Route 53: no change has the id. */
    NO_SUCH_CHANGE("NoSuchChange", 404),
    /** Route 53: a hosted zone was already created with the caller reference. */
    HOSTED_ZONE_ALREADY_EXISTS("HostedZoneAlreadyExists", 409),
    /** Route 53: the zone still has record sets other than its apex SOA and NS. */
    HOSTED_ZONE_NOT_EMPTY("HostedZoneNotEmpty", 400),
    /** Route 53: a change batch that cannot be applied; nothing of it is. */
    INVALID_CHANGE_BATCH("InvalidChangeBatch", 400),
    /** Route 53's generic invalid parameter. */
    INVALID_INPUT("InvalidInput", 400),
    INVALID_DOMAIN_NAME("InvalidDomainName", 400),
    INVALID_VPC_ID("InvalidVPCId", 400),
    CONFLICTING_DOMAIN_EXISTS("ConflictingDomainExists", 400),
    /** Route 53: a tagged resource type Ballast does not have (health checks). */
    NO_SUCH_HEALTH_CHECK("NoSuchHealthCheck", 404),
    /** Cloud Map: no namespace has the id (or name). */
    CLOUD_MAP_NAMESPACE_NOT_FOUND("NamespaceNotFound", 400),
    /** Cloud Map: no service has the id (or name). */
    CLOUD_MAP_SERVICE_NOT_FOUND("ServiceNotFound", 400),
    /** Cloud Map: the service has no instance with the id. */
    CLOUD_MAP_INSTANCE_NOT_FOUND("InstanceNotFound", 400),
    /** Cloud Map: no operation has the id. */
    CLOUD_MAP_OPERATION_NOT_FOUND("OperationNotFound", 400),
    CLOUD_MAP_NAMESPACE_ALREADY_EXISTS("NamespaceAlreadyExists", 400),
    CLOUD_MAP_SERVICE_ALREADY_EXISTS("ServiceAlreadyExists", 400),
    /** Cloud Map: a namespace with services, or a service with instances, cannot be deleted. */
    CLOUD_MAP_RESOURCE_IN_USE("ResourceInUse", 400),
    /** Cloud Map: UpdateInstanceCustomHealthStatus on a service without HealthCheckCustomConfig. */
    CLOUD_MAP_CUSTOM_HEALTH_NOT_FOUND("CustomHealthNotFound", 400),
    /** Cloud Map: a CreatorRequestId used before for a different request. */
    CLOUD_MAP_DUPLICATE_REQUEST("DuplicateRequest", 400),
    /** Cloud Map: a tagged ARN names no namespace or service. */
    CLOUD_MAP_RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    CLOUD_MAP_TOO_MANY_TAGS("TooManyTagsException", 400),
    /** ECS: the request was refused for a reason the client caused (ECS's generic client error). */
    ECS_CLIENT_EXCEPTION("ClientException", 400),
    /** ECS: a parameter is invalid. */
    ECS_INVALID_PARAMETER("InvalidParameterException", 400),
    ECS_CLUSTER_NOT_FOUND("ClusterNotFoundException", 400),
    /** ECS: DeleteCluster while the cluster has ACTIVE or DRAINING services. */
    ECS_CLUSTER_CONTAINS_SERVICES("ClusterContainsServicesException", 400),
    /** ECS: DeleteCluster while the cluster has tasks that have not stopped. */
    ECS_CLUSTER_CONTAINS_TASKS("ClusterContainsTasksException", 400),
    ECS_SERVICE_NOT_FOUND("ServiceNotFoundException", 400),
    /** ECS: UpdateService or DeleteService of a DRAINING or INACTIVE service. */
    ECS_SERVICE_NOT_ACTIVE("ServiceNotActiveException", 400),
    /** ECS: a tagged resource ARN names no service, task or task definition. */
    ECS_RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    /** ECS: the X-Amz-Target names no operation Ballast serves. */
    ECS_UNKNOWN_OPERATION("UnknownOperationException", 400),
    /** ECS's server fault. */
    ECS_SERVER_EXCEPTION("ServerException", 500, "Receiver"),
    /** ACM (JSON 1.1): a certificate, key or chain that cannot be imported; any other invalid field. */
    ACM_VALIDATION("ValidationException", 400),
    ACM_INVALID_ARN("InvalidArnException", 400),
    ACM_INVALID_PARAMETER("InvalidParameterException", 400),
    ACM_INVALID_DOMAIN_VALIDATION_OPTIONS("InvalidDomainValidationOptionsException", 400),
    ACM_INVALID_STATE("InvalidStateException", 400),
    ACM_RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    ACM_RESOURCE_IN_USE("ResourceInUseException", 400),
    ACM_INVALID_TAG("InvalidTagException", 400),
    ACM_TOO_MANY_TAGS("TooManyTagsException", 400),
    ACM_UNKNOWN_OPERATION("UnknownOperationException", 400),
    ACM_SERVER_EXCEPTION("InternalFailure", 500, "Receiver"),
    /** IAM (Query): the certificate or chain cannot be parsed, or is not valid now. */
    IAM_MALFORMED_CERTIFICATE("MalformedCertificate", 400),
    IAM_KEY_PAIR_MISMATCH("KeyPairMismatch", 400),
    IAM_ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
    IAM_NO_SUCH_ENTITY("NoSuchEntity", 404),
    IAM_DELETE_CONFLICT("DeleteConflict", 409),
    /** EC2: a parameter value that is malformed or out of range. */
    EC2_INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    /** EC2: a required parameter is absent. */
    EC2_MISSING_PARAMETER("MissingParameter", 400),
    /** EC2: parameters that cannot be given together. */
    EC2_INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
    EC2_VPC_NOT_FOUND("InvalidVpcID.NotFound", 400),
    EC2_SUBNET_NOT_FOUND("InvalidSubnetID.NotFound", 400),
    EC2_GROUP_NOT_FOUND("InvalidGroup.NotFound", 400),
    EC2_GROUP_DUPLICATE("InvalidGroup.Duplicate", 400),
    /** EC2: CreateSecurityGroup named {@code default}. */
    EC2_GROUP_RESERVED("InvalidGroup.Reserved", 400),
    EC2_PERMISSION_DUPLICATE("InvalidPermission.Duplicate", 400),
    EC2_PERMISSION_NOT_FOUND("InvalidPermission.NotFound", 400),
    EC2_INSTANCE_NOT_FOUND("InvalidInstanceID.NotFound", 400),
    /** EC2: a resource that others still use cannot be deleted. */
    EC2_DEPENDENCY_VIOLATION("DependencyViolation", 400),
    /** EC2: a VPC's default security group cannot be deleted. */
    EC2_CANNOT_DELETE("CannotDelete", 400),
    EC2_SUBNET_CONFLICT("InvalidSubnet.Conflict", 400),
    EC2_SUBNET_RANGE("InvalidSubnet.Range", 400),
    EC2_VPC_RANGE("InvalidVpc.Range", 400),
    /** ELBv2/Classic: a subnet id that names no subnet. */
    SUBNET_NOT_FOUND("SubnetNotFound", 400);

    private final String code;
    private final int httpStatus;
    private final String type;

    AwsError(String code, int httpStatus) {
        this(code, httpStatus, "Sender");
    }

    AwsError(String code, int httpStatus, String type) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.type = type;
    }

    /** The wire code, e.g. {@code LoadBalancerNotFound}. */
    public String code() {
        return code;
    }

    /** The HTTP status AWS answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@code Sender} or {@code Receiver}. */
    public String type() {
        return type;
    }
}

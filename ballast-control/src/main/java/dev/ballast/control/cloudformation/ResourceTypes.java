package dev.ballast.control.cloudformation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The resource types a template may use: those mapped onto Ballast's commands, and the placeholders (types Ballast
 * has no meaning for, recorded with a physical id). Any other type is CloudFormation's "Unrecognized resource
 * types".
 *
 * <p>Thread-safe once built: types are added before the first stack runs.
 */
public final class ResourceTypes {
    /** The type families recorded as placeholders. */
    public static final List<String> PLACEHOLDER_FAMILIES = List.of("AWS::IAM::", "AWS::AutoScaling::",
            "AWS::EC2::", "AWS::Logs::", "AWS::ApplicationAutoScaling::", "AWS::CloudWatch::",
            "AWS::CloudFormation::WaitConditionHandle");

    private final Map<String, ResourceProvisioner> mapped = new LinkedHashMap<>();
    private final String region;
    private final String accountId;
    private final RandomGenerator random;

    /** No mapped types yet; placeholders get ids for {@code region} and {@code accountId}. */
    public ResourceTypes(String region, String accountId, RandomGenerator random) {
        this.region = region;
        this.accountId = accountId;
        this.random = random;
    }

    /** Maps {@code type} onto {@code provisioner}; it then is not a placeholder. */
    public ResourceTypes add(String type, ResourceProvisioner provisioner) {
        mapped.put(type, provisioner);
        return this;
    }

    /** The provisioner of {@code type}, or null when the type is unknown. */
    public ResourceProvisioner provisioner(String type) {
        ResourceProvisioner p = mapped.get(type);
        if (p != null) {
            return p;
        }
        return isPlaceholder(type) ? new PlaceholderProvisioner(type, region, accountId, random) : null;
    }

    /** Whether {@code type} is recorded without effect. */
    public boolean isPlaceholder(String type) {
        return !mapped.containsKey(type) && PLACEHOLDER_FAMILIES.stream().anyMatch(type::startsWith);
    }

    /** The mapped types, in the order added. */
    public List<String> mappedTypes() {
        return List.copyOf(mapped.keySet());
    }
}

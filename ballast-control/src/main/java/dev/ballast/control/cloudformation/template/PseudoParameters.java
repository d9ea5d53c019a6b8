package dev.ballast.control.cloudformation.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of CloudFormation's pseudo-parameters for one stack: AWS::Region, AWS::AccountId, AWS::StackName,
 * AWS::StackId, AWS::Partition ({@code aws}), AWS::URLSuffix ({@code amazonaws.com}) and AWS::NotificationARNs
 * (empty). AWS::NoValue is handled by the {@link Evaluator}.
 *
 * <p>Thread-safe (immutable).
 */
public record PseudoParameters(String region, String accountId, String stackName, String stackId) {
    /** The pseudo-parameters by name. */
    public Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AWS::Region", region);
        out.put("AWS::AccountId", accountId);
        out.put("AWS::StackName", stackName);
        out.put("AWS::StackId", stackId);
        out.put("AWS::Partition", "aws");
        out.put("AWS::URLSuffix", "amazonaws.com");
        out.put("AWS::NotificationARNs", List.of());
        return out;
    }
}

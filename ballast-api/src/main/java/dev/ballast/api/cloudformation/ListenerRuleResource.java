package dev.ballast.api.cloudformation;

import dev.ballast.api.elbv2.Elbv2Requests;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.RuleEntry;
import dev.ballast.core.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancingV2::ListenerRule} on the ELBv2 commands: Ref is the rule ARN; another listener
 * replaces it, conditions and actions change in place (ModifyRule), the priority with SetRulePriorities.
 *
 * <p>Thread-safe (the commands are).
 */
final class ListenerRuleResource implements ResourceProvisioner {
    private final ElbControl control;

    ListenerRuleResource(ElbControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return Set.of("ListenerArn", "Priority", "Conditions", "Actions");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("Actions", "Conditions", "Priority");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("ListenerArn");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        QueryParams p = QueryForm.of(request.properties());
        List<Condition> conditions = Elbv2Requests.conditions(p);
        RuleEntry rule = control.rules().create(p.required("ListenerArn"), p.integer("Priority"),
                conditions == null ? List.of() : conditions, Elbv2Requests.action(p, "Actions"), List.of());
        return provisioned(rule.arn());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        QueryParams p = QueryForm.of(request.properties());
        List<Condition> conditions = Elbv2Requests.conditions(p);
        control.rules().modify(current.physicalId(), conditions == null ? List.of() : conditions,
                Elbv2Requests.action(p, "Actions"));
        Integer before = QueryForm.of(current.properties()).integer("Priority");
        if (!Objects.equals(before, p.integer("Priority"))) {
            control.rules().setPriorities(Map.of(current.physicalId(), p.integer("Priority")));
        }
        return provisioned(current.physicalId());
    }

    @Override
    public void delete(StackResourceEntry current) {
        control.rules().delete(current.physicalId());
    }

    private static Provisioned provisioned(String arn) {
        return new Provisioned(arn, Map.of("RuleArn", arn, "IsDefault", "false"));
    }
}

package dev.ballast.api.elbv2;

import dev.ballast.api.query.MemberConstraints;
import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.query.QueryService;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.ListenerCommands;
import dev.ballast.control.elbv2.ListenerEntry;
import dev.ballast.control.elbv2.LoadBalancerCommands;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import dev.ballast.control.elbv2.LoadBalancerState;
import dev.ballast.control.elbv2.RuleEntry;
import dev.ballast.control.elbv2.SslPolicies;
import dev.ballast.control.elbv2.TagCommands;
import dev.ballast.control.elbv2.TargetGroupEntry;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.LoadBalancerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ELBv2 API ({@code Version=2015-12-01}) over the Query protocol: each action reads its parameters, calls the
 * control plane and writes AWS's result shape.
 *
 * <p>Thread-safe: reads use the latest committed state; writes go through the control plane's single writer.
 */
public final class Elbv2Service implements QueryService {
    /** The API version. */
    public static final String VERSION = "2015-12-01";
    /** The XML namespace of its responses. */
    public static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private final ElbControl control;
    private final Map<String, QueryAction> actions;

    /** The service over {@code control}. */
    public Elbv2Service(ElbControl control) {
        this.control = control;
        Map<String, QueryAction> a = new LinkedHashMap<>();
        a.put("CreateLoadBalancer", this::createLoadBalancer);
        a.put("DescribeLoadBalancers", this::describeLoadBalancers);
        a.put("DeleteLoadBalancer", (p, x) -> control.loadBalancers().delete(p.required("LoadBalancerArn")));
        a.put("DescribeLoadBalancerAttributes", (p, x) -> Elbv2Xml.attributes(x, lb(p.required("LoadBalancerArn"))
                .model().attributes().values()));
        // A load balancer without a capacity reservation: AWS answers with an empty CapacityReservationState (every
        // load balancer of Ballast is one; ModifyCapacityReservation is not served).
        a.put("DescribeCapacityReservation", (p, x) -> {
            lb(p.required("LoadBalancerArn"));
            x.empty("CapacityReservationState");
        });
        a.put("ModifyLoadBalancerAttributes", (p, x) -> Elbv2Xml.attributes(x, control.loadBalancers()
                .modifyAttributes(p.required("LoadBalancerArn"), attributes(p))));
        a.put("SetSecurityGroups", (p, x) -> Elbv2Xml.strings(x, "SecurityGroupIds", control.loadBalancers()
                .setSecurityGroups(p.required("LoadBalancerArn"), p.listOrEmpty("SecurityGroups"))));
        a.put("SetSubnets", this::setSubnets);
        a.put("SetIpAddressType", (p, x) -> x.element("IpAddressType", control.loadBalancers()
                .setIpAddressType(p.required("LoadBalancerArn"), p.required("IpAddressType"))));
        a.put("CreateTargetGroup", this::createTargetGroup);
        a.put("DescribeTargetGroups", this::describeTargetGroups);
        a.put("ModifyTargetGroup", (p, x) -> {
            TargetGroupEntry tg = control.targetGroups().modify(p.required("TargetGroupArn"),
                    Elbv2Requests.healthCheck(p));
            Elbv2Xml.list(x, "TargetGroups", List.of(tg), (w, t) -> Elbv2Xml.targetGroup(w, t, control.state()));
        });
        a.put("DeleteTargetGroup", (p, x) -> control.targetGroups().delete(p.required("TargetGroupArn")));
        a.put("DescribeTargetGroupAttributes", (p, x) -> Elbv2Xml.attributes(x, tg(p.required("TargetGroupArn"))
                .model().attributes().values()));
        a.put("ModifyTargetGroupAttributes", (p, x) -> Elbv2Xml.attributes(x, control.targetGroups()
                .modifyAttributes(p.required("TargetGroupArn"), attributes(p))));
        a.put("RegisterTargets", (p, x) -> control.targetGroups().register(p.required("TargetGroupArn"),
                Elbv2Requests.targets(p)));
        a.put("DeregisterTargets", (p, x) -> control.targetGroups().deregister(p.required("TargetGroupArn"),
                Elbv2Requests.targets(p)));
        a.put("DescribeTargetHealth", this::describeTargetHealth);
        a.put("CreateListener", this::createListener);
        a.put("DescribeListeners", this::describeListeners);
        a.put("ModifyListener", (p, x) -> Elbv2Xml.list(x, "Listeners", List.of(control.listeners()
                .modify(p.required("ListenerArn"), Elbv2Requests.listenerSettings(p, false))), Elbv2Xml::listener));
        a.put("DeleteListener", (p, x) -> control.listeners().delete(p.required("ListenerArn")));
        a.put("DescribeListenerAttributes", (p, x) -> Elbv2Xml.attributes(x, listener(p.required("ListenerArn"))
                .attributes()));
        a.put("ModifyListenerAttributes", (p, x) -> Elbv2Xml.attributes(x, control.listeners()
                .modifyAttributes(p.required("ListenerArn"), attributes(p))));
        a.put("CreateRule", this::createRule);
        a.put("DescribeRules", this::describeRules);
        a.put("ModifyRule", this::modifyRule);
        a.put("DeleteRule", (p, x) -> control.rules().delete(p.required("RuleArn")));
        a.put("SetRulePriorities", this::setRulePriorities);
        a.put("AddTags", (p, x) -> control.tags().add(required(p, "ResourceArns"), Elbv2Requests.tags(p)));
        a.put("RemoveTags", (p, x) -> control.tags().remove(required(p, "ResourceArns"), required(p, "TagKeys")));
        a.put("DescribeTags", this::describeTags);
        a.put("DescribeSSLPolicies", this::describeSslPolicies);
        a.put("DescribeAccountLimits", this::describeAccountLimits);
        a.put("AddListenerCertificates", (p, x) -> {
            List<String> added = control.listeners().addCertificates(p.required("ListenerArn"), certificates(p));
            Elbv2Xml.list(x, "Certificates", added, (w, c) -> w.element("CertificateArn", c).element("IsDefault",
                    false));
        });
        a.put("RemoveListenerCertificates", (p, x) -> control.listeners().removeCertificates(
                p.required("ListenerArn"), certificates(p)));
        a.put("DescribeListenerCertificates", this::describeListenerCertificates);
        this.actions = Map.copyOf(a);
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, QueryAction> actions() {
        return actions;
    }

    @Override
    public MemberConstraints constraints() {
        return Elbv2Constraints.ALL;
    }

    // ---- lookups in the committed state, with AWS's NotFound errors

    private LoadBalancerEntry lb(String arn) {
        return find(control.state().loadBalancers(), arn, AwsMessages.loadBalancerNotFound(arn));
    }

    private TargetGroupEntry tg(String arn) {
        return find(control.state().targetGroups(), arn, AwsMessages.targetGroupsNotFound());
    }

    private ListenerEntry listener(String arn) {
        return find(control.state().listeners(), arn, AwsMessages.listenersNotFound());
    }

    private static <T> T find(Map<String, T> map, String arn, AwsException notFound) {
        T value = map.get(arn);
        if (value == null) {
            throw notFound;
        }
        return value;
    }

    /**
     * Items selected by ARN (each must exist, else {@code arnsNotFound}) or by name (each must exist, else
     * {@code namesNotFound} of the missing names), or all when neither is given.
     */
    private static <T> List<T> select(QueryParams p, String arnsParam, List<String> names, Map<String, T> all,
                                      Function<T, String> name, AwsException arnsNotFound,
                                      Function<List<String>, AwsException> namesNotFound) {
        List<String> arns = p.list(arnsParam);
        if (arns != null && names != null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, arnsParam + " and Names: both given (expected: one of"
                    + " them)");
        }
        List<T> out = new ArrayList<>();
        if (arns != null) {
            arns.forEach(arn -> out.add(find(all, arn, arnsNotFound)));
        } else if (names != null) {
            List<String> missing = new ArrayList<>();
            for (String n : names) {
                all.values().stream().filter(v -> name.apply(v).equals(n)).findFirst()
                        .ifPresentOrElse(out::add, () -> missing.add(n));
            }
            if (!missing.isEmpty()) {
                throw namesNotFound.apply(missing);
            }
        } else {
            out.addAll(all.values());
        }
        return out;
    }

    private static Map<String, String> attributes(QueryParams p) {
        Map<String, String> changes = p.keyValues("Attributes");
        if (changes.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Attributes: missing (expected: at least one Key and"
                    + " Value)");
        }
        return changes;
    }

    private static List<String> required(QueryParams p, String name) {
        List<String> l = p.list(name);
        if (l == null || l.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, name + ": missing (expected: at least one value)");
        }
        return l;
    }

    private static List<String> certificates(QueryParams p) {
        List<QueryParams> members = p.members("Certificates");
        if (members == null || members.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Certificates: missing (expected: at least one"
                    + " CertificateArn)");
        }
        List<String> out = new ArrayList<>();
        members.forEach(m -> out.add(m.required("CertificateArn")));
        return out;
    }

    // ---- load balancers

    private void createLoadBalancer(QueryParams p, XmlWriter x) {
        LoadBalancerCommands.Create create = Elbv2Requests.loadBalancer(p);
        boolean existed = control.state().loadBalancers().values().stream().anyMatch(e -> e.model().name()
                .equals(create.name()));
        LoadBalancerEntry lb = control.loadBalancers().create(create);
        // AWS answers a new load balancer as provisioning (it becomes active once its nodes are up); an identical
        // create of an existing one answers it as it is.
        LoadBalancerState state = existed ? control.loadBalancerState(lb.arn()) : LoadBalancerState.PROVISIONING;
        Elbv2Xml.list(x, "LoadBalancers", List.of(lb), (w, e) -> Elbv2Xml.loadBalancer(w, e, state,
                s -> control.zoneOf(e.subnets(), s), control.vpcOf(e)));
    }

    private void writeLoadBalancer(XmlWriter x, LoadBalancerEntry lb) {
        Elbv2Xml.loadBalancer(x, lb, control.loadBalancerState(lb.arn()), s -> control.zoneOf(lb.subnets(), s),
                control.vpcOf(lb));
    }

    private void describeLoadBalancers(QueryParams p, XmlWriter x) {
        List<LoadBalancerEntry> found = select(p, "LoadBalancerArns", p.list("Names"), control.state().loadBalancers(),
                e -> e.model().name(), AwsMessages.loadBalancersNotFound(), AwsMessages::loadBalancersNotFound);
        Pager.Page<LoadBalancerEntry> page = Pager.page(found, p);
        Elbv2Xml.list(x, "LoadBalancers", page.items(), this::writeLoadBalancer);
        page.writeMarker(x);
    }

    private void setSubnets(QueryParams p, XmlWriter x) {
        List<String> subnets = p.list("Subnets");
        if (subnets == null && p.members("SubnetMappings") != null) {
            subnets = new ArrayList<>();
            for (QueryParams m : p.members("SubnetMappings")) {
                subnets.add(m.required("SubnetId"));
            }
        }
        LoadBalancerEntry lb = control.loadBalancers().setSubnets(p.required("LoadBalancerArn"),
                subnets == null ? List.of() : subnets);
        Elbv2Xml.availabilityZones(x, lb.subnets(), s -> control.zoneOf(lb.subnets(), s), lb.model());
        x.element("IpAddressType", lb.ipAddressType());
    }

    // ---- target groups

    private void createTargetGroup(QueryParams p, XmlWriter x) {
        TargetGroupEntry tg = control.targetGroups().create(Elbv2Requests.targetGroup(p));
        Elbv2Xml.list(x, "TargetGroups", List.of(tg), (w, t) -> Elbv2Xml.targetGroup(w, t, control.state()));
    }

    private void describeTargetGroups(QueryParams p, XmlWriter x) {
        ElbState state = control.state();
        String lbArn = p.get("LoadBalancerArn");
        List<TargetGroupEntry> found = select(p, "TargetGroupArns", p.list("Names"), state.targetGroups(),
                e -> e.model().name(), AwsMessages.targetGroupsNotFound(), missing -> AwsMessages.targetGroupsNotFound());
        if (lbArn != null) {
            lb(lbArn);
            found = found.stream().filter(tg -> ElbQueries.loadBalancersUsing(state, tg.arn()).contains(lbArn))
                    .toList();
        }
        Pager.Page<TargetGroupEntry> page = Pager.page(found, p);
        Elbv2Xml.list(x, "TargetGroups", page.items(), (w, t) -> Elbv2Xml.targetGroup(w, t, state));
        page.writeMarker(x);
    }

    private void describeTargetHealth(QueryParams p, XmlWriter x) {
        List<ElbControl.TargetHealthRow> rows = control.describeTargetHealth(p.required("TargetGroupArn"),
                Elbv2Requests.targets(p));
        Elbv2Xml.list(x, "TargetHealthDescriptions", rows, (w, r) -> {
            w.start("Target").element("Id", r.target().id()).element("Port", r.target().port())
                    .element("AvailabilityZone", r.target().availabilityZone()).end();
            w.element("HealthCheckPort", r.healthCheckPort());
            w.start("TargetHealth").element("State", r.health().state().wire())
                    .element("Reason", r.health().reason() == null ? null : r.health().reason().wire())
                    .element("Description", r.health().description()).end();
        });
    }

    // ---- listeners

    private void createListener(QueryParams p, XmlWriter x) {
        String lbArn = p.required("LoadBalancerArn");
        ListenerCommands.Settings settings = Elbv2Requests.listenerSettings(p, true);
        if (settings.protocol() == null) {
            LoadBalancerEntry lb = lb(lbArn);
            settings = new ListenerCommands.Settings(lb.model().type() == LoadBalancerType.APPLICATION
                    ? dev.ballast.core.model.Protocol.HTTP : dev.ballast.core.model.Protocol.TCP, settings.port(),
                    settings.defaultAction(), settings.sslPolicy(), settings.defaultCertificate(), settings.alpnPolicy());
        }
        ListenerEntry l = control.listeners().create(lbArn, settings, Elbv2Requests.tags(p));
        Elbv2Xml.list(x, "Listeners", List.of(l), Elbv2Xml::listener);
    }

    private void describeListeners(QueryParams p, XmlWriter x) {
        ElbState state = control.state();
        String lbArn = p.get("LoadBalancerArn");
        List<String> arns = p.list("ListenerArns");
        List<ListenerEntry> found = new ArrayList<>();
        if (lbArn != null && arns != null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerArn and ListenerArns: both given"
                    + " (expected: one of them)");
        } else if (lbArn != null) {
            lb(lbArn);
            state.listeners().values().stream().filter(l -> l.loadBalancerArn().equals(lbArn)).forEach(found::add);
        } else if (arns != null) {
            arns.forEach(a -> found.add(listener(a)));
        } else {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerArn: missing (expected: a load balancer"
                    + " ARN or ListenerArns)");
        }
        Pager.Page<ListenerEntry> page = Pager.page(found, p);
        Elbv2Xml.list(x, "Listeners", page.items(), Elbv2Xml::listener);
        page.writeMarker(x);
    }

    private void describeListenerCertificates(QueryParams p, XmlWriter x) {
        ListenerEntry l = listener(p.required("ListenerArn"));
        // "If the default certificate is also in the certificate list, it appears twice in the results (once with
        // IsDefault set to true and once with IsDefault set to false)." (API reference, DescribeListenerCertificates)
        List<Integer> positions = java.util.stream.IntStream.range(0, l.certificates().size()).boxed().toList();
        Pager.Page<Integer> page = Pager.page(positions, p);
        Elbv2Xml.list(x, "Certificates", page.items(), (w, i) -> w.element("CertificateArn", l.certificates().get(i))
                .element("IsDefault", i == 0));
        page.writeMarker(x);
    }

    // ---- rules

    private void createRule(QueryParams p, XmlWriter x) {
        Integer priority = p.integer("Priority");
        if (priority == null) {
            p.required("Priority");
        }
        Action action = Elbv2Requests.action(p, "Actions");
        if (action == null) {
            p.required("Actions");
        }
        List<dev.ballast.core.model.Condition> conditions = Elbv2Requests.conditions(p);
        RuleEntry rule = control.rules().create(p.required("ListenerArn"), priority,
                conditions == null ? List.of() : conditions, action, Elbv2Requests.tags(p));
        Elbv2Xml.list(x, "Rules", List.of(rule), Elbv2Xml::rule);
    }

    private void modifyRule(QueryParams p, XmlWriter x) {
        String arn = control.rules().modify(p.required("RuleArn"), Elbv2Requests.conditions(p),
                Elbv2Requests.action(p, "Actions"));
        Elbv2Xml.list(x, "Rules", List.of(arn), this::writeAnyRule);
    }

    private void writeAnyRule(XmlWriter x, String arn) {
        ElbState state = control.state();
        RuleEntry rule = state.rules().get(arn);
        if (rule != null) {
            Elbv2Xml.rule(x, rule);
            return;
        }
        ListenerEntry owner = state.listeners().values().stream().filter(l -> l.defaultRuleArn().equals(arn))
                .findFirst().orElseThrow(AwsMessages::rulesNotFound);
        Elbv2Xml.defaultRule(x, owner);
    }

    private void describeRules(QueryParams p, XmlWriter x) {
        ElbState state = control.state();
        String listenerArn = p.get("ListenerArn");
        List<String> arns = p.list("RuleArns");
        List<String> found = new ArrayList<>();
        if (listenerArn != null && arns != null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ListenerArn and RuleArns: both given (expected: one"
                    + " of them)");
        } else if (listenerArn != null) {
            ListenerEntry l = listener(listenerArn);
            state.rules().values().stream().filter(r -> r.listenerArn().equals(listenerArn))
                    .sorted(java.util.Comparator.comparingInt(RuleEntry::priority)).forEach(r -> found.add(r.arn()));
            found.add(l.defaultRuleArn());
        } else if (arns != null) {
            for (String arn : arns) {
                boolean exists = state.rules().containsKey(arn) || state.listeners().values().stream()
                        .anyMatch(l -> l.defaultRuleArn().equals(arn));
                if (!exists) {
                    throw AwsMessages.rulesNotFound();
                }
                found.add(arn);
            }
        } else {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ListenerArn: missing (expected: a listener ARN or"
                    + " RuleArns)");
        }
        Pager.Page<String> page = Pager.page(found, p);
        Elbv2Xml.list(x, "Rules", page.items(), this::writeAnyRule);
        page.writeMarker(x);
    }

    private void setRulePriorities(QueryParams p, XmlWriter x) {
        List<QueryParams> members = p.members("RulePriorities");
        Map<String, Integer> priorities = new LinkedHashMap<>();
        if (members != null) {
            for (QueryParams m : members) {
                Integer priority = m.integer("Priority");
                if (priority == null) {
                    m.required("Priority");
                }
                priorities.put(m.required("RuleArn"), priority);
            }
        }
        List<RuleEntry> changed = control.rules().setPriorities(priorities);
        Elbv2Xml.list(x, "Rules", changed, Elbv2Xml::rule);
    }

    // ---- tags, policies, limits

    private void describeTags(QueryParams p, XmlWriter x) {
        List<String> arns = required(p, "ResourceArns");
        ElbState state = control.state();
        List<Map.Entry<String, Map<String, String>>> rows = new ArrayList<>();
        arns.forEach(arn -> rows.add(Map.entry(arn, TagCommands.tagsOf(state, arn).values())));
        Elbv2Xml.list(x, "TagDescriptions", rows, (w, row) -> {
            w.element("ResourceArn", row.getKey());
            Elbv2Xml.list(w, "Tags", row.getValue().entrySet(), (t, e) -> t.element("Key", e.getKey())
                    .element("Value", e.getValue()));
        });
    }

    private void describeSslPolicies(QueryParams p, XmlWriter x) {
        List<String> names = p.list("Names");
        String lbType = p.get("LoadBalancerType");
        List<SslPolicies.Policy> found = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            found.addAll(SslPolicies.ALL);
        } else {
            for (String n : names) {
                SslPolicies.Policy policy = SslPolicies.find(n);
                if (policy == null) {
                    throw new AwsException(AwsError.SSL_POLICY_NOT_FOUND, "SSL policy '" + n + "' not found");
                }
                found.add(policy);
            }
        }
        if (lbType != null) {
            found.removeIf(policy -> !policy.loadBalancerTypes().contains(lbType));
        }
        Pager.Page<SslPolicies.Policy> page = Pager.page(found, p);
        Elbv2Xml.list(x, "SslPolicies", page.items(), (w, policy) -> {
            // Members in the service model's order (SslProtocols, Ciphers, Name, ...), as AWS writes them.
            Elbv2Xml.strings(w, "SslProtocols", policy.protocols());
            List<Integer> order = new ArrayList<>();
            for (int i = 1; i <= policy.ciphers().size(); i++) {
                order.add(i);
            }
            Elbv2Xml.list(w, "Ciphers", order, (c, i) -> c.element("Name", policy.ciphers().get(i - 1))
                    .element("Priority", i));
            w.element("Name", policy.name());
            Elbv2Xml.strings(w, "SupportedLoadBalancerTypes", policy.loadBalancerTypes());
        });
        page.writeMarker(x);
    }

    private void describeAccountLimits(QueryParams p, XmlWriter x) {
        List<Map.Entry<String, Integer>> limits = new ArrayList<>(control.settings().limits().values().entrySet());
        Pager.Page<Map.Entry<String, Integer>> page = Pager.page(limits, p);
        Elbv2Xml.list(x, "Limits", page.items(), (w, e) -> w.element("Name", e.getKey()).element("Max",
                String.valueOf(e.getValue())));
        page.writeMarker(x);
    }
}

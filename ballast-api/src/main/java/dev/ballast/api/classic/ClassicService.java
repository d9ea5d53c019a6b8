package dev.ballast.api.classic;

import dev.ballast.api.query.MemberConstraints;
import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.query.QueryService;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.classic.ClassicAttributes;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.validation.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Classic Load Balancer API ({@code Version=2012-06-01}) over the Query protocol, beside ELBv2 on the same
 * endpoint: each action reads its parameters, calls the classic control plane and writes AWS's result shape.
 * Errors use the Classic API's codes and statuses ({@code InvalidConfigurationRequest} is 409 here).
 *
 * <p>Thread-safe: reads use the latest committed state; writes go through the control plane's single writer.
 */
public final class ClassicService implements QueryService {
    /** The API version. */
    public static final String VERSION = "2012-06-01";
    /** The XML namespace of its responses. */
    public static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";
    private static final int MAX_PAGE = 400;

    private final ClassicControl control;
    private final Map<String, QueryAction> actions;

    /** The service over {@code control}. */
    public ClassicService(ClassicControl control) {
        this.control = control;
        Map<String, QueryAction> a = new LinkedHashMap<>();
        a.put("CreateLoadBalancer", (p, x) -> x.element("DNSName", control.create(new ClassicControl.Create(
                p.required("LoadBalancerName"), ClassicRequests.listeners(p), p.list("AvailabilityZones"),
                p.list("Subnets"), p.list("SecurityGroups"), ClassicRequests.scheme(p.get("Scheme")), tags(p)))
                .dnsName()));
        a.put("DescribeLoadBalancers", this::describeLoadBalancers);
        a.put("ApplySecurityGroupsToLoadBalancer", (p, x) -> x.strings("SecurityGroups", control.applySecurityGroups(
                p.required("LoadBalancerName"), p.list("SecurityGroups")).securityGroups()));
        a.put("DeleteLoadBalancer", (p, x) -> control.delete(p.required("LoadBalancerName")));
        a.put("CreateLoadBalancerListeners", (p, x) -> control.createListeners(p.required("LoadBalancerName"),
                ClassicRequests.listeners(p)));
        a.put("SetLoadBalancerListenerSSLCertificate", (p, x) -> control.setListenerCertificate(
                p.required("LoadBalancerName"), required(p.integer("LoadBalancerPort"), "LoadBalancerPort"),
                p.required("SSLCertificateId")));
        a.put("DeleteLoadBalancerListeners", (p, x) -> control.deleteListeners(p.required("LoadBalancerName"),
                ports(p)));
        a.put("ConfigureHealthCheck", (p, x) -> ClassicXml.healthCheck(x, control.configureHealthCheck(
                p.required("LoadBalancerName"), ClassicRequests.healthCheck(p))));
        a.put("RegisterInstancesWithLoadBalancer", (p, x) -> instances(x, control.register(
                p.required("LoadBalancerName"), instanceIds(p, true))));
        a.put("DeregisterInstancesFromLoadBalancer", (p, x) -> instances(x, control.deregister(
                p.required("LoadBalancerName"), instanceIds(p, true))));
        a.put("DescribeInstanceHealth", (p, x) -> x.members("InstanceStates",
                control.instanceHealth(p.required("LoadBalancerName"), instanceIds(p, false)),
                (w, s) -> w.element("InstanceId", s.instanceId()).element("State", s.state())
                        .element("ReasonCode", s.reasonCode()).element("Description", s.description())));
        a.put("DescribeLoadBalancerAttributes", (p, x) -> ClassicXml.attributes(x,
                control.get(p.required("LoadBalancerName")).attributes()));
        a.put("ModifyLoadBalancerAttributes", this::modifyAttributes);
        a.put("AddTags", (p, x) -> control.addTags(names(p, 1), tagList(p)));
        a.put("RemoveTags", (p, x) -> control.removeTags(names(p, 1), tagKeys(p)));
        a.put("DescribeTags", (p, x) -> x.members("TagDescriptions", names(p, 20).stream()
                .map(control::get).toList(), (w, lb) -> w.element("LoadBalancerName", lb.name())
                .members("Tags", lb.tags().values().entrySet(),
                        (t, e) -> t.element("Key", e.getKey()).element("Value", e.getValue()))));
        a.put("AttachLoadBalancerToSubnets", (p, x) -> x.strings("Subnets", control.attachSubnets(
                p.required("LoadBalancerName"), p.listOrEmpty("Subnets"))));
        a.put("DetachLoadBalancerFromSubnets", (p, x) -> x.strings("Subnets", control.detachSubnets(
                p.required("LoadBalancerName"), p.listOrEmpty("Subnets"))));
        ClassicPolicyActions.register(a, control.policies());
        this.actions = Map.copyOf(wrapped(a));
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
        return ClassicConstraints.ALL;
    }

    /** Model validation failures are ValidationError; the shared InvalidConfigurationRequest becomes 409. */
    private static Map<String, QueryAction> wrapped(Map<String, QueryAction> actions) {
        Map<String, QueryAction> out = new LinkedHashMap<>();
        actions.forEach((name, action) -> out.put(name, (p, x) -> {
            try {
                action.handle(p, x);
            } catch (AwsException e) {
                if (e.error() == AwsError.INVALID_CONFIGURATION_REQUEST) {
                    throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, e.getMessage());
                }
                throw e;
            } catch (ValidationException e) {
                throw new AwsException(AwsError.VALIDATION_ERROR, e.getMessage());
            }
        }));
        return out;
    }

    private void describeLoadBalancers(QueryParams p, XmlWriter x) {
        List<String> names = p.listOrEmpty("LoadBalancerNames");
        List<ClassicLoadBalancer> all;
        if (names.isEmpty()) {
            all = new ArrayList<>(control.state().loadBalancers().values());
        } else {
            all = new ArrayList<>();
            for (String name : names) {
                ClassicLoadBalancer lb = control.state().loadBalancers().get(name);
                if (lb == null) {
                    throw AwsMessages.classicLoadBalancerNotFound(name);
                }
                all.add(lb);
            }
        }
        Integer pageSize = p.integer("PageSize");
        if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "PageSize: " + pageSize + " (expected: 1-400)");
        }
        int start = 0;
        String marker = p.get("Marker");
        if (marker != null && !marker.isEmpty()) {
            start = indexAfter(all, marker);
        }
        int end = Math.min(all.size(), start + (pageSize == null ? MAX_PAGE : pageSize));
        x.members("LoadBalancerDescriptions", all.subList(start, end),
                (w, lb) -> ClassicXml.description(w, lb, control.vpcId()));
        if (end < all.size()) {
            x.element("NextMarker", all.get(end - 1).name());
        }
    }

    private static int indexAfter(List<ClassicLoadBalancer> all, String marker) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(marker)) {
                return i + 1;
            }
        }
        throw new AwsException(AwsError.VALIDATION_ERROR, "Marker: " + marker + " (expected: a NextMarker value)");
    }

    private void modifyAttributes(QueryParams p, XmlWriter x) {
        String name = p.required("LoadBalancerName");
        QueryParams a = p.struct("LoadBalancerAttributes");
        if (a == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerAttributes: missing (expected: a value)");
        }
        var result = control.modifyAttributes(name, new ClassicControl.AttributeChange(
                a.bool("CrossZoneLoadBalancing.Enabled"), a.bool("ConnectionDraining.Enabled"),
                a.integer("ConnectionDraining.Timeout"), a.integer("ConnectionSettings.IdleTimeout"),
                a.bool("AccessLog.Enabled"), a.get("AccessLog.S3BucketName"), a.integer("AccessLog.EmitInterval"),
                a.get("AccessLog.S3BucketPrefix"), desyncMode(a)));
        x.element("LoadBalancerName", name);
        ClassicXml.attributes(x, result);
    }

    /** The one additional attribute AWS documents; any other key is refused. */
    private static String desyncMode(QueryParams attributes) {
        List<QueryParams> additional = attributes.members("AdditionalAttributes");
        String mode = null;
        for (QueryParams kv : additional == null ? List.<QueryParams>of() : additional) {
            String key = kv.required("Key");
            if (!key.equals(ClassicAttributes.DESYNC_MITIGATION_MODE)) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "AdditionalAttributes: " + key
                        + " (expected: " + ClassicAttributes.DESYNC_MITIGATION_MODE + ")");
            }
            mode = kv.get("Value");
        }
        return mode;
    }

    private static List<Integer> ports(QueryParams p) {
        List<String> values = p.list("LoadBalancerPorts");
        if (values == null || values.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerPorts: missing (expected: ports)");
        }
        List<Integer> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerPorts: " + v + " (expected: a port)");
            }
        }
        return out;
    }

    private static List<String> instanceIds(QueryParams p, boolean required) {
        List<QueryParams> members = p.members("Instances");
        if (members == null || members.isEmpty()) {
            if (required) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "Instances: missing (expected: instances)");
            }
            return List.of();
        }
        return members.stream().map(m -> m.required("InstanceId")).toList();
    }

    private static void instances(XmlWriter x, List<String> ids) {
        x.members("Instances", ids, (w, id) -> w.element("InstanceId", id));
    }

    private static List<Tags.Tag> tags(QueryParams p) {
        List<Tags.Tag> out = new ArrayList<>();
        p.keyValues("Tags").forEach((k, v) -> out.add(new Tags.Tag(k, v)));
        return out;
    }

    private static List<Tags.Tag> tagList(QueryParams p) {
        List<Tags.Tag> out = tags(p);
        if (out.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Tags: missing (expected: at least one tag)");
        }
        return out;
    }

    private static List<String> tagKeys(QueryParams p) {
        List<QueryParams> members = p.members("Tags");
        if (members == null || members.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Tags: missing (expected: at least one tag key)");
        }
        return members.stream().map(m -> m.required("Key")).toList();
    }

    private static List<String> names(QueryParams p, int max) {
        List<String> names = p.listOrEmpty("LoadBalancerNames");
        if (names.isEmpty() || names.size() > max) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "LoadBalancerNames: " + names.size()
                    + " names (expected: 1-" + max + ")");
        }
        return names;
    }

    private static int required(Integer value, String field) {
        if (value == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, field + ": missing (expected: a port)");
        }
        return value;
    }
}

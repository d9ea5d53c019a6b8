package dev.ballast.api.route53;

import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.ErrorResponseWriter;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.DnsNames;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.HostedZoneEntry;
import dev.ballast.control.route53.HostedZoneVpc;
import dev.ballast.control.route53.RecordSetChange;
import dev.ballast.control.route53.RecordSetCommands;
import dev.ballast.control.route53.Route53Change;
import dev.ballast.core.dns.AliasTarget;
import dev.ballast.core.dns.ResourceRecordSet;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Route 53 API subset over REST-XML under {@code /2013-04-01/}: hosted zones (create, get, list, list by name,
 * delete), record sets (change in atomic batches, list with Route 53's order and paging), GetChange (INSYNC at once,
 * so {@code aws route53 wait resource-record-sets-changed} returns on its first call) and hosted zone tags. Routes
 * by method and path; errors are Route 53's {@code ErrorResponse} documents.
 *
 * <p>Thread-safe: stateless apart from the commands, which serialise writes themselves.
 */
public final class Route53Service {
    /** The path prefix of every Route 53 operation. */
    public static final String PATH_PREFIX = "/2013-04-01/";
    /** The SigV4 signing name of Route 53. */
    public static final String SIGNING_NAME = "route53";
    private static final Logger log = LoggerFactory.getLogger(Route53Service.class);
    private static final int MAX_ZONES_PER_PAGE = 100;

    private final HostedZoneCommands zones;
    private final RecordSetCommands recordSets;

    /** The Route 53 API on {@code zones} and {@code recordSets}. */
    public Route53Service(HostedZoneCommands zones, RecordSetCommands recordSets) {
        this.zones = zones;
        this.recordSets = recordSets;
    }

    /** True when {@code rawPath} is a Route 53 path. */
    public static boolean serves(String rawPath) {
        return rawPath.startsWith(PATH_PREFIX);
    }

    /** Answers the request {@code method} {@code rawPath}?{@code rawQuery} with {@code body}. */
    public ApiResponse answer(String method, String rawPath, String rawQuery, byte[] body, String requestId) {
        try {
            return route(method, segments(rawPath), QueryParams.parse(rawQuery == null ? "" : rawQuery), body,
                    requestId);
        } catch (AwsException e) {
            return error(e.error(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            log.error("Route 53 {} {} failed", method, rawPath, e);
            return error(AwsError.INTERNAL_FAILURE, "Internal failure: " + e.getClass().getSimpleName(), requestId);
        }
    }

    /** A Route 53 error document. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        return ErrorResponseWriter.render(Route53Xml.NAMESPACE, error, message, requestId);
    }

    private ApiResponse route(String method, List<String> path, QueryParams query, byte[] body, String requestId) {
        String resource = path.isEmpty() ? "" : path.get(0);
        switch (resource + "/" + path.size() + " " + method) {
            case "hostedzone/1 POST":
                return createHostedZone(body, requestId);
            case "hostedzone/1 GET":
                return listHostedZones(query, requestId);
            case "hostedzone/2 GET":
                return getHostedZone(path.get(1), requestId);
            case "hostedzone/2 DELETE":
                return ok(Route53Xml.root("DeleteHostedZoneResponse"), x -> Route53Xml.changeInfo(x,
                        zones.delete(path.get(1))), requestId);
            case "hostedzone/3 POST":
                return rrsetPath(path).changeResourceRecordSets(path.get(1), body, requestId);
            case "hostedzone/3 GET":
                return rrsetPath(path).listResourceRecordSets(path.get(1), query, requestId);
            case "hostedzonesbyname/1 GET":
                return listHostedZonesByName(query, requestId);
            case "change/2 GET":
                return ok(Route53Xml.root("GetChangeResponse"), x -> Route53Xml.changeInfo(x,
                        zones.change(path.get(1))), requestId);
            case "tags/3 POST":
                return changeTags(path.get(1), path.get(2), body, requestId);
            case "tags/3 GET":
                return listTags(path.get(1), path.get(2), requestId);
            default:
                throw new AwsException(AwsError.INVALID_INPUT, method + " " + PATH_PREFIX + String.join("/", path)
                        + " (expected: a Route 53 operation Ballast serves: hostedzone, hostedzone/{Id}, "
                        + "hostedzone/{Id}/rrset, hostedzonesbyname, change/{Id}, tags/hostedzone/{Id})");
        }
    }

    private Route53Service rrsetPath(List<String> path) {
        if (!path.get(2).equals("rrset")) {
            throw new AwsException(AwsError.INVALID_INPUT, PATH_PREFIX + String.join("/", path)
                    + " (expected: hostedzone/{Id}/rrset)");
        }
        return this;
    }

    private ApiResponse createHostedZone(byte[] body, String requestId) {
        XmlRequest request = XmlRequest.parse(body, "CreateHostedZoneRequest");
        XmlRequest config = request.child("HostedZoneConfig");
        XmlRequest vpc = request.child("VPC");
        HostedZoneCommands.Created created = zones.create(new HostedZoneCommands.Create(request.text("Name"),
                request.text("CallerReference"), config == null ? null : config.text("Comment"),
                config == null ? null : config.bool("PrivateZone"),
                vpc == null ? null : new HostedZoneVpc(vpc.text("VPCRegion"), vpc.text("VPCId"))));
        HostedZoneEntry zone = created.zone();
        XmlWriter xml = Route53Xml.root("CreateHostedZoneResponse");
        Route53Xml.hostedZone(xml, zone);
        Route53Xml.changeInfo(xml, created.change());
        if (zone.privateZone()) {
            Route53Xml.vpc(xml, zone.vpcs().get(0));
        } else {
            Route53Xml.delegation(xml, zone);
        }
        return new ApiResponse(201, xml.end().toString(), requestId, "text/xml",
                "https://route53.amazonaws.com" + PATH_PREFIX + "hostedzone/" + zone.id());
    }

    private ApiResponse getHostedZone(String id, String requestId) {
        HostedZoneEntry zone = zones.find(id);
        XmlWriter xml = Route53Xml.root("GetHostedZoneResponse");
        Route53Xml.hostedZone(xml, zone);
        Route53Xml.delegation(xml, zone);
        return new ApiResponse(200, xml.end().toString(), requestId);
    }

    private ApiResponse listHostedZones(QueryParams query, String requestId) {
        int max = maxItems(query, MAX_ZONES_PER_PAGE);
        List<HostedZoneEntry> all = zones.list();
        String marker = query.get("marker");
        int from = 0;
        if (marker != null) {
            from = indexOf(all, marker);
            if (from < 0) {
                throw new AwsException(AwsError.INVALID_INPUT, "marker: " + marker + " (expected: a NextMarker "
                        + "from an earlier ListHostedZones)");
            }
        }
        int to = Math.min(all.size(), from + max);
        XmlWriter xml = Route53Xml.root("ListHostedZonesResponse").start("HostedZones");
        all.subList(from, to).forEach(z -> Route53Xml.hostedZone(xml, z));
        xml.end().element("Marker", marker == null ? "" : marker)
                .element("IsTruncated", to < all.size())
                .element("NextMarker", to < all.size() ? all.get(to).id() : null)
                .element("MaxItems", max);
        return new ApiResponse(200, xml.end().toString(), requestId);
    }

    private ApiResponse listHostedZonesByName(QueryParams query, String requestId) {
        int max = maxItems(query, MAX_ZONES_PER_PAGE);
        String dnsName = query.get("dnsname");
        String zoneId = query.get("hostedzoneid");
        if (zoneId != null && dnsName == null) {
            throw new AwsException(AwsError.INVALID_INPUT, "hostedzoneid: " + zoneId + " (expected: only together "
                    + "with dnsname)");
        }
        List<HostedZoneEntry> all = zones.listByName();
        int from = 0;
        if (dnsName != null) {
            String start = sortKey(dnsName);
            while (from < all.size() && (sortKey(all.get(from).name()).compareTo(start) < 0
                    || zoneId != null && sortKey(all.get(from).name()).equals(start)
                    && all.get(from).id().compareTo(zoneId) < 0)) {
                from++;
            }
        }
        int to = Math.min(all.size(), from + max);
        boolean truncated = to < all.size();
        XmlWriter xml = Route53Xml.root("ListHostedZonesByNameResponse").start("HostedZones");
        all.subList(from, to).forEach(z -> Route53Xml.hostedZone(xml, z));
        xml.end().element("DNSName", dnsName)
                .element("HostedZoneId", zoneId)
                .element("IsTruncated", truncated)
                .element("NextDNSName", truncated ? all.get(to).name() : null)
                .element("NextHostedZoneId", truncated ? all.get(to).id() : null)
                .element("MaxItems", max);
        return new ApiResponse(200, xml.end().toString(), requestId);
    }

    private ApiResponse changeResourceRecordSets(String zoneId, byte[] body, String requestId) {
        XmlRequest request = XmlRequest.parse(body, "ChangeResourceRecordSetsRequest");
        XmlRequest batch = request.child("ChangeBatch");
        if (batch == null) {
            throw new AwsException(AwsError.INVALID_INPUT, "ChangeBatch: (none) (expected: a ChangeBatch with "
                    + "Changes)");
        }
        List<RecordSetChange> changes = new ArrayList<>();
        for (XmlRequest change : batch.list("Changes", "Change")) {
            XmlRequest set = change.child("ResourceRecordSet");
            if (set == null) {
                throw new AwsException(AwsError.INVALID_INPUT, "Change.ResourceRecordSet: (none) (expected: a "
                        + "ResourceRecordSet)");
            }
            changes.add(new RecordSetChange(change.text("Action"), recordSet(set)));
        }
        Route53Change change = recordSets.change(zoneId, batch.text("Comment"), changes);
        return ok(Route53Xml.root("ChangeResourceRecordSetsResponse"), x -> Route53Xml.changeInfo(x, change),
                requestId);
    }

    private static ResourceRecordSet recordSet(XmlRequest set) {
        if (set.text("HealthCheckId") != null) {
            // Ballast has no Route 53 health checks, so every id names one that does not exist.
            throw noSuchHealthCheck(set.text("HealthCheckId"));
        }
        XmlRequest alias = set.child("AliasTarget");
        List<String> values = set.list("ResourceRecords", "ResourceRecord").stream()
                .map(r -> r.text("Value") == null ? "" : r.text("Value")).toList();
        AliasTarget target = alias == null ? null : new AliasTarget(alias.text("HostedZoneId"), alias.text("DNSName"),
                Boolean.TRUE.equals(alias.bool("EvaluateTargetHealth")));
        return new ResourceRecordSet(set.text("Name"), set.text("Type"), set.number("TTL"), values, target,
                set.text("SetIdentifier"), set.number("Weight"), set.bool("MultiValueAnswer"));
    }

    private ApiResponse listResourceRecordSets(String zoneId, QueryParams query, String requestId) {
        RecordSetCommands.Page page = recordSets.list(zoneId, query.get("name"), query.get("type"),
                query.get("identifier"), query.has("maxitems") ? maxItems(query, Integer.MAX_VALUE) : null);
        XmlWriter xml = Route53Xml.root("ListResourceRecordSetsResponse").start("ResourceRecordSets");
        page.recordSets().forEach(s -> Route53Xml.recordSet(xml, s));
        xml.end().element("IsTruncated", page.truncated())
                .element("NextRecordName", page.nextName())
                .element("NextRecordType", page.nextType())
                .element("NextRecordIdentifier", page.nextIdentifier())
                .element("MaxItems", page.maxItems());
        return new ApiResponse(200, xml.end().toString(), requestId);
    }

    private ApiResponse changeTags(String type, String id, byte[] body, String requestId) {
        checkTaggable(type, id);
        XmlRequest request = XmlRequest.parse(body, "ChangeTagsForResourceRequest");
        Map<String, String> add = new LinkedHashMap<>();
        for (XmlRequest tag : request.list("AddTags", "Tag")) {
            String key = tag.text("Key");
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw new AwsException(AwsError.INVALID_INPUT, "Tag.Key: " + key + " (expected: 1-128 characters)");
            }
            String value = tag.text("Value") == null ? "" : tag.text("Value");
            if (value.length() > 256) {
                throw new AwsException(AwsError.INVALID_INPUT, "Tag.Value: " + value.length() + " characters "
                        + "(expected: at most 256)");
            }
            add.put(key, value);
        }
        List<String> remove = request.list("RemoveTagKeys", "Key").stream().map(XmlRequest::value).toList();
        zones.changeTags(id, add, remove);
        return new ApiResponse(200, Route53Xml.root("ChangeTagsForResourceResponse").end().toString(), requestId);
    }

    private ApiResponse listTags(String type, String id, String requestId) {
        checkTaggable(type, id);
        HostedZoneEntry zone = zones.find(id);
        XmlWriter xml = Route53Xml.root("ListTagsForResourceResponse").start("ResourceTagSet")
                .element("ResourceType", "hostedzone")
                .element("ResourceId", zone.id())
                .start("Tags");
        zone.tags().forEach((k, v) -> xml.start("Tag").element("Key", k).element("Value", v).end());
        return new ApiResponse(200, xml.end().end().end().toString(), requestId);
    }

    private static AwsException noSuchHealthCheck(String id) {
        return new AwsException(AwsError.NO_SUCH_HEALTH_CHECK, "No health check found with ID " + id);
    }

    private static void checkTaggable(String type, String id) {
        if (type.equals("healthcheck")) {
            throw noSuchHealthCheck(id);
        }
        if (!type.equals("hostedzone")) {
            throw new AwsException(AwsError.INVALID_INPUT, "ResourceType: " + type + " (expected: hostedzone or "
                    + "healthcheck)");
        }
    }

    private static ApiResponse ok(XmlWriter xml, java.util.function.Consumer<XmlWriter> content, String requestId) {
        content.accept(xml);
        return new ApiResponse(200, xml.end().toString(), requestId);
    }

    private static int maxItems(QueryParams query, int limit) {
        String text = query.get("maxitems");
        if (text == null) {
            return limit;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return Math.min(value, limit);
        } catch (NumberFormatException e) {
            throw new AwsException(AwsError.INVALID_INPUT, "maxitems: " + text + " (expected: a positive whole "
                    + "number)");
        }
    }

    private static int indexOf(List<HostedZoneEntry> all, String id) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String sortKey(String name) {
        try {
            return DnsNames.sortKey(DnsNames.normalize(name));
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.INVALID_DOMAIN_NAME, "dnsname: " + name + " (expected: a domain name; "
                    + e.getMessage() + ")");
        }
    }

    /** The path after {@code /2013-04-01/}, split at slashes and percent-decoded, without empty segments. */
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.substring(PATH_PREFIX.length()).split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }
}

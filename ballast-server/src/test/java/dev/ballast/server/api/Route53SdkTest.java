package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.route53.model.VPCRegion;

/**
 * The Route 53 API driven by the AWS SDK for Java v2, and Ballast's DNS answering what it configured: private and
 * public hosted zones, atomic change batches with Route 53's errors, Route 53's listing order and paging, aliases to
 * load balancers, tags, persistence across a restart.
 */
@Timeout(120)
class Route53SdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Route53Client route53;
    private ElasticLoadBalancingV2Client elbv2;
    private DnsLookup dns;

    @BeforeEach
    void start() throws IOException {
        open();
    }

    private void open() throws IOException {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        route53 = ApiTestSupport.route53Client(plane.apiAddress(), "test", "test");
        elbv2 = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        dns = new DnsLookup(plane.dnsAddress());
    }

    @AfterEach
    void stop() {
        route53.close();
        elbv2.close();
        plane.close();
    }

    @Test
    void privateZoneCnameToTheInternalAlbAnswersTheCnameAndTheAlbsAddress() throws IOException {
        LoadBalancer alb = elbv2.createLoadBalancer(r -> r.name("service-a-lb")
                .scheme(LoadBalancerSchemeEnum.INTERNAL)).loadBalancers().get(0);
        String albAddress = dns.address(alb.dnsName());
        CreateHostedZoneResponse created = route53.createHostedZone(r -> r.name("in.example.com")
                .callerReference("s2-1").hostedZoneConfig(c -> c.privateZone(true).comment("scenario S2"))
                .vpc(v -> v.vpcRegion(VPCRegion.US_EAST_1).vpcId("vpc-local")));
        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.location()).endsWith("/2013-04-01/hostedzone/" + created.hostedZone().id());
        assertThat(created.hostedZone().name()).isEqualTo("in.example.com.");
        assertThat(created.hostedZone().config().privateZone()).isTrue();
        assertThat(created.vpc().vpcId()).isEqualTo("vpc-local");

        String changeId = route53.changeResourceRecordSets(r -> r.hostedZoneId(created.hostedZone().id())
                .changeBatch(b -> b.changes(upsert("service-a.in.example.com", RRType.CNAME, 60,
                        alb.dnsName())))).changeInfo().id();
        assertThat(route53.getChange(r -> r.id(changeId)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);

        Message answer = query("service-a.in.example.com", Type.A);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly(alb.dnsName() + ".", albAddress);
        assertThat(answer.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(60);
        assertThat(query("nothing.in.example.com", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(query("nothing.in.example.com", Type.A).getSection(Section.AUTHORITY))
                .singleElement().satisfies(soa -> assertThat(soa.getType()).isEqualTo(Type.SOA));
    }

    @Test
    void everyRecordTypeIsAnsweredAsStored() throws IOException {
        String zone = publicZone("example.net", "types");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                upsert("www.example.net", RRType.A, 300, "192.0.2.1", "192.0.2.2"),
                upsert("www.example.net", RRType.AAAA, 300, "2001:db8::1"),
                upsert("example.net", RRType.MX, 300, "10 mail.example.net."),
                upsert("example.net", RRType.TXT, 300, "\"v=spf1 -all\""),
                upsert("_http._tcp.example.net", RRType.SRV, 300, "1 1 80 www.example.net."),
                upsert("sub.example.net", RRType.NS, 300, "ns1.elsewhere.org."),
                upsert("*.apps.example.net", RRType.A, 60, "192.0.2.9"))));

        assertThat(rdata("www.example.net", Type.A)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
        assertThat(rdata("www.example.net", Type.AAAA))
                .containsExactly(java.net.InetAddress.getByName("2001:db8::1").getHostAddress());
        assertThat(rdata("EXAMPLE.net", Type.MX)).singleElement().asString().isEqualToIgnoringCase("10 mail.example.net.");
        assertThat(rdata("example.net", Type.TXT)).containsExactly("\"v=spf1 -all\"");
        assertThat(rdata("_http._tcp.example.net", Type.SRV)).containsExactly("1 1 80 www.example.net.");
        assertThat(rdata("sub.example.net", Type.NS)).containsExactly("ns1.elsewhere.org.");
        assertThat(rdata("anything.apps.example.net", Type.A)).containsExactly("192.0.2.9");
        assertThat(rdata("example.net", Type.SOA)).singleElement().asString().startsWith("ns.ballast.localhost.");
    }

    @Test
    void aBatchWithOneBadChangeChangesNothingAndSaysWhyInRoute53sWords() throws IOException {
        String zone = publicZone("example.org", "atomic");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                create("taken.example.org", RRType.A, 60, "192.0.2.1"))));

        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        create("fresh.example.org", RRType.A, 60, "192.0.2.2"),
                        create("taken.example.org", RRType.A, 60, "192.0.2.3")))),
                "InvalidChangeBatch", 400, "[Tried to create resource record set [name='taken.example.org.', "
                        + "type='A'] but it already exists]");
        assertThat(query("fresh.example.org", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        create("bad.example.org", RRType.A, 60, "1.2.3")))),
                "InvalidChangeBatch", 400, "[Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address "
                        + "(Value is not a valid IPv4 address) encountered with '1.2.3'']");
        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        Change.builder().action(ChangeAction.DELETE).resourceRecordSet(set("gone.example.org",
                                RRType.A, 60, "192.0.2.1")).build()))),
                "InvalidChangeBatch", 400, "[Tried to delete resource record set [name='gone.example.org.', "
                        + "type='A'] but it was not found]");
        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        create("taken.example.org", RRType.CNAME, 60, "elsewhere.example.org")))),
                "InvalidChangeBatch", 400, "[RRSet of type CNAME with DNS name taken.example.org. is not permitted "
                        + "as it conflicts with other records with the same DNS name in zone example.org.]");
        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        create("www.example.com", RRType.A, 60, "192.0.2.1")))),
                "InvalidChangeBatch", 400, "[RRSet with DNS name www.example.com. is not permitted in zone "
                        + "example.org.]");
        assertThat(rdata("taken.example.org", Type.A)).containsExactly("192.0.2.1");
    }

    @Test
    void zonesAreListedGotAndDeletedOnlyWhenEmpty() {
        String b = publicZone("b.example.com", "list-b");
        String a = publicZone("a.example.com", "list-a");
        String c = publicZone("example.com", "list-c");

        assertThat(route53.listHostedZones().hostedZones()).extracting(HostedZone::id).containsExactly(b, a, c);
        assertThat(route53.listHostedZonesByName().hostedZones()).extracting(HostedZone::name)
                .containsExactly("example.com.", "a.example.com.", "b.example.com.");
        assertThat(route53.listHostedZonesPaginator(r -> r.maxItems("1")).hostedZones().stream().map(HostedZone::id))
                .containsExactly(b, a, c);
        assertThat(route53.getHostedZone(r -> r.id(a)).hostedZone().resourceRecordSetCount()).isEqualTo(2);
        assertThat(route53.getHostedZone(r -> r.id(a)).delegationSet().nameServers())
                .containsExactly("ns.ballast.localhost.");
        assertError(() -> route53.createHostedZone(r -> r.name("again.example.com").callerReference("list-a")),
                "HostedZoneAlreadyExists", 409, "A hosted zone has already been created with the specified caller "
                        + "reference.");

        route53.changeResourceRecordSets(r -> r.hostedZoneId(a).changeBatch(x -> x.changes(
                create("www.a.example.com", RRType.A, 60, "192.0.2.1"))));
        assertError(() -> route53.deleteHostedZone(r -> r.id(a)), "HostedZoneNotEmpty", 400,
                "The specified hosted zone contains non-required resource record sets and so cannot be deleted.");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(a).changeBatch(x -> x.changes(
                Change.builder().action(ChangeAction.DELETE).resourceRecordSet(set("www.a.example.com", RRType.A,
                        60, "192.0.2.1")).build())));
        assertThat(route53.deleteHostedZone(r -> r.id(a)).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
        assertError(() -> route53.getHostedZone(r -> r.id(a)), "NoSuchHostedZone", 404,
                "No hosted zone found with ID: " + a);
    }

    @Test
    void recordSetsAreListedInRoute53sOrderAndPaged() {
        String zone = publicZone("example.io", "order");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                upsert("b.example.io", RRType.A, 60, "192.0.2.2"),
                upsert("a.b.example.io", RRType.A, 60, "192.0.2.3"),
                upsert("a.example.io", RRType.TXT, 60, "\"t\""),
                upsert("a.example.io", RRType.A, 60, "192.0.2.1"),
                upsert("*.example.io", RRType.A, 60, "192.0.2.4"))));
        List<String> expected = List.of("example.io. NS", "example.io. SOA", "\\052.example.io. A",
                "a.example.io. A", "a.example.io. TXT", "b.example.io. A", "a.b.example.io. A");

        List<String> all = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .map(s -> s.name() + " " + s.typeAsString()).toList();
        assertThat(all).isEqualTo(expected);

        ListResourceRecordSetsResponse first = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)
                .maxItems("3"));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextRecordName()).isEqualTo("a.example.io.");
        assertThat(first.nextRecordTypeAsString()).isEqualTo("A");
        List<String> paged = route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone).maxItems("2"))
                .resourceRecordSets().stream().map(s -> s.name() + " " + s.typeAsString()).toList();
        assertThat(paged).isEqualTo(expected);
    }

    @Test
    void anAliasToALoadBalancerAnswersItsAddressAndAnUnknownTargetIsRefused() throws IOException {
        LoadBalancer alb = elbv2.createLoadBalancer(r -> r.name("alias-lb")
                .scheme(LoadBalancerSchemeEnum.INTERNAL)).loadBalancers().get(0);
        String zone = publicZone("alias.example.com", "alias");

        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(Change.builder()
                .action(ChangeAction.CREATE).resourceRecordSet(ResourceRecordSet.builder()
                        .name("alias.example.com").type(RRType.A).aliasTarget(AliasTarget.builder()
                                .hostedZoneId(alb.canonicalHostedZoneId()).dnsName(alb.dnsName())
                                .evaluateTargetHealth(false).build()).build()).build())));

        String address = dns.address(alb.dnsName());
        assertThat(rdata("alias.example.com", Type.A)).containsExactly(address);
        assertError(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                        Change.builder().action(ChangeAction.CREATE).resourceRecordSet(ResourceRecordSet.builder()
                                .name("www.alias.example.com").type(RRType.A).aliasTarget(AliasTarget.builder()
                                        .hostedZoneId("Z35SXDOTRQ7X7K").dnsName("nope.us-east-1.elb.localhost")
                                        .evaluateTargetHealth(false).build()).build()).build()))),
                "InvalidChangeBatch", 400, "[Tried to create an alias that targets nope.us-east-1.elb.localhost., "
                        + "type A in zone Z35SXDOTRQ7X7K, but that target was not found]");
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        String zone = publicZone("tags.example.com", "tags");
        route53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone)
                .addTags(Tag.builder().key("team").value("a").build(), Tag.builder().key("env").value("dev").build()));
        route53.changeTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone)
                .removeTagKeys("env"));

        assertThat(route53.listTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE).resourceId(zone))
                .resourceTagSet().tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "a"));
        assertError(() -> route53.listTagsForResource(r -> r.resourceType(TagResourceType.HOSTEDZONE)
                .resourceId("ZNOSUCHZONE")), "NoSuchHostedZone", 404, "No hosted zone found with ID: ZNOSUCHZONE");
    }

    @Test
    void zonesAndRecordsSurviveARestartAndAreAnsweredAgain() throws IOException {
        String zone = publicZone("kept.example.com", "restart");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(
                upsert("www.kept.example.com", RRType.A, 60, "192.0.2.7"))));

        stop();
        open();

        assertThat(route53.getHostedZone(r -> r.id(zone)).hostedZone().name()).isEqualTo("kept.example.com.");
        assertThat(rdata("www.kept.example.com", Type.A)).containsExactly("192.0.2.7");
    }

    private String publicZone(String name, String reference) {
        return route53.createHostedZone(r -> r.name(name).callerReference(reference)).hostedZone().id();
    }

    private Message query(String name, int type) throws IOException {
        return dns.query(name, type);
    }

    private List<String> rdata(String name, int type) throws IOException {
        Message response = query(name, type);
        assertThat(response.getRcode()).as("rcode of " + name).isEqualTo(Rcode.NOERROR);
        return DnsLookup.rdata(response);
    }

    private static Change upsert(String name, RRType type, long ttl, String... values) {
        return Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set(name, type, ttl, values)).build();
    }

    private static Change create(String name, RRType type, long ttl, String... values) {
        return Change.builder().action(ChangeAction.CREATE).resourceRecordSet(set(name, type, ttl, values)).build();
    }

    private static ResourceRecordSet set(String name, RRType type, long ttl, String... values) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .resourceRecords(Arrays.stream(values).map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
    }

    private static void assertError(Runnable call, String code, int status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }
}

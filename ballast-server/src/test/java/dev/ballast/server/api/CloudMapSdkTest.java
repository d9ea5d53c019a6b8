package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.CustomHealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.DiscoverInstancesResponse;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatus;
import software.amazon.awssdk.services.servicediscovery.model.HealthStatusFilter;
import software.amazon.awssdk.services.servicediscovery.model.HttpInstanceSummary;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceFilterName;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceType;
import software.amazon.awssdk.services.servicediscovery.model.Operation;
import software.amazon.awssdk.services.servicediscovery.model.OperationStatus;
import software.amazon.awssdk.services.servicediscovery.model.OperationType;
import software.amazon.awssdk.services.servicediscovery.model.RecordType;
import software.amazon.awssdk.services.servicediscovery.model.RoutingPolicy;
import software.amazon.awssdk.services.servicediscovery.model.Service;

/**
 * The Cloud Map API driven by the AWS SDK for Java v2 (every operation Ballast serves and its errors), and
 * Ballast's DNS answering {@code <service>.<namespace>} with exactly the healthy registered instances.
 */
@Timeout(120)
class CloudMapSdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ServiceDiscoveryClient cloudMap;
    private Route53Client route53;
    private DnsLookup dns;

    @BeforeEach
    void start() {
        open();
    }

    private void open() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        cloudMap = ApiTestSupport.cloudMapClient(plane.apiAddress());
        route53 = ApiTestSupport.route53Client(plane.apiAddress(), "test", "test");
        dns = new DnsLookup(plane.dnsAddress());
    }

    @AfterEach
    void stop() {
        cloudMap.close();
        route53.close();
        plane.close();
    }

    @Test
    void privateDnsNamespaceIsAPrivateHostedZoneThatOnlyDeleteNamespaceRemoves() {
        String operationId = cloudMap.createPrivateDnsNamespace(r -> r.name("Local.Example").vpc("vpc-local")
                .creatorRequestId("ns-1").description("S4")).operationId();
        Operation operation = cloudMap.getOperation(r -> r.operationId(operationId)).operation();
        assertThat(operation.status()).isEqualTo(OperationStatus.SUCCESS);
        assertThat(operation.type()).isEqualTo(OperationType.CREATE_NAMESPACE);
        String namespaceId = operation.targetsAsStrings().get("NAMESPACE");
        assertThat(namespaceId).matches("ns-[a-z0-9]{16}");
        // A retried request with the same CreatorRequestId is the same operation.
        assertThat(cloudMap.createPrivateDnsNamespace(r -> r.name("local.example").vpc("vpc-local")
                .creatorRequestId("ns-1")).operationId()).isEqualTo(operationId);

        Namespace namespace = cloudMap.getNamespace(r -> r.id(namespaceId)).namespace();
        assertThat(namespace.name()).isEqualTo("local.example");
        assertThat(namespace.type()).isEqualTo(NamespaceType.DNS_PRIVATE);
        assertThat(namespace.arn()).isEqualTo("arn:aws:servicediscovery:us-east-1:000000000000:namespace/"
                + namespaceId);
        assertThat(namespace.description()).isEqualTo("S4");
        assertThat(namespace.properties().dnsProperties().soa().ttl()).isEqualTo(15L);
        String zoneId = namespace.properties().dnsProperties().hostedZoneId();
        HostedZone zone = route53.getHostedZone(r -> r.id(zoneId)).hostedZone();
        assertThat(zone.name()).isEqualTo("local.example.");
        assertThat(zone.config().privateZone()).isTrue();
        assertThat(route53.listHostedZones().hostedZones()).extracting(HostedZone::name)
                .contains("local.example.");

        assertThatThrownBy(() -> route53.deleteHostedZone(r -> r.id(zoneId)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(
                        e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
        assertError(() -> cloudMap.createPrivateDnsNamespace(r -> r.name("local.example").vpc("vpc-local")),
                "NamespaceAlreadyExists");
        assertError(() -> cloudMap.createPrivateDnsNamespace(r -> r.name("other.example").vpc("vpc-local")
                .creatorRequestId("ns-1")), "DuplicateRequest");
        assertError(() -> cloudMap.createPrivateDnsNamespace(r -> r.name("bad..name").vpc("vpc-local")),
                "InvalidInput");
        assertError(() -> cloudMap.createPrivateDnsNamespace(r -> r.name("novpc.example")), "InvalidInput");

        String serviceId = cloudMap.createService(r -> r.name("web").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(60L)))).service().id();
        assertError(() -> cloudMap.deleteNamespace(r -> r.id(namespaceId)), "ResourceInUse");
        cloudMap.deleteService(r -> r.id(serviceId));
        String deleted = cloudMap.deleteNamespace(r -> r.id(namespaceId)).operationId();
        assertThat(cloudMap.getOperation(r -> r.operationId(deleted)).operation().type())
                .isEqualTo(OperationType.DELETE_NAMESPACE);
        assertError(() -> cloudMap.getNamespace(r -> r.id(namespaceId)), "NamespaceNotFound");
        assertThat(route53.listHostedZones().hostedZones()).extracting(HostedZone::name)
                .doesNotContain("local.example.");
        assertError(() -> cloudMap.getOperation(r -> r.operationId("nope")), "OperationNotFound");
    }

    @Test
    void namespacesAreListedWithFiltersAndPages() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            cloudMap.createHttpNamespace(r -> r.name("http-" + n));
        }
        cloudMap.createPrivateDnsNamespace(r -> r.name("dns.example").vpc("vpc-1"));
        List<NamespaceSummary> page1 = cloudMap.listNamespaces(r -> r.maxResults(4)).namespaces();
        String token = cloudMap.listNamespaces(r -> r.maxResults(4)).nextToken();
        List<NamespaceSummary> page2 = cloudMap.listNamespaces(r -> r.maxResults(4).nextToken(token)).namespaces();
        assertThat(page1).hasSize(4);
        assertThat(page2).hasSize(2);
        assertThat(cloudMap.listNamespacesPaginator(r -> r.maxResults(2)).stream()
                .mapToInt(p -> p.namespaces().size()).sum()).isEqualTo(6);
        assertThat(cloudMap.listNamespaces(r -> r.filters(f -> f.name(NamespaceFilterName.TYPE).values("HTTP")))
                .namespaces()).hasSize(5).allSatisfy(n -> assertThat(n.type()).isEqualTo(NamespaceType.HTTP));
        assertThat(cloudMap.listNamespaces(r -> r.filters(f -> f.name(NamespaceFilterName.NAME)
                .condition("BEGINS_WITH").values("dns"))).namespaces()).extracting(NamespaceSummary::name)
                .containsExactly("dns.example");
        assertError(() -> cloudMap.listNamespaces(r -> r.maxResults(101)), "InvalidInput");
        assertError(() -> cloudMap.listNamespaces(r -> r.nextToken("garbage")), "InvalidInput");
    }

    @Test
    void serviceDnsAnswersExactlyTheHealthyInstancesAndFollowsEveryChange() throws IOException {
        String namespaceId = privateNamespace("svc.local");
        Service service = cloudMap.createService(r -> r.name("backend").namespaceId(namespaceId)
                .dnsConfig(d -> d.routingPolicy(RoutingPolicy.MULTIVALUE).dnsRecords(
                        x -> x.type(RecordType.A).ttl(30L), x -> x.type(RecordType.SRV).ttl(30L)))
                .healthCheckCustomConfig(h -> h.build())).service();
        assertThat(service.id()).matches("srv-[a-z0-9]{16}");
        assertThat(service.dnsConfig().dnsRecords()).hasSize(2);
        register(service.id(), "task-1", "127.0.0.11", "8080");
        register(service.id(), "task-2", "127.0.0.12", "8080");
        register(service.id(), "task-3", "127.0.0.13", "8081");

        assertThat(dnsA("backend.svc.local")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12", "127.0.0.13");
        Message a = dns.query("BACKEND.svc.local", Type.A);
        assertThat(a.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(30));
        assertThat(DnsLookup.rdata(dns.query("backend.svc.local", Type.SRV)))
                .containsExactlyInAnyOrder("1 1 8080 task-1.backend.svc.local.", "1 1 8080 task-2.backend.svc.local.",
                        "1 1 8081 task-3.backend.svc.local.");
        assertThat(dnsA("task-3.backend.svc.local")).containsExactly("127.0.0.13");

        cloudMap.updateInstanceCustomHealthStatus(r -> r.serviceId(service.id()).instanceId("task-2")
                .status(CustomHealthStatus.UNHEALTHY));
        assertThat(dnsA("backend.svc.local")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.13");
        assertThat(discover("svc.local", "backend", HealthStatusFilter.HEALTHY))
                .containsExactlyInAnyOrder("task-1", "task-3");
        assertThat(discover("svc.local", "backend", HealthStatusFilter.UNHEALTHY)).containsExactly("task-2");
        assertThat(discover("svc.local", "backend", HealthStatusFilter.ALL)).hasSize(3);
        assertThat(cloudMap.getInstancesHealthStatus(r -> r.serviceId(service.id())).status())
                .containsEntry("task-2", HealthStatus.UNHEALTHY).containsEntry("task-1", HealthStatus.HEALTHY);

        cloudMap.deregisterInstance(r -> r.serviceId(service.id()).instanceId("task-3"));
        cloudMap.updateInstanceCustomHealthStatus(r -> r.serviceId(service.id()).instanceId("task-1")
                .status(CustomHealthStatus.UNHEALTHY));
        // None healthy: every instance answers, as Cloud Map does.
        assertThat(dnsA("backend.svc.local")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
        assertThat(discover("svc.local", "backend", HealthStatusFilter.HEALTHY_OR_ELSE_ALL)).hasSize(2);
        assertThat(discover("svc.local", "backend", HealthStatusFilter.HEALTHY)).isEmpty();
        assertThat(dns.query("task-3.backend.svc.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        cloudMap.updateInstanceCustomHealthStatus(r -> r.serviceId(service.id()).instanceId("task-2")
                .status(CustomHealthStatus.HEALTHY));
        assertThat(dnsA("backend.svc.local")).containsExactly("127.0.0.12");
    }

    @Test
    void atMostEightInstancesAnswerAndTheyMatchQueryParameters() throws IOException {
        String namespaceId = privateNamespace("many.local");
        String serviceId = cloudMap.createService(r -> r.name("api").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))).service().id();
        for (int i = 1; i <= 10; i++) {
            int n = i;
            cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId("i-" + n).attributes(Map.of(
                    "AWS_INSTANCE_IPV4", "10.0.0." + n, "color", n % 2 == 0 ? "blue" : "green")));
        }
        assertThat(dnsA("api.many.local")).hasSize(8);
        DiscoverInstancesResponse blue = cloudMap.discoverInstances(r -> r.namespaceName("many.local")
                .serviceName("api").queryParameters(Map.of("color", "blue")));
        assertThat(blue.instances()).extracting(HttpInstanceSummary::instanceId)
                .containsExactlyInAnyOrder("i-2", "i-4", "i-6", "i-8", "i-10");
        assertThat(blue.instances()).allSatisfy(i -> assertThat(i.healthStatus()).isEqualTo(HealthStatus.UNKNOWN));
        assertThat(blue.instancesRevision()).isPositive();
        assertThat(cloudMap.discoverInstances(r -> r.namespaceName("many.local").serviceName("api")
                .maxResults(3)).instances()).hasSize(3);
        assertThat(cloudMap.discoverInstances(r -> r.namespaceName("many.local").serviceName("api")
                .optionalParameters(Map.of("color", "purple"))).instances()).hasSize(10);
        assertThat(cloudMap.listInstances(r -> r.serviceId(serviceId).maxResults(4)).instances()).hasSize(4);
        assertThat(cloudMap.listInstancesPaginator(r -> r.serviceId(serviceId).maxResults(4)).stream()
                .mapToInt(p -> p.instances().size()).sum()).isEqualTo(10);
        assertThat(cloudMap.getInstance(r -> r.serviceId(serviceId).instanceId("i-3")).instance().attributes())
                .containsEntry("AWS_INSTANCE_IPV4", "10.0.0.3").containsEntry("color", "green");
        assertThat(cloudMap.getService(r -> r.id(serviceId)).service().instanceCount()).isEqualTo(10);
        assertError(() -> cloudMap.deleteService(r -> r.id(serviceId)), "ResourceInUse");
        assertError(() -> cloudMap.updateInstanceCustomHealthStatus(r -> r.serviceId(serviceId).instanceId("i-1")
                .status(CustomHealthStatus.UNHEALTHY)), "CustomHealthNotFound");
    }

    @Test
    void badInputGetsCloudMapErrorsAndChangesNothing() throws IOException {
        String namespaceId = privateNamespace("err.local");
        String serviceId = cloudMap.createService(r -> r.name("s").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))).service().id();
        assertError(() -> cloudMap.createService(r -> r.name("s").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))), "ServiceAlreadyExists");
        assertError(() -> cloudMap.createService(r -> r.name("t").namespaceId("ns-0000000000000000")
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))), "NamespaceNotFound");
        assertError(() -> cloudMap.createService(r -> r.name("t").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.CNAME).ttl(5L)))), "InvalidInput");
        assertError(() -> cloudMap.createService(r -> r.name("t").namespaceId(namespaceId)), "InvalidInput");
        assertError(() -> cloudMap.createService(r -> r.name("bad name").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))), "InvalidInput");
        assertError(() -> cloudMap.createService(r -> r.name("t").namespaceId(namespaceId)
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))
                .healthCheckConfig(h -> h.type("HTTP").resourcePath("/"))), "InvalidInput");
        assertError(() -> cloudMap.getService(r -> r.id("srv-0000000000000000")), "ServiceNotFound");
        assertError(() -> cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId("x")
                .attributes(Map.of("AWS_INSTANCE_PORT", "80"))), "InvalidInput");
        assertError(() -> cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId("x")
                .attributes(Map.of("AWS_INSTANCE_IPV4", "300.1.1.1"))), "InvalidInput");
        assertError(() -> cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId("bad id!")
                .attributes(Map.of("AWS_INSTANCE_IPV4", "10.1.1.1"))), "InvalidInput");
        assertError(() -> cloudMap.registerInstance(r -> r.serviceId("srv-0000000000000000").instanceId("x")
                .attributes(Map.of("AWS_INSTANCE_IPV4", "10.1.1.1"))), "ServiceNotFound");
        assertError(() -> cloudMap.deregisterInstance(r -> r.serviceId(serviceId).instanceId("x")),
                "InstanceNotFound");
        assertError(() -> cloudMap.getInstance(r -> r.serviceId(serviceId).instanceId("x")), "InstanceNotFound");
        assertError(() -> cloudMap.discoverInstances(r -> r.namespaceName("nope.local").serviceName("s")),
                "NamespaceNotFound");
        assertError(() -> cloudMap.discoverInstances(r -> r.namespaceName("err.local").serviceName("nope")),
                "ServiceNotFound");
        assertThat(cloudMap.listInstances(r -> r.serviceId(serviceId)).instances()).isEmpty();
        assertThat(dns.query("s.err.local", Type.A).getSection(Section.ANSWER)).isEmpty();
        assertThat(cloudMap.listServices().services()).extracting(s -> s.name()).containsExactly("s");
    }

    @Test
    void updateServiceTagsOperationsAndEverythingSurviveARestart() throws IOException {
        String namespaceId = privateNamespace("keep.local");
        Namespace namespace = cloudMap.getNamespace(r -> r.id(namespaceId)).namespace();
        Service service = cloudMap.createService(r -> r.name("db").namespaceId(namespaceId)
                .tags(t -> t.key("team").value("core"))
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(5L)))).service();
        String update = cloudMap.updateService(r -> r.id(service.id()).service(s -> s.description("primary")
                .dnsConfig(d -> d.dnsRecords(x -> x.type(RecordType.A).ttl(120L))))).operationId();
        assertThat(cloudMap.getOperation(r -> r.operationId(update)).operation().type())
                .isEqualTo(OperationType.UPDATE_SERVICE);
        assertError(() -> cloudMap.updateService(r -> r.id(service.id()).service(s -> s.dnsConfig(d -> d.dnsRecords(
                x -> x.type(RecordType.SRV).ttl(5L))))), "InvalidInput");
        register(service.id(), "db-1", "127.0.0.21", "5432");
        cloudMap.tagResource(r -> r.resourceARN(namespace.arn()).tags(t -> t.key("env").value("test")));
        cloudMap.untagResource(r -> r.resourceARN(service.arn()).tagKeys("team"));
        assertError(() -> cloudMap.listTagsForResource(r -> r.resourceARN("arn:aws:servicediscovery:us-east-1:"
                + "000000000000:service/srv-nothing")), "ResourceNotFoundException");
        assertThat(cloudMap.listOperations(r -> r.filters(f -> f.name("SERVICE_ID").values(service.id())))
                .operations()).hasSize(2);

        stop();
        open();

        assertThat(cloudMap.getService(r -> r.id(service.id())).service().description()).isEqualTo("primary");
        assertThat(cloudMap.listTagsForResource(r -> r.resourceARN(namespace.arn())).tags())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("env=test"));
        assertThat(cloudMap.listTagsForResource(r -> r.resourceARN(service.arn())).tags()).isEmpty();
        assertThat(cloudMap.getOperation(r -> r.operationId(update)).operation().status())
                .isEqualTo(OperationStatus.SUCCESS);
        Message answer = dns.query("db.keep.local", Type.A);
        assertThat(DnsLookup.rdata(answer)).containsExactly("127.0.0.21");
        assertThat(answer.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(120);
    }

    private String privateNamespace(String name) {
        String operationId = cloudMap.createPrivateDnsNamespace(r -> r.name(name).vpc("vpc-local")).operationId();
        return cloudMap.getOperation(r -> r.operationId(operationId)).operation().targetsAsStrings()
                .get("NAMESPACE");
    }

    private void register(String serviceId, String instanceId, String ip, String port) {
        String op = cloudMap.registerInstance(r -> r.serviceId(serviceId).instanceId(instanceId)
                .attributes(Map.of("AWS_INSTANCE_IPV4", ip, "AWS_INSTANCE_PORT", port))).operationId();
        assertThat(cloudMap.getOperation(r -> r.operationId(op)).operation().type())
                .isEqualTo(OperationType.REGISTER_INSTANCE);
    }

    private List<String> dnsA(String name) throws IOException {
        return dns.query(name, Type.A).getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
                .map(Record::rdataToString).toList();
    }

    private List<String> discover(String namespace, String service, HealthStatusFilter filter) {
        return cloudMap.discoverInstances(r -> r.namespaceName(namespace).serviceName(service).healthStatus(filter))
                .instances().stream().map(HttpInstanceSummary::instanceId).toList();
    }

    private static void assertError(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }
}

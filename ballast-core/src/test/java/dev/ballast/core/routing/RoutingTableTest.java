package dev.ballast.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingTableTest {
    private static final Action MATCHED = new Action.FixedResponse(200, "text/plain", "rule");
    private static final Action DEFAULT = new Action.FixedResponse(404, "text/plain", "default");

    /** A table with one rule (priority 1, {@code conditions} → MATCHED) and DEFAULT otherwise. */
    private static RoutingTable oneRule(Condition... conditions) {
        Rule rule = new Rule("rule-1", 1, List.of(conditions), MATCHED);
        return RoutingTable.compile(new Listener("listener", "lb", Protocol.HTTP, 80, DEFAULT, List.of(rule), null));
    }

    private static List<String> values(String csv) {
        return Arrays.asList(csv.split(","));
    }

    @ParameterizedTest(name = "[{index}] host-header {0} vs Host {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            www.example.com        | www.example.com         | true
            www.example.com        | WWW.Example.COM         | true
            WWW.EXAMPLE.COM        | www.example.com         | true
            www.example.com        | www.example.com:8080    | true
            www.example.com        | www.example.com:        | true
            www.example.com        | www.example.com.evil    | false
            *.example.com          | api.example.com         | true
            *.example.com          | a.b.example.com         | true
            *.example.com          | example.com             | false
            *.example.com          | api.example.com:443     | true
            ?.example.com          | a.example.com           | true
            ?.example.com          | ab.example.com          | false
            api-?.example.*        | api-1.example.org       | true
            other.com,*.example.com| x.example.com           | true
            other.com,*.example.com| other.com:80            | true
            other.com,*.example.com| nope.org                | false
            *                      | [::1]:80                | true
            *.example.com          | [::1]:80                | false
            127.0.0.1              | 127.0.0.1:8080          | true
            """)
    void hostHeader(String patterns, String host, boolean expected) {
        RoutingTable table = oneRule(new Condition.HostHeader(values(patterns)));
        assertThat(table.route(TestRequest.get().host(host))).isEqualTo(expected ? MATCHED : DEFAULT);
    }

    @Test
    void hostHeaderDoesNotMatchARequestWithoutHost() {
        assertThat(oneRule(new Condition.HostHeader(List.of("*"))).route(TestRequest.get().host(null)))
                .isEqualTo(DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] strip port of {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com        | example.com
            example.com:8080   | example.com
            [::1]:80           | [::1]
            [::1]              | [::1]
            [2001:db8::1]:443  | [2001:db8::1]
            ::1                | ::1
            host:abc           | host:abc
            """)
    void stripsThePortOfTheHost(String host, String expected) {
        assertThat(MatchInput.stripPort(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] path-pattern {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /img/*        | /img/a.png          | true
            /img/*        | /img/               | true
            /img/*        | /img                | false
            /img/*        | /IMG/a.png          | false
            /img/*/pics   | /img/2024/pics      | true
            /img/*/pics   | /img/2024/pics/x    | false
            /api/v?/users | /api/v2/users       | true
            /api/v?/users | /api/v10/users      | false
            /search       | /search?q=x         | true
            *.php         | /index.php?x=1.html | true
            *.html        | /index.php?x=1.html | false
            /a,/b*        | /bcd                | true
            /a,/b*        | /c                  | false
            """)
    void pathPattern(String patterns, String target, boolean expected) {
        RoutingTable table = oneRule(new Condition.PathPattern(values(patterns)));
        assertThat(table.route(TestRequest.get().target(target))).isEqualTo(expected ? MATCHED : DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] http-header {0}: {1} vs {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            User-Agent | *Mobile*         | User-Agent=Foo Mobile Safari       | true
            User-Agent | *mobile*         | user-agent=Foo MOBILE Safari       | true
            User-Agent | *Mobile*         | User-Agent=Desktop                 | false
            X-Env      | blue,green       | X-Env=GREEN                        | true
            X-Env      | blue,green       | X-Env=red;X-Env=blue               | true
            X-Env      | blue             | X-Other=blue                       | false
            X-Env      | b?ue             | X-Env=blue                         | true
            X-Env      | blue             | X-Env=blue-ish                     | false
            """)
    void httpHeader(String name, String patterns, String headers, boolean expected) {
        TestRequest request = TestRequest.get();
        for (String header : headers.split(";")) {
            String[] nv = header.split("=", 2);
            request.header(nv[0], nv[1]);
        }
        RoutingTable table = oneRule(new Condition.HttpHeader(name, values(patterns)));
        assertThat(table.route(request)).isEqualTo(expected ? MATCHED : DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] http-request-method {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET          | GET     | true
            GET          | get     | false
            GET,HEAD     | HEAD    | true
            POST         | GET     | false
            CUSTOM-VERB  | CUSTOM-VERB | true
            """)
    void httpRequestMethod(String methods, String method, boolean expected) {
        RoutingTable table = oneRule(new Condition.HttpRequestMethod(values(methods)));
        assertThat(table.route(TestRequest.get().method(method))).isEqualTo(expected ? MATCHED : DEFAULT);
    }

    /** {@code pairs}: comma-separated {@code key=value} or {@code =value} (any key). */
    @ParameterizedTest(name = "[{index}] query-string {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            version=v1         | /?version=v1            | true
            version=v1         | /?VERSION=V1            | true
            version=v1         | /?version=v2            | false
            version=v1         | /?a=b&version=v1&c=d    | true
            version=v1         | /                       | false
            version=v*         | /?version=v12           | true
            version=v?         | /?version=v12           | false
            =blue              | /?color=blue            | true
            =blue              | /?colour=BLUE           | true
            =blue              | /?blue                  | false
            blue=*             | /?blue                  | true
            q=a b              | /?q=a%20b               | true
            q=ü                | /?q=%C3%BC              | true
            q=a+b              | /?q=a+b                 | true
            q=50%              | /?q=50%                 | true
            q=100%x            | /?q=100%25x             | true
            q=\\*              | /?q=*                   | true
            q=\\*              | /?q=x                   | false
            q=\\?              | /?q=%3F                 | true
            q=a\\\\b           | /?q=a%5Cb               | true
            key=v1,key=v2      | /?key=v2                | true
            key=v1,other=v2    | /?key=v2                | false
            k=                 | /?k=                    | false
            """)
    void queryString(String pairs, String target, boolean expected) {
        List<Condition.KeyValue> kvs = new ArrayList<>();
        for (String pair : pairs.split(",")) {
            String[] kv = pair.split("=", 2);
            kvs.add(new Condition.KeyValue(kv[0].isEmpty() ? null : kv[0], kv[1].isEmpty() ? "x-never" : kv[1]));
        }
        RoutingTable table = oneRule(new Condition.QueryString(kvs));
        assertThat(table.route(TestRequest.get().target(target))).isEqualTo(expected ? MATCHED : DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] source-ip {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8                | 10.200.1.2        | true
            10.0.0.0/8                | 11.0.0.1          | false
            192.168.1.1/32            | 192.168.1.1       | true
            192.168.1.1/32            | 192.168.1.2       | false
            172.16.0.0/12             | 172.31.255.255    | true
            172.16.0.0/12             | 172.32.0.0        | false
            0.0.0.0/0                 | 203.0.113.9       | true
            0.0.0.0/0                 | 2001:db8::1       | false
            2001:db8::/32             | 2001:db8:ffff::1  | true
            2001:db8::/32             | 2001:db9::1       | false
            ::/0                      | ::1               | true
            ::/0                      | 127.0.0.1         | false
            ::1/128                   | ::1               | true
            10.0.0.0/8,2001:db8::/32  | 2001:db8::5       | true
            10.0.0.0/8,2001:db8::/32  | 10.9.9.9          | true
            """)
    void sourceIp(String blocks, String peer, boolean expected) {
        RoutingTable table = oneRule(new Condition.SourceIp(values(blocks)));
        assertThat(table.route(TestRequest.get().source(TestRequest.literal(peer))))
                .isEqualTo(expected ? MATCHED : DEFAULT);
    }

    @Test
    void ipv4MappedIpv6PeerMatchesAnIpv4Block() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        InetAddress peer = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(peer).isInstanceOf(Inet6Address.class);
        assertThat(oneRule(new Condition.SourceIp(List.of("10.0.0.0/8"))).route(TestRequest.get().source(peer)))
                .isEqualTo(MATCHED);
        assertThat(oneRule(new Condition.SourceIp(List.of("11.0.0.0/8"))).route(TestRequest.get().source(peer)))
                .isEqualTo(DEFAULT);
    }

    @Test
    void everyConditionOfARuleMustMatch() {
        RoutingTable table = oneRule(new Condition.HostHeader(List.of("api.example.com")),
                new Condition.PathPattern(List.of("/v1/*")), new Condition.HttpRequestMethod(List.of("POST")));
        TestRequest all = TestRequest.get().host("api.example.com").target("/v1/users").method("POST");
        assertThat(table.route(all)).isEqualTo(MATCHED);
        assertThat(table.route(TestRequest.get().host("api.example.com").target("/v1/users").method("GET")))
                .isEqualTo(DEFAULT);
        assertThat(table.route(TestRequest.get().host("www.example.com").target("/v1/users").method("POST")))
                .isEqualTo(DEFAULT);
    }

    @Test
    void severalHeaderConditionsMustAllMatch() {
        RoutingTable table = oneRule(new Condition.HttpHeader("X-A", List.of("1")),
                new Condition.HttpHeader("X-B", List.of("2")));
        assertThat(table.route(TestRequest.get().header("X-A", "1").header("X-B", "2"))).isEqualTo(MATCHED);
        assertThat(table.route(TestRequest.get().header("X-A", "1"))).isEqualTo(DEFAULT);
    }

    @Test
    void lowestPriorityWinsWhateverTheListOrderAndDefaultComesLast() {
        Action p5 = new Action.FixedResponse(200, null, "p5");
        Action p10 = new Action.FixedResponse(200, null, "p10");
        Action p50000 = new Action.FixedResponse(200, null, "p50000");
        List<Rule> rules = List.of(
                new Rule("r50000", 50000, List.of(new Condition.PathPattern(List.of("*"))), p50000),
                new Rule("r10", 10, List.of(new Condition.PathPattern(List.of("/api/*"))), p10),
                new Rule("r5", 5, List.of(new Condition.PathPattern(List.of("/api/admin/*"))), p5));
        RoutingTable table = RoutingTable.compile(
                new Listener("l", "lb", Protocol.HTTP, 80, DEFAULT, rules, null));
        assertThat(table.route(TestRequest.get().target("/api/admin/x"))).isEqualTo(p5);
        assertThat(table.route(TestRequest.get().target("/api/users"))).isEqualTo(p10);
        assertThat(table.route(TestRequest.get().target("/other"))).isEqualTo(p50000);

        RoutingTable narrow = RoutingTable.compile(new Listener("l", "lb", Protocol.HTTP, 80, DEFAULT,
                rules.subList(1, 3), null));
        assertThat(narrow.route(TestRequest.get().target("/other"))).isEqualTo(DEFAULT);
    }

    @Test
    void listenerWithoutRulesAlwaysUsesItsDefaultAction() {
        RoutingTable table = RoutingTable.compile(new Listener("l", "lb", Protocol.HTTP, 80, DEFAULT));
        assertThat(table.route(TestRequest.get())).isEqualTo(DEFAULT);
    }
}

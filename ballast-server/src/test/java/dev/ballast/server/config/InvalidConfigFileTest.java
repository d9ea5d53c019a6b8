package dev.ballast.server.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each broken file yields one message that names the place in the file and what was expected. */
class InvalidConfigFileTest {
    private static final String GROUP = "\ntargetGroups: [{name: web, port: 80}]\n";

    private static String listener(String listenerYaml) {
        return "loadBalancers:\n  - name: lb\n    listeners:\n      - " + listenerYaml + GROUP;
    }

    private static String rule(String ruleYaml) {
        return listener("port: 80\n        defaultAction: {forward: web}\n        rules:\n          - " + ruleYaml);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML           | 'a: [1'                                                | 'the file: line 1, column 6: expected '','' or '']'''
            empty file         | '# nothing'                                            | 'the file: empty (expected: a mapping'
            yes is not true    | 'targetGroups: [{name: web, port: 80, attributes: {stickiness.enabled: yes}}]' | 'targetGroups[0].attributes: stickiness.enabled: ''yes'' (expected: true or false)'
            not a mapping      | '- 1'                                                  | 'the file: a list (expected: a mapping'
            unknown top key    | 'loadbalancers: []'                                    | 'loadbalancers: unknown key (expected: one of region, accountId, loadBalancers, targetGroups)'
            duplicate key      | 'targetGroups: []\\ntargetGroups: []'                  | 'Duplicate field ''targetGroups'''
            missing name       | 'targetGroups: [{port: 80}]'                           | 'targetGroups[0].name: missing (expected: a value)'
            bad name           | 'targetGroups: [{name: -web, port: 80}]'               | 'targetGroups[0]: Name: -web (expected: 1-32 alphanumeric'
            duplicate group    | 'targetGroups: [{name: a, port: 80}, {name: a, port: 81}]' | 'targetGroups[1].name: a (expected: a target group name used once)'
            port not a number  | 'targetGroups: [{name: web, port: eighty}]'            | 'targetGroups[0].port: ''eighty'' (expected: an integer)'
            group protocol     | 'targetGroups: [{name: web, port: 80, protocol: TLS}]' | 'targetGroups[0].protocol: TLS (expected: HTTP, TCP, UDP or TCP_UDP)'
            network attribute  | 'targetGroups: [{name: db, port: 5432, protocol: TCP, attributes: {slow_start.duration_seconds: 30}}]' | 'targetGroups[0].attributes: Attribute key ''slow_start.duration_seconds'' is not recognized for a network target group'
            TCP check on HTTP  | 'targetGroups: [{name: web, port: 80, healthCheck: {protocol: TCP}}]' | 'targetGroups[0]: HealthCheckProtocol: TCP (expected: HTTP or HTTPS for a HTTP target group)'
            UDP health check   | 'targetGroups: [{name: dns, port: 53, protocol: UDP, healthCheck: {protocol: UDP}}]' | 'targetGroups[0]: HealthCheckProtocol: UDP (expected: TCP, HTTP or HTTPS for a UDP target group)'
            unknown protocol   | 'targetGroups: [{name: web, port: 80, protocol: FTP}]' | 'targetGroups[0]: protocol: FTP (expected: one of HTTP, HTTPS'
            target type        | 'targetGroups: [{name: web, port: 80, targetType: instance}]' | 'targetGroups[0].targetType: instance (expected: ip)'
            interval           | 'targetGroups: [{name: web, port: 80, healthCheck: {intervalSeconds: 2}}]' | 'targetGroups[0].healthCheck: HealthCheckIntervalSeconds: 2 (expected: 5-300)'
            timeout            | 'targetGroups: [{name: web, port: 80, healthCheck: {intervalSeconds: 5, timeoutSeconds: 5}}]' | 'targetGroups[0].healthCheck: HealthCheckTimeoutSeconds: 5 (expected: less than HealthCheckIntervalSeconds 5)'
            health key         | 'targetGroups: [{name: web, port: 80, healthCheck: {interval: 5}}]' | 'targetGroups[0].healthCheck.interval: unknown key (expected: one of enabled, protocol, port, path'
            enabled not bool   | 'targetGroups: [{name: web, port: 80, healthCheck: {enabled: maybe}}]' | 'targetGroups[0].healthCheck.enabled: ''maybe'' (expected: true or false)'
            unknown attribute  | 'targetGroups: [{name: web, port: 80, attributes: {colour: red}}]' | 'targetGroups[0].attributes: Attribute key ''colour'' is not recognized for a target group'
            attribute value    | 'targetGroups: [{name: web, port: 80, attributes: {load_balancing.algorithm.type: random}}]' | 'targetGroups[0].attributes: load_balancing.algorithm.type: ''random'' (expected: one of round_robin, least_outstanding_requests, weighted_random)'
            host name target   | 'targetGroups: [{name: web, port: 80, targets: [localhost:8080]}]' | 'targetGroups[0].targets[0]: ''localhost'' (expected: an IPv4 or IPv6 address)'
            bad target port    | 'targetGroups: [{name: web, port: 80, targets: [127.0.0.1:x]}]' | 'targetGroups[0].targets[0]: ''127.0.0.1:x'' (expected: ip:port with a port of 1-65535)'
            target port range  | 'targetGroups: [{name: web, port: 80, targets: [127.0.0.1:70000]}]' | 'targetGroups[0].targets[0]: Targets.Port: 70000 (expected: 1-65535)'
            duplicate target   | 'targetGroups: [{name: web, port: 80, targets: [127.0.0.1:81, {id: 127.0.0.1, port: 81}]}]' | 'targetGroups[0]: Targets: 127.0.0.1:81 (expected: each target registered once)'
            gateway type       | 'loadBalancers: [{name: lb, type: gateway}]'           | 'loadBalancers[0]: Type: gateway (expected: one of application, network)'
            TCP_UDP needs group | 'loadBalancers: [{name: nlb, type: network, listeners: [{protocol: TCP_UDP, port: 53, defaultAction: {forward: dns}}]}]\ntargetGroups: [{name: dns, port: 53, protocol: UDP}]' | 'loadBalancers[0].listeners[0]: TargetGroupArn: dns (UDP) (expected: a TCP_UDP target group for a TCP_UDP listener)'
            NLB to HTTP group  | 'loadBalancers: [{name: nlb, type: network, listeners: [{port: 80, defaultAction: {forward: web}}]}]\ntargetGroups: [{name: web, port: 80}]' | 'loadBalancers[0].listeners[0]: TargetGroupArn: web (HTTP) (expected: a TCP, TLS or TCP_UDP target group for a TCP listener)'
            ALB to TCP group   | 'loadBalancers: [{name: lb, listeners: [{port: 80, defaultAction: {forward: db}}]}]\ntargetGroups: [{name: db, port: 5432, protocol: TCP}]' | 'loadBalancers[0].listeners[0]: TargetGroupArn: db (TCP) (expected: an HTTP or HTTPS target group for a HTTP listener)'
            NLB rules          | 'loadBalancers: [{name: nlb, type: network, listeners: [{port: 80, defaultAction: {forward: db}, rules: []}]}]\ntargetGroups: [{name: db, port: 5432, protocol: TCP}]' | 'loadBalancers[0].listeners[0].rules: unknown key (expected: one of protocol, port, defaultAction, attributes)'
            NLB fixed response | 'loadBalancers: [{name: nlb, type: network, listeners: [{port: 80, defaultAction: {fixed-response: {statusCode: 200}}}]}]' | 'loadBalancers[0].listeners[0].defaultAction: not a forward action (expected: forward: a target group'
            NLB HTTP listener  | 'loadBalancers: [{name: nlb, type: network, listeners: [{protocol: HTTP, port: 80, defaultAction: {forward: db}}]}]\ntargetGroups: [{name: db, port: 5432, protocol: TCP}]' | 'loadBalancers[0].listeners[0].protocol: HTTP (expected: TCP, UDP or TCP_UDP)'
            idle timeout range | 'loadBalancers: [{name: nlb, type: network, listeners: [{port: 80, attributes: {tcp.idle_timeout.seconds: 30}, defaultAction: {forward: db}}]}]\ntargetGroups: [{name: db, port: 5432, protocol: TCP}]' | 'loadBalancers[0].listeners[0].attributes: tcp.idle_timeout.seconds: ''30'' (expected: 60-6000)'
            scheme             | 'loadBalancers: [{name: lb, scheme: public}]'          | 'loadBalancers[0]: Scheme: public (expected: one of internet-facing, internal)'
            bind address       | 'loadBalancers: [{name: lb, bindAddress: myhost}]'     | 'loadBalancers[0].bindAddress: ''myhost'' (expected: an IPv4 or IPv6 address)'
            lb attribute       | 'loadBalancers: [{name: lb, attributes: {idle_timeout.timeout_seconds: 0}}]' | 'loadBalancers[0].attributes: idle_timeout.timeout_seconds: ''0'' (expected: 1-4000)'
            duplicate lb       | 'loadBalancers: [{name: lb}, {name: lb}]'              | 'loadBalancers[1].name: lb (expected: a load balancer name used once)'
            """)
    void namesTheProblem(String description, String yaml, String expectedMessage) {
        assertFails(yaml.replace("\\n", "\n"), expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            listener port        | 'port: 70000\\n        defaultAction: {forward: web}'   | 'loadBalancers[0].listeners[0]: Port: 70000 (expected: 1-65535)'
            listener protocol    | 'port: 80\\n        protocol: HTTPS\\n        defaultAction: {forward: web}' | 'loadBalancers[0].listeners[0].protocol: HTTPS (expected: HTTP)'
            no default action    | 'port: 80'                                              | 'loadBalancers[0].listeners[0].defaultAction: missing (expected: a mapping)'
            unknown group        | 'port: 80\\n        defaultAction: {forward: api}'     | 'loadBalancers[0].listeners[0].defaultAction.forward: ''api'' (expected: the name of a target group in targetGroups)'
            two action types     | 'port: 80\\n        defaultAction: {forward: web, redirect: {statusCode: 301}}' | 'loadBalancers[0].listeners[0].defaultAction: 2 keys (expected: exactly one of forward, redirect, fixed-response)'
            unknown action       | 'port: 80\\n        defaultAction: {drop: true}'       | 'loadBalancers[0].listeners[0].defaultAction.drop: unknown key (expected: one of forward, redirect, fixed-response)'
            fixed response code  | 'port: 80\\n        defaultAction: {fixed-response: {statusCode: 302}}' | 'loadBalancers[0].listeners[0].defaultAction.fixed-response: FixedResponseConfig.StatusCode: 302 (expected: 2XX, 4XX or 5XX)'
            redirect code        | 'port: 80\\n        defaultAction: {redirect: {protocol: HTTPS, statusCode: 307}}' | 'loadBalancers[0].listeners[0].defaultAction.redirect.statusCode: 307 (expected: HTTP_301 or HTTP_302)'
            redirect loop        | 'port: 80\\n        defaultAction: {redirect: {statusCode: 301}}' | 'loadBalancers[0].listeners[0].defaultAction.redirect: RedirectConfig: unchanged protocol, port, host and path'
            weight               | 'port: 80\\n        defaultAction: {forward: {targetGroups: [{name: web, weight: 1000}]}}' | 'loadBalancers[0].listeners[0].defaultAction.forward.targetGroups[0]: ForwardConfig.TargetGroups.Weight: 1000 (expected: 0-999)'
            stickiness duration  | 'port: 80\\n        defaultAction: {forward: {targetGroups: [{name: web}], stickiness: {durationSeconds: 0}}}' | 'loadBalancers[0].listeners[0].defaultAction.forward.stickiness: TargetGroupStickinessConfig.DurationSeconds: 0 (expected: 1-604800)'
            """)
    void namesTheListenerProblem(String description, String listenerYaml, String expectedMessage) {
        assertFails(listener(listenerYaml.replace("\\n", "\n")), expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            priority 0          | 'priority: 0\\n            conditions: [{path-pattern: /a}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0]: Priority: 0 (expected: 1-50000)'
            no conditions       | 'priority: 1\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0]: Conditions: 0 values (expected: 1-50 values)'
            two fields          | 'priority: 1\\n            conditions: [{path-pattern: /a, host-header: a.com}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0]: 2 keys (expected: exactly one of host-header, path-pattern'
            unknown field       | 'priority: 1\\n            conditions: [{host: a.com}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].host: unknown key (expected: one of host-header'
            four values         | 'priority: 1\\n            conditions: [{host-header: [a, b, c, d]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].host-header: HostHeaderConfig.Values: 4 values (expected: 1-3 values)'
            too many wildcards  | 'priority: 1\\n            conditions: [{path-pattern: [/*/*/*]}, {host-header: [\"*.*.*\"]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0]: Conditions: 6 wildcards (expected: at most 5 wildcards per rule)'
            too many values     | 'priority: 1\\n            conditions: [{path-pattern: [/a, /b, /c]}, {host-header: [a, b, c]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0]: Conditions: 6 condition values (expected: at most 5 condition values per rule)'
            header name         | 'priority: 1\\n            conditions: [{http-header: {name: Host, values: [a]}}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].http-header: HttpHeaderConfig.HttpHeaderName: Host (expected: a header other than Host (use host-header))'
            method              | 'priority: 1\\n            conditions: [{http-request-method: [get]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].http-request-method: HttpRequestMethodConfig.Values: get (expected: 1-40 characters of A-Z, _ and -)'
            query without value | 'priority: 1\\n            conditions: [{query-string: [{key: a}]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].query-string[0].value: missing (expected: a value)'
            source ip           | 'priority: 1\\n            conditions: [{source-ip: [10.0.0.1]}]\\n            action: {forward: web}' | 'loadBalancers[0].listeners[0].rules[0].conditions[0].source-ip: SourceIpConfig.Values: 10.0.0.1 (expected: a CIDR block'
            no action           | 'priority: 1\\n            conditions: [{path-pattern: /a}]' | 'loadBalancers[0].listeners[0].rules[0].action: missing (expected: a mapping)'
            """)
    void namesTheRuleProblem(String description, String ruleYaml, String expectedMessage) {
        assertFails(rule(ruleYaml.replace("\\n", "\n")), expectedMessage);
    }

    @org.junit.jupiter.api.Test
    void rejectsTwoListenersOnOneAddressAndPort() {
        assertFails("loadBalancers:\n  - name: a\n    listeners: [{port: 80, defaultAction: {forward: web}}]\n"
                + "  - name: b\n    listeners: [{port: 80, defaultAction: {forward: web}}]" + GROUP,
                "Port: 0.0.0.0:80 (expected: an address and port used by one listener only)");
    }

    @org.junit.jupiter.api.Test
    void rejectsAFixedResponseBodyOver1024Bytes() {
        assertFails(listener("port: 80\n        defaultAction: {fixed-response: {statusCode: 200, messageBody: "
                + "x".repeat(1025) + "}}"), "loadBalancers[0].listeners[0].defaultAction.fixed-response: "
                + "FixedResponseConfig.MessageBody: 1025 bytes (expected: at most 1024 bytes)");
    }

    @org.junit.jupiter.api.Test
    void rejectsControlCharactersAsTheApiDoes() {
        // YAML's "\x01" escape puts a real U+0001 into the value
        assertFails(listener("port: 80\n        defaultAction: {fixed-response: {statusCode: 200, messageBody: "
                + "\"a\\x01\"}}"), "loadBalancers[0].listeners[0].defaultAction.fixed-response: "
                + "FixedResponseConfig.MessageBody: 'a\\u0001' (expected: only characters allowed in XML 1.0");
        assertFails(listener("port: 80\n        defaultAction: {redirect: {path: \"/a\\x01\", statusCode: 301}}"),
                "RedirectConfig.Path: '/a\\u0001' (expected: no control characters)");
        assertFails(rule("priority: 1\n            conditions: [{path-pattern: \"/a\\x01\"}]\n"
                        + "            action: {forward: web}"),
                "PathPatternConfig.Values: '/a\\u0001' (expected: no control characters)");
        assertFails("targetGroups: [{name: web, port: 80, healthCheck: {path: \"/h\\x01\"}}]",
                "targetGroups[0].healthCheck: HealthCheckPath: '/h\\u0001' (expected: no control characters)");
        assertFails("targetGroups: [{name: web, port: 80, healthCheck: {matcher: 299-200}}]",
                "Matcher.HttpCode: 299-200 (expected: ranges whose first code is not above the last");
    }

    private static void assertFails(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> new ConfigFileLoader().parse(yaml))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining(expectedMessage);
    }
}

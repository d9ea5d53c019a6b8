package dev.ballast.control.elbv2;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.control.store.StoredText;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@link ElbState} to store records (one JSON record per resource, keyed by kind and ARN) and back, and
 * computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
public final class StateCodec {
    /** The key prefix of everything the ELBv2 API stores. */
    public static final String PREFIX = "elbv2/";
    static final String LOAD_BALANCERS = PREFIX + "loadbalancers/";
    static final String LISTENERS = PREFIX + "listeners/";
    static final String RULES = PREFIX + "rules/";
    static final String TARGET_GROUPS = PREFIX + "targetgroups/";

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Action.Forward.class, name = "forward"),
        @JsonSubTypes.Type(value = Action.Redirect.class, name = "redirect"),
        @JsonSubTypes.Type(value = Action.FixedResponse.class, name = "fixed-response")})
    private interface ActionMixin {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.HostHeader.class, name = "host-header"),
        @JsonSubTypes.Type(value = Condition.PathPattern.class, name = "path-pattern"),
        @JsonSubTypes.Type(value = Condition.HttpHeader.class, name = "http-header"),
        @JsonSubTypes.Type(value = Condition.HttpRequestMethod.class, name = "http-request-method"),
        @JsonSubTypes.Type(value = Condition.QueryString.class, name = "query-string"),
        @JsonSubTypes.Type(value = Condition.SourceIp.class, name = "source-ip")})
    private interface ConditionMixin {}

    private static final Logger log = LoggerFactory.getLogger(StateCodec.class);

    private final ObjectMapper mapper = JsonMapper.builder()
            .addMixIn(Action.class, ActionMixin.class)
            .addMixIn(Condition.class, ConditionMixin.class)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The mutations that turn {@code from} into {@code to}. */
    public List<Mutation> diff(ElbState from, ElbState to) {
        List<Mutation> out = new ArrayList<>();
        diff(LOAD_BALANCERS, from.loadBalancers(), to.loadBalancers(), out);
        diff(TARGET_GROUPS, from.targetGroups(), to.targetGroups(), out);
        diff(LISTENERS, from.listeners(), to.listeners(), out);
        diff(RULES, from.rules(), to.rules(), out);
        return out;
    }

    private <V> void diff(String prefix, Map<String, V> from, Map<String, V> to, List<Mutation> out) {
        to.forEach((arn, value) -> {
            if (!Objects.equals(from.get(arn), value)) {
                out.add(new Mutation.Put(prefix + arn, encode(value)));
            }
        });
        from.keySet().stream().filter(arn -> !to.containsKey(arn)).forEach(arn -> out.add(new Mutation.Delete(prefix + arn)));
    }

    /** The state held by {@code contents}. */
    public ElbState decode(StoreContents contents) {
        Map<String, LoadBalancerEntry> lbs = new LinkedHashMap<>();
        Map<String, ListenerEntry> listeners = new LinkedHashMap<>();
        Map<String, RuleEntry> rules = new LinkedHashMap<>();
        Map<String, TargetGroupEntry> tgs = new LinkedHashMap<>();
        List<LoadBalancerEntry> lbList = new ArrayList<>();
        List<ListenerEntry> listenerList = new ArrayList<>();
        List<RuleEntry> ruleList = new ArrayList<>();
        List<TargetGroupEntry> tgList = new ArrayList<>();
        for (StoreRecord r : contents.records()) {
            if (r.key().startsWith(LOAD_BALANCERS)) {
                lbList.add(decode(r, LoadBalancerEntry.class));
            } else if (r.key().startsWith(LISTENERS)) {
                listenerList.add(decode(r, ListenerEntry.class));
            } else if (r.key().startsWith(RULES)) {
                ruleList.add(decode(r, RuleEntry.class));
            } else if (r.key().startsWith(TARGET_GROUPS)) {
                tgList.add(decode(r, TargetGroupEntry.class));
            }
        }
        putInCreationOrder(lbList, lbs, LoadBalancerEntry::arn, LoadBalancerEntry::createdAt);
        putInCreationOrder(listenerList, listeners, ListenerEntry::arn, ListenerEntry::createdAt);
        putInCreationOrder(ruleList, rules, RuleEntry::arn, RuleEntry::createdAt);
        putInCreationOrder(tgList, tgs, TargetGroupEntry::arn, TargetGroupEntry::createdAt);
        return new ElbState(contents.revision(), lbs, listeners, rules, tgs);
    }

    private static <V> void putInCreationOrder(List<V> items, Map<String, V> out, Function<V, String> arn,
                                               ToLongFunction<V> createdAt) {
        items.stream().sorted(Comparator.comparingLong(createdAt).thenComparing(arn))
                .forEach(v -> out.put(arn.apply(v), v));
    }

    String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T decode(StoreRecord record, Class<T> type) {
        try {
            JsonNode tree = mapper.readTree(record.value());
            int replaced = StoredText.sanitize(tree);
            if (replaced > 0) {
                log.warn("record {}: {} values held characters the API refuses; replaced by U+FFFD",
                        record.key(), replaced);
            }
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("record " + record.key() + " (expected: a valid " + type.getSimpleName()
                    + "): " + e.getMessage(), e);
        }
    }
}

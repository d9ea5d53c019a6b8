package dev.ballast.control.ec2;

import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Maps {@link Ec2State} to store records (one JSON record per VPC, subnet and security group, keyed by id) and back,
 * and computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
final class Ec2Codec {
    /** The key prefix of every EC2 record. */
    static final String ALL = "ec2/";
    private static final String VPCS = "ec2/vpcs/";
    private static final String SUBNETS = "ec2/subnets/";
    private static final String GROUPS = "ec2/groups/";

    private final JsonRecords json = new JsonRecords("EC2");

    /** The state stored in {@code contents}, each kind in creation order. */
    Ec2State decode(StoreContents contents) {
        List<Vpc> vpcs = new ArrayList<>();
        List<Subnet> subnets = new ArrayList<>();
        List<SecurityGroup> groups = new ArrayList<>();
        for (StoreRecord record : contents.records()) {
            if (record.key().startsWith(VPCS)) {
                vpcs.add(json.read(record, Vpc.class));
            } else if (record.key().startsWith(SUBNETS)) {
                subnets.add(json.read(record, Subnet.class));
            } else if (record.key().startsWith(GROUPS)) {
                groups.add(json.read(record, SecurityGroup.class));
            }
        }
        return new Ec2State(contents.revision(), byId(vpcs, Vpc::id, Vpc::createdAt),
                byId(subnets, Subnet::id, Subnet::createdAt), byId(groups, SecurityGroup::id, SecurityGroup::createdAt));
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    List<Mutation> diff(Ec2State from, Ec2State to) {
        List<Mutation> out = new ArrayList<>(KeyedDiff.between(VPCS, from.vpcs(), to.vpcs(), json::encode));
        out.addAll(KeyedDiff.between(SUBNETS, from.subnets(), to.subnets(), json::encode));
        out.addAll(KeyedDiff.between(GROUPS, from.groups(), to.groups(), json::encode));
        return out;
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id, ToLongFunction<T> createdAt) {
        items.sort(Comparator.comparingLong(createdAt).thenComparing(id));
        Map<String, T> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(id.apply(i), i));
        return out;
    }
}

package dev.ballast.api.ec2;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.ec2.Ec2Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * EC2's list encoding of Query parameters: {@code Name.N} (no {@code member}), N from 1, e.g. {@code VpcId.1},
 * {@code Filter.1.Value.2}, {@code IpPermissions.1.IpRanges.1.CidrIp}.
 *
 * <p>Thread-safe (stateless).
 */
final class Ec2Params {
    private Ec2Params() {}

    /** The values of {@code name.N} in order of N (empty when absent). */
    static List<String> list(QueryParams params, String name) {
        List<String> out = new ArrayList<>();
        for (int n : indexes(params, name, false)) {
            out.add(params.get(name + "." + n));
        }
        return out;
    }

    /** The structures {@code name.N.*} in order of N (empty when absent). */
    static List<QueryParams> structs(QueryParams params, String name) {
        List<QueryParams> out = new ArrayList<>();
        for (int n : indexes(params, name, true)) {
            out.add(params.struct(name + "." + n));
        }
        return out;
    }

    /** The integer {@code name}, or null when absent; anything else is InvalidParameterValue. */
    static Integer integer(QueryParams params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (!v.matches("-?\\d{1,9}")) {
            throw Ec2Messages.invalid(params.path(name), v, "an integer");
        }
        return Integer.valueOf(v);
    }

    private static TreeSet<Integer> indexes(QueryParams params, String name, boolean nested) {
        String prefix = name + ".";
        TreeSet<Integer> out = new TreeSet<>();
        for (String key : params.values().keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if ((dot >= 0) != nested) {
                continue;
            }
            String index = dot < 0 ? rest : rest.substring(0, dot);
            if (!index.matches("[1-9]\\d{0,4}")) {
                throw Ec2Messages.invalid(params.path(key), "malformed list index", name + ".N with N = 1, 2, ...");
            }
            out.add(Integer.parseInt(index));
        }
        return out;
    }
}

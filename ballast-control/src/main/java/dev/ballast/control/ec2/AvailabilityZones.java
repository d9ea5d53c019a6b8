package dev.ballast.control.ec2;

import java.util.List;

/**
 * The availability zones of Ballast's region: three zones, {@code <region>a} to {@code <region>c}, each with
 * EC2's zone id form ({@code use1-az1} for {@code us-east-1a}). One node serves every zone, so a zone says where a
 * subnet belongs, not a separate machine.
 *
 * <p>Thread-safe (immutable).
 */
public record AvailabilityZones(String region, List<String> names) {
    /** The letters of the zones. */
    private static final String LETTERS = "abc";

    /** Copies the list. */
    public AvailabilityZones {
        names = List.copyOf(names);
    }

    /** The zones of {@code region}. */
    public static AvailabilityZones of(String region) {
        return new AvailabilityZones(region, LETTERS.chars().mapToObj(c -> region + (char) c).toList());
    }

    /** True if {@code name} is one of the zones. */
    public boolean contains(String name) {
        return names.contains(name);
    }

    /** The zone id of {@code name}: the region's short form ({@code use1}) and {@code -az} and its number. */
    public String zoneId(String name) {
        StringBuilder shortRegion = new StringBuilder();
        String[] parts = region.split("-");
        for (int i = 0; i < parts.length; i++) {
            shortRegion.append(i == parts.length - 1 ? parts[i] : parts[i].substring(0, Math.min(parts[i].length(),
                    i == 0 ? 2 : 1)));
        }
        return shortRegion + "-az" + (names.indexOf(name) + 1);
    }
}

package dev.ballast.control.cluster;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the ECS scheduler knows of a node besides its address: its availability zone, its attributes (ECS's
 * {@code ecs.availability-zone}, {@code ecs.instance-type}, {@code ecs.os-type} and the node's own) for placement
 * constraints and spread, and its capacity in cpu units (1024 a core) and MiB of memory for binpack and for the check
 * that a task fits.
 *
 * <p>Thread-safe (immutable).
 *
 * @param availabilityZone the node's zone ({@code --node-zone}), e.g. {@code us-east-1b}
 * @param custom           the attributes given with {@code --node-attribute name=value}; one named
 *                         {@code ecs.instance-type} replaces the default instance type
 * @param cpu              cpu units the node offers to tasks ({@code --node-cpu})
 * @param memory           MiB of memory the node offers to tasks ({@code --node-memory})
 */
public record NodeProfile(String availabilityZone, Map<String, String> custom, int cpu, int memory) {
    /** The zone of a node that was given none (the default VPC's first subnet's). */
    public static final String DEFAULT_ZONE = "us-east-1a";
    /** The instance type of a node that was given none (as DescribeInstances shows the nodes). */
    public static final String DEFAULT_INSTANCE_TYPE = "ballast.node";
    /** The attribute holding the node's zone. */
    public static final String ZONE_ATTRIBUTE = "ecs.availability-zone";
    /** The attribute holding the node's instance type. */
    public static final String INSTANCE_TYPE_ATTRIBUTE = "ecs.instance-type";
    /** The most custom attributes a node takes (ECS: 10 custom attributes per resource). */
    public static final int MAX_CUSTOM = 10;

    private static final Pattern ZONE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d[a-z]");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[A-Za-z0-9_.@/\\\\: -]{1,128}");

    /** Copies the attributes; absent fields take the defaults (records stored before profiles existed). */
    public NodeProfile {
        availabilityZone = availabilityZone == null ? DEFAULT_ZONE : availabilityZone;
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    /** This machine with the default zone and no attributes of its own: all its cores and memory. */
    public static NodeProfile machine() {
        return new NodeProfile(DEFAULT_ZONE, Map.of(), machineCpu(), machineMemory());
    }

    /** Cpu units of this machine: 1024 per available processor, as ECS counts a vCPU. */
    public static int machineCpu() {
        return Runtime.getRuntime().availableProcessors() * 1024;
    }

    /** MiB of physical memory of this machine (or of the container the JVM runs in). */
    public static int machineMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return (int) Math.min(Integer.MAX_VALUE, os.getTotalMemorySize() / (1024 * 1024));
        }
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /**
     * The profile the server's flags describe; null arguments take the defaults.
     *
     * @param zone       {@code --node-zone}
     * @param attributes {@code --node-attribute} values, each {@code name=value}
     * @param cpu        {@code --node-cpu}
     * @param memory     {@code --node-memory}
     * @throws IllegalArgumentException in the form {@code --flag value (expected: ...)}
     */
    public static NodeProfile of(String zone, List<String> attributes, Integer cpu, Integer memory) {
        String z = zone == null ? DEFAULT_ZONE : zone;
        if (!ZONE.matcher(z).matches()) {
            throw new IllegalArgumentException("--node-zone " + z + " (expected: an availability zone such as "
                    + "us-east-1b)");
        }
        Map<String, String> custom = new LinkedHashMap<>();
        for (String pair : attributes == null ? List.<String>of() : attributes) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (eq <= 0 || !ATTRIBUTE_NAME.matcher(name).matches() || !ATTRIBUTE_VALUE.matcher(value).matches()
                    || value.startsWith(" ") || value.endsWith(" ")) {
                throw new IllegalArgumentException("--node-attribute " + pair + " (expected: name=value, the name up "
                        + "to 128 letters, digits, '-', '_', '.', '/' or '\\', the value up to 128 of those, '@', ':' "
                        + "or inner spaces)");
            }
            if (name.equals(ZONE_ATTRIBUTE)) {
                throw new IllegalArgumentException("--node-attribute " + pair + " (expected: --node-zone for the "
                        + "node's zone)");
            }
            if (custom.put(name, value) != null) {
                throw new IllegalArgumentException("--node-attribute " + pair + " (expected: each name once)");
            }
        }
        if (custom.size() > MAX_CUSTOM) {
            throw new IllegalArgumentException("--node-attribute: " + custom.size() + " attributes (expected: at "
                    + "most " + MAX_CUSTOM + ")");
        }
        int c = cpu == null ? machineCpu() : cpu;
        if (c < 128) {
            throw new IllegalArgumentException("--node-cpu " + c + " (expected: 128 or more cpu units, 1024 a core)");
        }
        int m = memory == null ? machineMemory() : memory;
        if (m < 128) {
            throw new IllegalArgumentException("--node-memory " + m + " (expected: 128 or more MiB)");
        }
        return new NodeProfile(z, custom, c, m);
    }

    /** Every attribute of the node: its zone, instance type and OS type, then its own ones. */
    public Map<String, String> allAttributes() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(ZONE_ATTRIBUTE, availabilityZone);
        all.put(INSTANCE_TYPE_ATTRIBUTE, DEFAULT_INSTANCE_TYPE);
        all.put("ecs.os-type", "linux");
        all.putAll(custom);
        return all;
    }
}

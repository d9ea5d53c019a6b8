package dev.ballast.control.elbv2;

import dev.ballast.core.validation.Check;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * This server seen as an EC2 container instance: an id of the form {@code i-} + 17 lowercase hex digits and the
 * address where tasks in {@code bridge} (and {@code host}) network mode publish their host ports. An instance target
 * naming this id is reached at this address and the target's port.
 *
 * @param id the instance id, e.g. {@code i-0a1b2c3d4e5f60718}
 * @param address the IP literal the instance's host ports are reached on
 *
 * <p>Thread-safe (immutable).
 */
public record NodeInstance(String id, String address) {
    /** The form of the ids this server gives itself (EC2's long form). */
    public static final String ID_PATTERN = "i-[0-9a-f]{17}";

    /** Where the task drivers publish the host ports of bridge and host tasks (a port bound on all addresses too). */
    public static final String TASK_PORTS_ADDRESS = "127.0.0.1";

    /** Validates the fields. */
    public NodeInstance {
        Check.that(id != null && id.matches(ID_PATTERN), "InstanceId", id, "i- and 17 lowercase hex digits");
        Check.text("address", address);
    }

    /**
     * The instance of a server whose data directory holds {@code stickinessKey}: the id is derived from that key
     * (a one-way hash, so it reveals nothing of the key). Deriving rather than storing a second record keeps the id
     * stable for as long as the data directory, with nothing new to migrate or to get out of step.
     */
    public static NodeInstance derive(byte[] stickinessKey, String address) {
        return derive(stickinessKey, "", address);
    }

    /**
     * The instance of cluster node {@code nodeName}: the nodes share one stickiness key, so the name tells their
     * ids apart (stable for as long as the cluster's key and the node's name).
     */
    public static NodeInstance deriveForNode(byte[] stickinessKey, String nodeName, String address) {
        return derive(stickinessKey, "cluster node " + nodeName + "\n", address);
    }

    private static NodeInstance derive(byte[] stickinessKey, String salt, String address) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("ballast node instance id\n".getBytes(StandardCharsets.US_ASCII));
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(sha.digest(stickinessKey));
            return new NodeInstance("i-" + hex.substring(0, 17), address);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

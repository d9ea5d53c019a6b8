package dev.ballast.control.docker;

/**
 * A Docker Engine API version ({@code 1.41}); the version Ballast speaks is the lower of the engine's and the
 * client's highest, because an engine refuses versions above its own (Debian's 20.10 speaks 1.41) and Docker 29
 * refuses versions below 1.44.
 *
 * <p>Thread-safe (immutable).
 */
public record DockerApiVersion(int major, int minor) implements Comparable<DockerApiVersion> {
    /** The highest version the bundled client (docker-java 3.7) knows. */
    public static final DockerApiVersion CLIENT_MAX = new DockerApiVersion(1, 44);

    /**
     * Parses {@code "1.41"}.
     *
     * @throws IllegalArgumentException when the text is not {@code major.minor}
     */
    public static DockerApiVersion parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\.");
        try {
            if (parts.length == 2) {
                return new DockerApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("ApiVersion: " + text + " (expected: major.minor, e.g. 1.41)");
    }

    /**
     * The version to speak with an engine that reports {@code engineMax} and {@code engineMin}.
     *
     * @throws IllegalStateException when the engine's lowest version is above the client's highest
     */
    public static DockerApiVersion negotiate(DockerApiVersion engineMax, DockerApiVersion engineMin) {
        DockerApiVersion chosen = engineMax.compareTo(CLIENT_MAX) < 0 ? engineMax : CLIENT_MAX;
        if (engineMin != null && engineMin.compareTo(chosen) > 0) {
            throw new IllegalStateException("Docker engine API " + engineMin + "-" + engineMax
                    + " (expected: an engine that accepts API " + CLIENT_MAX + " or lower)");
        }
        return chosen;
    }

    @Override
    public int compareTo(DockerApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}

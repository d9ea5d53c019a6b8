package dev.ballast.etcd;

/**
 * The etcd user this node authenticates as ({@code --etcd-user}) and its password (from {@code --etcd-password-file}
 * or {@code BALLAST_ETCD_PASSWORD}, never the command line).
 *
 * <p>Thread-safe (immutable). {@link #toString} hides the password, so logging the record cannot leak it.
 *
 * @param user the etcd user name
 * @param password its password
 */
public record EtcdCredentials(String user, String password) {
    /** Checks that neither is empty, in the form {@code --option value (expected: ...)}. */
    public EtcdCredentials {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("--etcd-user " + user + " (expected: an etcd user name)");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--etcd-user " + user + " without a password (expected: "
                    + "--etcd-password-file <path> or the environment variable BALLAST_ETCD_PASSWORD)");
        }
    }

    @Override
    public String toString() {
        return "EtcdCredentials[user=" + user + ", password=(hidden)]";
    }
}

package dev.ballast.control.cloudformation;

/**
 * The stack and resource statuses, with CloudFormation's names.
 *
 * <p>Thread-safe (constants).
 */
public final class StackStatus {
    public static final String CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS";
    public static final String CREATE_COMPLETE = "CREATE_COMPLETE";
    public static final String CREATE_FAILED = "CREATE_FAILED";
    public static final String ROLLBACK_IN_PROGRESS = "ROLLBACK_IN_PROGRESS";
    public static final String ROLLBACK_COMPLETE = "ROLLBACK_COMPLETE";
    public static final String ROLLBACK_FAILED = "ROLLBACK_FAILED";
    public static final String UPDATE_IN_PROGRESS = "UPDATE_IN_PROGRESS";
    public static final String UPDATE_COMPLETE_CLEANUP_IN_PROGRESS = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
    public static final String UPDATE_COMPLETE = "UPDATE_COMPLETE";
    public static final String UPDATE_FAILED = "UPDATE_FAILED";
    public static final String UPDATE_ROLLBACK_IN_PROGRESS = "UPDATE_ROLLBACK_IN_PROGRESS";
    public static final String UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS =
            "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
    public static final String UPDATE_ROLLBACK_COMPLETE = "UPDATE_ROLLBACK_COMPLETE";
    public static final String UPDATE_ROLLBACK_FAILED = "UPDATE_ROLLBACK_FAILED";
    public static final String DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS";
    public static final String DELETE_COMPLETE = "DELETE_COMPLETE";
    public static final String DELETE_FAILED = "DELETE_FAILED";
    public static final String DELETE_SKIPPED = "DELETE_SKIPPED";

    private StackStatus() {}
}

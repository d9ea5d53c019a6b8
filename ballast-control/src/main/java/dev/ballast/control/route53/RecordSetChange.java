package dev.ballast.control.route53;

import dev.ballast.core.dns.ResourceRecordSet;

/**
 * One change of a ChangeResourceRecordSets batch.
 *
 * <p>Thread-safe (immutable).
 *
 * @param action {@code CREATE}, {@code DELETE} or {@code UPSERT}
 */
public record RecordSetChange(String action, ResourceRecordSet recordSet) {}

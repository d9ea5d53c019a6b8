package dev.ballast.control.cloudmap;

/**
 * One of a Cloud Map service's {@code DnsConfig.DnsRecords}: the type of record every instance gets, and its TTL.
 *
 * <p>Thread-safe (immutable).
 *
 * @param type {@code A}, {@code AAAA}, {@code SRV} or {@code CNAME}
 * @param ttl seconds
 */
public record DnsRecordTemplate(String type, long ttl) {}

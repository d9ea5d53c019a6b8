package dev.ballast.control.acm;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.ServerCertificate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the certificates: a command changes a copy of the certificates by ARN; if it changed
 * anything, the certificates are handed to the data plane first (as the certificate part of the snapshot, so a
 * re-imported certificate reaches live listeners' next handshakes), then committed to the store, durable before
 * the command returns. If the data plane or the store refuses, nothing changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread.
 */
public final class CertificateWriter {
    private static final Logger log = LoggerFactory.getLogger(CertificateWriter.class);
    private static final String PREFIX = "certificates/";

    private final Store store;
    private final ConfigPublisher publisher;
    private final JsonRecords json = new JsonRecords("certificate");
    private volatile CertificateState state;

    private CertificateWriter(Store store, ConfigPublisher publisher, CertificateState state) {
        this.store = store;
        this.publisher = publisher;
        this.state = state;
    }

    /** Loads the certificates from {@code store} and hands them to {@code publisher}. */
    public static CertificateWriter open(Store store, ConfigPublisher publisher) {
        CertificateWriter writer = new CertificateWriter(store, publisher, load(store));
        publisher.publish(snapshot(writer.state));
        log.info("loaded {} certificates at revision {}", writer.state.certificates().size(),
                writer.state.revision());
        return writer;
    }

    private static CertificateState load(Store store) {
        var contents = store.read(PREFIX);
        List<CertificateEntry> entries = new java.util.ArrayList<>();
        JsonRecords json = new JsonRecords("certificate");
        for (StoreRecord record : contents.records()) {
            entries.add(json.read(record, CertificateEntry.class));
        }
        entries.sort(Comparator.comparingLong(CertificateEntry::createdAt).thenComparing(CertificateEntry::arn));
        Map<String, CertificateEntry> byArn = new LinkedHashMap<>();
        entries.forEach(e -> byArn.put(e.arn(), e));
        return new CertificateState(contents.revision(), byArn);
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes those
     * certificates and publishes them. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        CertificateState stored = load(store);
        if (stored.revision() <= state.revision()) {
            return;
        }
        try {
            publisher.publish(snapshot(stored));
        } catch (RuntimeException e) {
            log.error("certificate revision {} from the store could not be applied: {}", stored.revision(),
                    e.getMessage());
        }
        state = stored;
    }

    /** The latest committed state. */
    public CertificateState state() {
        return state;
    }

    /**
     * Runs {@code command} on a copy of the certificates by ARN and, if it changed them, publishes and commits the
     * result; returns what the command returned. If another node committed first (cluster mode), this writer
     * catches up and runs the command again on the new state.
     *
     * @throws AwsException if the command, the data plane or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<Map<String, CertificateEntry>, T> command) {
        return ConflictRetry.run(() -> writeOnce(command), this::catchUp);
    }

    private <T> T writeOnce(Function<Map<String, CertificateEntry>, T> command) {
        CertificateState before = state;
        Map<String, CertificateEntry> draft = new LinkedHashMap<>(before.certificates());
        T result = command.apply(draft);
        if (draft.equals(before.certificates())) {
            return result;
        }
        CertificateState next = new CertificateState(before.revision() + 1, draft);
        List<Mutation> mutations = KeyedDiff.between(PREFIX, before.certificates(), next.certificates(),
                json::encode);
        try {
            publisher.publish(snapshot(next));
        } catch (RuntimeException e) {
            throw new AwsException(AwsError.ACM_VALIDATION, "The certificate cannot be served: " + e.getMessage());
        }
        try {
            store.commit(before.revision(), mutations);
        } catch (StoreException e) {
            log.error("commit of certificate revision {} failed: {}", next.revision(), e.getMessage());
            publisher.publish(snapshot(before));
            if (e instanceof StoreConflictException conflict) {
                throw conflict;
            }
            throw StoreErrors.answer(e);
        }
        state = next;
        return result;
    }

    /** The certificate part of the configuration: certificates only, no load balancers. */
    private static ConfigSnapshot snapshot(CertificateState state) {
        List<ServerCertificate> certificates = state.certificates().values().stream()
                .map(CertificateEntry::toServerCertificate).toList();
        return new ConfigSnapshot(state.revision(), List.of(), List.of(), List.of(),
                dev.ballast.core.model.TargetAddresses.none(), certificates);
    }
}

package dev.fleetops.core.audit;

import java.time.Clock;
import java.util.Objects;

/**
 * Writes a service's audit records in the order that makes them trustworthy (docs/audit.md):
 * <ol>
 * <li>{@link #intent} before the action: if it cannot be stored, it throws and the action must not run, so nothing
 * happens without a record;</li>
 * <li>{@link #outcome} after it, naming the intent: if that cannot be stored, the intent stays without an outcome,
 * which reads "outcome unknown", never "did not happen". The failure is reported, not thrown: the action's answer
 * must reach the caller (a portal that saw an error would repeat an action that ran);</li>
 * <li>{@link #denied} for a refusal of access: one record; nothing was attempted.</li>
 * </ol>
 */
public final class Auditor {
    /** Records nothing. */
    public static final Auditor NONE = new Auditor(AuditLog.NONE, Clock.systemUTC());

    private final AuditLog log;
    private final Clock clock;

    public Auditor(AuditLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "'log' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * Records that {@code ctx}'s caller is about to do {@code ctx.action()} to {@code target}.
     *
     * @throws AuditUnavailableException if the record could not be stored: do not act
     */
    public AuditRecord intent(AuditContext ctx, AuditTarget target, String detail) {
        AuditRecord intent = new AuditRecord(
                AuditRecord.newId(),
                clock.instant(),
                ctx.action(),
                AuditOutcome.PENDING,
                ctx.actor(),
                target,
                detail,
                ctx.request(),
                null);
        try {
            log.append(intent);
        } catch (RuntimeException e) {
            // Parts of the intent may be stored; say that it was not acted on, if the log takes anything now.
            write(
                    ctx,
                    new AuditRecord(
                            AuditRecord.newId(),
                            clock.instant(),
                            ctx.action(),
                            AuditOutcome.FAILED,
                            ctx.actor(),
                            target,
                            "not attempted: the intent could not be recorded",
                            ctx.request(),
                            intent.id()));
            throw e instanceof AuditUnavailableException u
                    ? u
                    : new AuditUnavailableException(
                            "the audit log could not record " + ctx.action() + ": "
                                    + e.getClass().getSimpleName(),
                            e);
        }
        return intent;
    }

    /** Records how {@code intent} ended; {@code target} may add what the action revealed (e.g. the operation it created). */
    public void outcome(AuditContext ctx, AuditRecord intent, AuditTarget target, AuditOutcome outcome, String detail) {
        if (outcome == AuditOutcome.PENDING) {
            throw new IllegalArgumentException("an outcome cannot be pending");
        }
        write(
                ctx,
                new AuditRecord(
                        AuditRecord.newId(),
                        clock.instant(),
                        ctx.action(),
                        outcome,
                        ctx.actor(),
                        target == null ? intent.target() : target,
                        detail,
                        ctx.request(),
                        intent.id()));
    }

    /** {@link #outcome} on the intent's own target. */
    public void outcome(AuditContext ctx, AuditRecord intent, AuditOutcome outcome, String detail) {
        outcome(ctx, intent, null, outcome, detail);
    }

    /** Records a refusal of access (the caller's role, or who they are, does not allow this); nothing was attempted. */
    public void denied(AuditContext ctx, AuditTarget target, String detail) {
        write(
                ctx,
                new AuditRecord(
                        AuditRecord.newId(),
                        clock.instant(),
                        ctx.action(),
                        AuditOutcome.DENIED,
                        ctx.actor(),
                        target,
                        detail,
                        ctx.request(),
                        null));
    }

    private void write(AuditContext ctx, AuditRecord r) {
        try {
            log.append(r);
        } catch (RuntimeException e) {
            ctx.warnings()
                    .accept("audit record " + r.id() + " (" + r.action() + " "
                            + r.outcome().wireName() + (r.intentId() == null ? "" : " of intent " + r.intentId())
                            + ") was not stored: " + e);
        }
    }
}

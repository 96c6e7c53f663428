package dev.fleetops.core.event;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Webhook subscriptions (docs/api.md, "Event subscriptions"): create one with a URL and a filter of event types, list
 * them, delete one. The URL is checked against {@link WebhookUrlPolicy} (SSRF); the secret is drawn here, returned once
 * by {@link #create} and never listed or logged. Every change is audited like the other commands: the intent first,
 * the outcome after.
 */
public final class SubscriptionService {
    /** Subscriptions at most: each one is a target of every delivery run. */
    public static final int MAX_SUBSCRIPTIONS = 25;

    public static final int MAX_FILTERS = 20;
    private static final Pattern ID = Pattern.compile("sub_[0-9a-f]{16}");
    private static final Set<String> FIELDS = Set.of("url", "eventTypes");

    private final SubscriptionStore store;
    private final WebhookUrlPolicy urls;
    private final WebhookUrlPolicy.Resolver resolver;
    private final Auditor audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SubscriptionService(
            SubscriptionStore store,
            WebhookUrlPolicy urls,
            WebhookUrlPolicy.Resolver resolver,
            Auditor audit,
            Clock clock) {
        this.store = store;
        this.urls = urls;
        this.resolver = resolver;
        this.audit = audit;
        this.clock = clock;
    }

    public sealed interface Creation {
        /** Created: {@code subscription.secret()} is shown to the caller this once. */
        record Created(Subscription subscription) implements Creation {}

        record Invalid(List<FieldError> errors) implements Creation {}

        record TooMany(int max) implements Creation {}
    }

    public Creation create(JsonElement body, AuditContext who) {
        List<FieldError> errors = new ArrayList<>();
        if (!(body instanceof JsonObject o)) {
            return new Creation.Invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        for (String k : o.keySet()) {
            if (!FIELDS.contains(k)) {
                errors.add(new FieldError(k, "is not a field of a subscription (url, eventTypes)"));
            }
        }
        String url = null;
        JsonElement u = o.get("url");
        if (u instanceof JsonPrimitive p && p.isString()) {
            url = p.getAsString();
            if (urls.check(url, resolver) instanceof WebhookUrlPolicy.Checked.Refused r) {
                errors.add(new FieldError("url", r.why()));
            }
        } else {
            errors.add(new FieldError("url", u == null ? "is required" : "must be a string"));
        }
        List<String> filters = new ArrayList<>();
        JsonElement t = o.get("eventTypes");
        if (t == null) {
            filters.add("*");
        } else if (t instanceof JsonArray a && !a.isEmpty() && a.size() <= MAX_FILTERS) {
            for (int i = 0; i < a.size(); i++) {
                JsonElement f = a.get(i);
                if (f instanceof JsonPrimitive p && p.isString() && EventType.isFilter(p.getAsString())) {
                    filters.add(p.getAsString());
                } else {
                    errors.add(new FieldError(
                            "eventTypes[" + i + "]",
                            "is not an event type (e.g. device.failed), a family (device.*, operation.*) or *"));
                }
            }
        } else {
            errors.add(new FieldError("eventTypes", "must be an array of 1 to " + MAX_FILTERS + " event types"));
        }
        if (!errors.isEmpty()) {
            return new Creation.Invalid(errors);
        }
        if (store.list().size() >= MAX_SUBSCRIPTIONS) {
            return new Creation.TooMany(MAX_SUBSCRIPTIONS);
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = "sub_" + HexFormat.of().formatHex(idBytes);
        Subscription s = new Subscription(
                id,
                url,
                filters,
                WebhookSignature.newSecret(random),
                clock.instant(),
                who.actor() == null ? null : who.actor().displayName());
        AuditRecord intent =
                audit.intent(who, target(id), "create webhook subscription " + id + " to " + url + " for " + filters);
        try {
            store.create(s);
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "store failed: " + e.getClass().getSimpleName());
            throw e;
        }
        audit.outcome(who, intent, AuditOutcome.SUCCEEDED, "created " + id);
        return new Creation.Created(s);
    }

    /** Every subscription, oldest first; the caller must not show secrets ({@link Subscription#secret()}). */
    public List<Subscription> list() {
        return store.list();
    }

    public Optional<Subscription> get(String id) {
        return ID.matcher(id).matches() ? store.get(id) : Optional.empty();
    }

    /** @return whether it existed; an id of the wrong form is just not found */
    public boolean delete(String id, AuditContext who) {
        if (!ID.matcher(id).matches()) {
            return false;
        }
        AuditRecord intent = audit.intent(who, target(id), "delete webhook subscription " + id);
        boolean existed;
        try {
            existed = store.delete(id);
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "store failed: " + e.getClass().getSimpleName());
            throw e;
        }
        audit.outcome(
                who, intent, existed ? AuditOutcome.SUCCEEDED : AuditOutcome.FAILED, existed ? "deleted" : "not found");
        return existed;
    }

    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static AuditTarget target(String id) {
        return AuditTarget.route("/api/subscriptions/" + id);
    }
}

package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The actions a FleetOps device carries out, and everything generic code needs to know about each: its
 * direct-method name, how its payload is parsed, the type of its reported section and the statuses that
 * section can hold. Back-end and device read these facts from here instead of switching on the action,
 * so a new action is one more constant (with its request, report and status types) rather than an edit
 * of every place that handles actions (docs/contract.md, "Adding an action").
 *
 * <p>The wire names follow the IoT Hub device-management tutorial ({@code reboot}, {@code firmwareUpdate})
 * so tutorial back-ends keep working; the reported section of an action is named like its method.
 *
 * @param <Q> the method payload
 * @param <R> the reported section
 */
@JsonAdapter(Action.ByName.class)
public final class Action<Q extends ActionRequest, R extends ActionReport> {

    /** Every action defined in this JVM by constant name, shipped or not: what persisted names are read against. */
    private static final java.util.Map<String, Action<?, ?>> DEFINED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Restart the device; progress under {@code iothubDM.reboot}. */
    public static final Action<RebootRequest, RebootReport> REBOOT = define(
                    "REBOOT", "reboot", RebootRequest::parse, RebootReport.class, RebootStatus.values())
            .withRolloutPayload("reboot");

    /** Wipe local state back to factory settings; progress under {@code iothubDM.factoryReset}. */
    public static final Action<FactoryResetRequest, FactoryResetReport> FACTORY_RESET = define(
                    "FACTORY_RESET",
                    "factoryReset",
                    FactoryResetRequest::parse,
                    FactoryResetReport.class,
                    FactoryResetStatus.values())
            .asDestructive();

    /** Download, verify and apply a firmware package; progress under {@code iothubDM.firmwareUpdate}. */
    public static final Action<FirmwareUpdateRequest, FirmwareUpdateReport> FIRMWARE_UPDATE = define(
                    "FIRMWARE_UPDATE",
                    "firmwareUpdate",
                    FirmwareUpdateRequest::parse,
                    FirmwareUpdateReport.class,
                    FirmwareUpdateStatus.values())
            .withRolloutPayload("firmware")
            .withDesiredGoal("firmware");

    /** Every action, in the order summaries and status documents list them. */
    private static final List<Action<?, ?>> ALL = List.of(REBOOT, FACTORY_RESET, FIRMWARE_UPDATE);

    /** Parses an untrusted method payload into a request. */
    @FunctionalInterface
    public interface Parser<Q> {
        /**
         * @param rejectUnknown whether unknown fields are errors (portal API) or ignored (device side, which
         *                      must accept payloads from newer back-ends)
         */
        Parsed<Q> parse(JsonElement payload, boolean rejectUnknown);
    }

    private final String name;
    private final String methodName;
    private final Parser<Q> parser;
    private final Class<R> reportType;
    private final List<ActionStatus> statuses;
    private final String rolloutPayload;
    private final String desiredGoal;
    private final boolean destructive;

    private Action(
            String name,
            String methodName,
            Parser<Q> parser,
            Class<R> reportType,
            List<ActionStatus> statuses,
            String rolloutPayload,
            String desiredGoal,
            boolean destructive) {
        this.name = Objects.requireNonNull(name, "'name' cannot be null.");
        this.methodName = Objects.requireNonNull(methodName, "'methodName' cannot be null.");
        this.parser = Objects.requireNonNull(parser, "'parser' cannot be null.");
        this.reportType = Objects.requireNonNull(reportType, "'reportType' cannot be null.");
        this.statuses = List.copyOf(statuses);
        this.rolloutPayload = rolloutPayload;
        this.desiredGoal = desiredGoal;
        this.destructive = destructive;
        if (!methodName.matches("[a-z][A-Za-z0-9]{0,31}")) {
            // The name becomes part of twin paths and IoT Hub queries; keep it a plain identifier.
            throw new IllegalArgumentException("'methodName' must be a camelCase identifier: " + methodName);
        }
        for (ActionStatus s : this.statuses) {
            if (!s.wireName().matches("[A-Za-z0-9]{1,32}")) {
                throw new IllegalArgumentException(
                        "status wire names go into queries and must be identifiers: " + s.wireName());
            }
        }
    }

    /**
     * Defines an action. The constants above are the actions FleetOps ships; defining one elsewhere (a test,
     * an extension) gives an action the generic code handles alike but that {@link #all()} does not list.
     *
     * @param name       the constant's name, the form a device persists in its state file (e.g. {@code FIRMWARE_UPDATE})
     * @param methodName the direct-method name, also the reported section's name
     * @param statuses   every status the section may hold (an enum's {@code values()})
     */
    public static <Q extends ActionRequest, R extends ActionReport> Action<Q, R> define(
            String name, String methodName, Parser<Q> parser, Class<R> reportType, ActionStatus[] statuses) {
        Action<Q, R> action = new Action<>(name, methodName, parser, reportType, List.of(statuses), null, null, false);
        DEFINED.put(name, action);
        return action;
    }

    /** This action, started in rollouts with its payload in {@code field} of {@code POST /api/operations}. */
    public Action<Q, R> withRolloutPayload(String field) {
        return redefined(new Action<>(
                name,
                methodName,
                parser,
                reportType,
                statuses,
                Objects.requireNonNull(field),
                desiredGoal,
                destructive));
    }

    /** This action, which a device also takes as a goal from desired property {@code property}. */
    public Action<Q, R> withDesiredGoal(String property) {
        return redefined(new Action<>(
                name,
                methodName,
                parser,
                reportType,
                statuses,
                rolloutPayload,
                Objects.requireNonNull(property),
                destructive));
    }

    /** This action, which destroys what a device holds (data, settings): only admins may start it. */
    public Action<Q, R> asDestructive() {
        return redefined(
                new Action<>(name, methodName, parser, reportType, statuses, rolloutPayload, desiredGoal, true));
    }

    /** Whether the action destroys what a device holds; access rules ask for more than an operator for it. */
    public boolean isDestructive() {
        return destructive;
    }

    private static <Q extends ActionRequest, R extends ActionReport> Action<Q, R> redefined(Action<Q, R> action) {
        DEFINED.put(action.name, action);
        return action;
    }

    /** Every action FleetOps ships, in a stable order. */
    public static List<Action<?, ?>> all() {
        return ALL;
    }

    public static Optional<Action<?, ?>> fromMethodName(String methodName) {
        return find(ALL, methodName);
    }

    /** The action among {@code actions} whose method is {@code methodName}. */
    public static Optional<Action<?, ?>> find(List<Action<?, ?>> actions, String methodName) {
        for (Action<?, ?> a : actions) {
            if (a.methodName.equals(methodName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The action persisted as {@code text}, its constant name or its method name, among every action defined
     * in this JVM: the shipped ones and any other (a test's, an extension's) whose definition has run.
     */
    public static Optional<Action<?, ?>> byPersistedName(String text) {
        for (Action<?, ?> a : ALL) {
            if (a.name.equals(text) || a.methodName.equals(text)) {
                return Optional.of(a);
            }
        }
        for (Action<?, ?> a : DEFINED.values()) {
            if (a.name.equals(text) || a.methodName.equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** "reboot, factoryReset or firmwareUpdate": the method names of {@code actions}, for messages. */
    public static String describe(List<Action<?, ?>> actions) {
        List<String> names = new ArrayList<>();
        actions.forEach(a -> names.add(a.methodName));
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The constant's name, e.g. {@code FIRMWARE_UPDATE}. */
    public String name() {
        return name;
    }

    /** The direct-method name on the wire. */
    public String methodName() {
        return methodName;
    }

    /** The reported-property section under {@code iothubDM} that carries this action's progress. */
    public String reportedSection() {
        return methodName;
    }

    /** Parses a method payload with the action's own validation. */
    public Parsed<Q> parse(JsonElement payload, boolean rejectUnknown) {
        return parser.parse(payload, rejectUnknown);
    }

    /** The record a device reports under {@link #reportedSection()}. */
    public Class<R> reportType() {
        return reportType;
    }

    /** Every status the section may hold. */
    public List<ActionStatus> statuses() {
        return statuses;
    }

    public Optional<ActionStatus> status(String wireName) {
        for (ActionStatus s : statuses) {
            if (s.wireName().equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The field of a {@code POST /api/operations} body that carries this action's payload, or empty when the
     * action takes none there (its payload is then empty apart from the operation id FleetOps adds).
     */
    public Optional<String> rolloutPayload() {
        return Optional.ofNullable(rolloutPayload);
    }

    /**
     * The desired property a device also takes this action from (docs/device-app.md), so a rollout can leave
     * the goal for a device that is offline when its turn comes; empty for actions without one.
     */
    public Optional<String> desiredGoal() {
        return Optional.ofNullable(desiredGoal);
    }

    @Override
    public String toString() {
        return methodName;
    }

    /**
     * Persisted as the constant's name (device state files have always held {@code "FIRMWARE_UPDATE"});
     * read from that or from the method name.
     */
    static final class ByName extends TypeAdapter<Action<?, ?>> {
        @Override
        public void write(JsonWriter out, Action<?, ?> value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.name);
            }
        }

        @Override
        public Action<?, ?> read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String text = in.nextString();
            return byPersistedName(text)
                    .orElseThrow(() -> new com.google.gson.JsonParseException(
                            "unknown action '" + text + "' at " + in.getPreviousPath()));
        }
    }
}

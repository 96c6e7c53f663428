package dev.fleetops.functions.wiring;

import com.azure.core.credential.TokenCredential;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.signing.ManifestKeyPair;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.firmware.CatalogSettings;
import dev.fleetops.core.firmware.FirmwareCatalogService;
import dev.fleetops.core.identity.AccessPolicy;
import dev.fleetops.core.identity.AuthSettings;
import dev.fleetops.core.identity.Authenticator;
import dev.fleetops.core.inventory.InventoryService;
import dev.fleetops.core.logs.LogPullService;
import dev.fleetops.core.logs.LogPullSettings;
import dev.fleetops.core.progress.ProgressService;
import dev.fleetops.core.rollout.service.ApprovalPolicy;
import dev.fleetops.core.rollout.service.DispatchPacer;
import dev.fleetops.core.rollout.service.DispatchWindow;
import dev.fleetops.core.rollout.service.DispatchWorker;
import dev.fleetops.core.rollout.service.MethodPacer;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutPackageUsage;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.core.rollout.service.SharedPacer;
import dev.fleetops.core.status.DeviceStatusService;
import dev.fleetops.functions.http.AccessGate;
import dev.fleetops.functions.iothub.IotHubAccess;
import dev.fleetops.functions.iothub.IotHubClients;
import dev.fleetops.functions.iothub.IotHubDesiredWriter;
import dev.fleetops.functions.iothub.IotHubMethodInvoker;
import dev.fleetops.functions.iothub.IotHubTwinQueries;
import dev.fleetops.functions.iothub.IotHubTwinReader;
import dev.fleetops.functions.iothub.ServiceConnectionString;
import dev.fleetops.functions.iothub.ServiceSasCredential;
import dev.fleetops.functions.settings.SettingsException;
import dev.fleetops.functions.storage.BlobFirmwarePackages;
import dev.fleetops.functions.storage.BlobLogLinks;
import dev.fleetops.functions.storage.BlobProgressStore;
import dev.fleetops.functions.storage.StorageClients;
import dev.fleetops.functions.storage.StorageDispatchQueue;
import dev.fleetops.functions.storage.TableAuditLog;
import dev.fleetops.functions.storage.TableFirmwareCatalog;
import dev.fleetops.functions.storage.TablePacerSlots;
import dev.fleetops.functions.storage.TableRolloutStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The composition root: builds settings, credentials, SDK clients and services once per worker, on
 * first use. Nothing is built at load time, so a worker with missing settings still starts and each
 * call answers with a clear configuration error instead.
 */
public final class AppServices {
    private final Lazy<FunctionsSettings> settings;
    private final Lazy<java.time.Duration> storageTimeout;
    private final Lazy<TokenCredential> credential;
    private final Lazy<IotHubAccess> iotHub;
    private final Lazy<DeviceActionService> deviceActions;
    private final Lazy<LogPullService> logPulls;
    private final Lazy<DeviceStatusService> deviceStatus;
    private final Lazy<ProgressService> progress;
    private final Lazy<InventoryService> inventory;
    private final Lazy<RolloutStore> rolloutStore;
    private final Lazy<RolloutService> operations;
    private final Lazy<RolloutControl> operationCommands;
    private final Lazy<RolloutTicker> ticker;
    private final Lazy<MethodPacer> pacer;
    private final Lazy<DispatchWindow> window;
    private final Lazy<IotHubMethodInvoker> methodInvoker;
    private final Lazy<IotHubDesiredWriter> desiredWriter;
    /** Threads on demand, idle ones reused and ended after a minute: the window bounds how many run. */
    private final Lazy<java.util.concurrent.ExecutorService> dispatchPool =
            new Lazy<>(() -> Executors.newCachedThreadPool(daemon("fleetops-dispatch")));

    private final Lazy<DispatchWorker> dispatchWorker;
    private final Lazy<AccessGate> access;
    private final Lazy<AuditLog> auditLog;
    private final Lazy<dev.fleetops.core.timeline.DeviceTimeline> timeline;
    private final Lazy<dev.fleetops.core.timeline.DeviceTimelineService> deviceTimeline;
    private final Lazy<Auditor> auditor;
    private final Lazy<ApprovalPolicy> approvals;
    private final Lazy<BlobFirmwarePackages> firmwarePackages;
    private final Lazy<FirmwareCatalogService> firmware;
    private final Lazy<dev.fleetops.core.event.EventSettings> eventSettings;
    private final Lazy<dev.fleetops.functions.storage.TableOutbox> outbox;
    private final Lazy<dev.fleetops.core.event.SubscriptionService> subscriptions;
    private final Lazy<dev.fleetops.core.event.EventDelivery> eventDelivery;

    private final Supplier<dev.fleetops.core.progress.NoProgressYet> noProgressYet;

    public AppServices(Map<String, String> env, Clock clock) {
        // Read per request: the answer names the timer's next run after now.
        noProgressYet = () ->
                dev.fleetops.core.progress.NoProgressYet.at(env.get(SettingNames.PROGRESS_SCHEDULE), clock.instant());
        settings = new Lazy<>(() -> FunctionsSettings.from(env));
        storageTimeout = new Lazy<>(() -> StorageClients.timeout(env));
        timeline = new Lazy<>(() -> new dev.fleetops.functions.storage.TableDeviceTimeline(tableService()));
        // Every command that ends on one device also goes on its timeline (docs/api.md, "Device timeline").
        auditLog = new Lazy<>(() ->
                new dev.fleetops.core.timeline.TimelineAuditLog(new TableAuditLog(tableService()), timeline.get()));
        auditor = new Lazy<>(() -> new Auditor(auditLog.get(), clock));
        approvals = new Lazy<>(() -> approvalPolicy(env));
        access = new Lazy<>(() -> accessGate(env, auditor));
        credential = new Lazy<>(() -> {
            DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
            String clientId = settings.get().azureClientId();
            if (clientId != null) {
                b.managedIdentityClientId(clientId);
            }
            return b.build();
        });
        iotHub = new Lazy<>(() -> access(settings.get(), credential, clock));
        eventSettings = new Lazy<>(() -> eventSettings(env));
        outbox = new Lazy<>(() -> new dev.fleetops.functions.storage.TableOutbox(tableService()));
        // Every save records its events in the outbox (docs/rollouts.md, "Events"); the events timer delivers them.
        // It writes each changed device row's line on that device's timeline too.
        rolloutStore = new Lazy<>(() -> new TableRolloutStore(
                tableService(),
                dev.fleetops.core.rollout.service.DecisionRecorder.all(
                        new dev.fleetops.core.event.EventRecorder(outbox.get(), clock),
                        new dev.fleetops.core.timeline.TimelineRecorder(timeline.get()))));
        subscriptions = new Lazy<>(() -> new dev.fleetops.core.event.SubscriptionService(
                new dev.fleetops.functions.storage.TableSubscriptions(tableService()),
                eventSettings.get().urls(),
                dev.fleetops.functions.events.HttpEventPosts::resolve,
                auditor.get(),
                clock));
        eventDelivery = new Lazy<>(() -> new dev.fleetops.core.event.EventDelivery(
                outbox.get(),
                new dev.fleetops.functions.storage.TableDeliveryQueue(tableService()),
                new dev.fleetops.functions.storage.TableSubscriptions(tableService()),
                eventPosts(env, eventSettings.get()),
                new dev.fleetops.functions.storage.BlobDeadLetters(
                        container(eventSettings.get().deadLetterContainer())),
                eventSettings.get().policy(),
                clock,
                Executors.newFixedThreadPool(4, daemon("fleetops-events"))));
        firmwarePackages = new Lazy<>(() -> firmwarePackages(env, clock));
        firmware = new Lazy<>(() -> new FirmwareCatalogService(
                new TableFirmwareCatalog(tableService()),
                firmwarePackages.get(),
                new RolloutPackageUsage(rolloutStore.get()),
                catalogSettings(env),
                clock,
                auditor.get(),
                signingKey(env)));
        deviceActions = new Lazy<>(() -> new DeviceActionService(
                new IotHubMethodInvoker(
                        IotHubClients.methods(iotHub.get(), settings.get().methodTimeouts()),
                        settings.get().methodTimeouts(),
                        iotHub.get()::beforeCall),
                clock,
                auditor.get(),
                firmware.get()));
        logPulls = new Lazy<>(() -> new LogPullService(
                new IotHubMethodInvoker(
                        IotHubClients.methods(iotHub.get(), settings.get().methodTimeouts()),
                        settings.get().methodTimeouts(),
                        iotHub.get()::beforeCall),
                new IotHubTwinReader(IotHubClients.twins(iotHub.get()), iotHub.get()::beforeCall),
                clock,
                auditor.get(),
                logPullSettings(env),
                logLinks(env, clock)));
        deviceStatus = new Lazy<>(() -> new DeviceStatusService(
                new IotHubTwinReader(IotHubClients.twins(iotHub.get()), iotHub.get()::beforeCall)));
        deviceTimeline = new Lazy<>(() -> new dev.fleetops.core.timeline.DeviceTimelineService(
                timeline.get(),
                new IotHubTwinReader(IotHubClients.twins(iotHub.get()), iotHub.get()::beforeCall),
                clock));
        inventory = new Lazy<>(() -> new InventoryService(
                new IotHubTwinQueries(IotHubClients.queries(iotHub.get()), iotHub.get()::beforeCall)));
        progress = new Lazy<>(() -> new ProgressService(
                new IotHubTwinQueries(IotHubClients.queries(iotHub.get()), iotHub.get()::beforeCall),
                new BlobProgressStore(progressContainer()),
                clock,
                settings.get().progress()));
        operations = new Lazy<>(() -> new RolloutService(
                rolloutStore.get(),
                clock,
                auditor.get(),
                approvals.get(),
                new IotHubTwinQueries(IotHubClients.queries(iotHub.get()), iotHub.get()::beforeCall),
                firmware.get()));
        operationCommands = new Lazy<>(() -> new RolloutControl(rolloutStore.get(), clock, auditor.get()));
        pacer = new Lazy<>(() -> {
            FunctionsSettings st = settings.get();
            // Queue-triggered workers run on every instance: they share one schedule so that together they stay
            // under the hub's limit. Inline, the timer's instance is the only one calling, and paces alone.
            return st.rolloutDispatchQueued()
                    ? SharedPacer.forHub(
                            new TablePacerSlots(tableService(), hubName(st)),
                            st.iotHubSku(),
                            st.iotHubUnits(),
                            DispatchPacer.DEFAULT_SHARE)
                    : DispatchPacer.forHub(st.iotHubSku(), st.iotHubUnits(), DispatchPacer.DEFAULT_SHARE);
        });
        window = new Lazy<>(
                () -> DispatchWindow.forPacer(pacer.get(), settings.get().rolloutDispatchParallelism()));
        methodInvoker = new Lazy<>(() -> new IotHubMethodInvoker(
                IotHubClients.methods(iotHub.get(), settings.get().methodTimeouts()),
                settings.get().methodTimeouts(),
                iotHub.get()::beforeCall));
        desiredWriter =
                new Lazy<>(() -> new IotHubDesiredWriter(IotHubClients.twins(iotHub.get()), iotHub.get()::beforeCall));
        ticker = new Lazy<>(() -> new RolloutTicker(
                        rolloutStore.get(),
                        new IotHubTwinQueries(IotHubClients.queries(iotHub.get()), iotHub.get()::beforeCall),
                        methodInvoker.get(),
                        desiredWriter.get(),
                        clock,
                        dispatchPool.get(),
                        pacer.get(),
                        window.get(),
                        RolloutTicker.DEFAULT_DISPATCH_BUDGET,
                        firmwarePackages.get(),
                        settings.get().rolloutDispatchQueued() ? new StorageDispatchQueue(dispatchQueue()) : null)
                .withGateCalls(new dev.fleetops.functions.gates.HttpWaveGate(
                        eventSettings.get().urls(), dev.fleetops.functions.events.HttpEventPosts::resolve)));
        dispatchWorker = new Lazy<>(() -> new DispatchWorker(
                rolloutStore.get(),
                methodInvoker.get(),
                desiredWriter.get(),
                clock,
                dispatchPool.get(),
                pacer.get(),
                window.get()));
    }

    /** The firmware catalog (docs/firmware-catalog.md): Table entries, Blob packages, links signed per use. */
    public Supplier<FirmwareCatalogService> firmware() {
        return firmware;
    }

    /**
     * The firmware container, from FIRMWARE_STORAGE_CONNECTION_STRING (local: Azurite over HTTPS), else the host's
     * storage. A connection string with an account key signs links with the key; identity-based storage signs them
     * with a user delegation key (Azure: shared keys are off).
     */
    private BlobFirmwarePackages firmwarePackages(Map<String, String> env, Clock clock) {
        SigningBlobs blobs = signingBlobs(env.get(SettingNames.FIRMWARE_STORAGE_CONNECTION_STRING));
        String container = env.getOrDefault(SettingNames.FIRMWARE_CONTAINER, "");
        return new BlobFirmwarePackages(
                blobs.client(),
                container.isBlank() ? "firmware" : container.trim(),
                blobs.signing(),
                MEASURE_BUDGET,
                clock);
    }

    /** A Blob service and how links on it are signed. */
    private record SigningBlobs(
            com.azure.storage.blob.BlobServiceClient client, BlobFirmwarePackages.Signing signing) {}

    /**
     * The Blob service of {@code own} (a connection string; blank: the host's storage). A connection string with an
     * account key signs links with the key; identity-based storage signs them with a user delegation key.
     */
    private SigningBlobs signingBlobs(String own) {
        FunctionsSettings s = settings.get();
        String cs = own != null && !own.isBlank() ? own : s.storage().connectionString();
        BlobServiceClientBuilder b = new BlobServiceClientBuilder();
        BlobFirmwarePackages.Signing signing;
        if (cs != null) {
            b.connectionString(cs);
            signing = cs.contains("AccountKey=") || cs.contains("UseDevelopmentStorage=true")
                    ? BlobFirmwarePackages.Signing.ACCOUNT_KEY
                    : BlobFirmwarePackages.Signing.USER_DELEGATION;
        } else {
            b.endpoint(s.storage().blobServiceUri()).credential(credential.get());
            signing = BlobFirmwarePackages.Signing.USER_DELEGATION;
        }
        return new SigningBlobs(
                b.clientOptions(StorageClients.httpOptions(storageTimeout.get()))
                        .retryOptions(StorageClients.retries())
                        .buildClient(),
                signing);
    }

    /**
     * How long completing a version may spend reading its package: well inside the host's 230 s HTTP limit, with room
     * for the retries of the last range read.
     */
    static final java.time.Duration MEASURE_BUDGET = java.time.Duration.ofSeconds(150);

    /** FIRMWARE_SIGNING_KEY's key pair, or null when it is not set; never echoes the setting in an error. */
    static ManifestKeyPair signingKey(Map<String, String> env) {
        String pem = env.get(SettingNames.FIRMWARE_SIGNING_KEY);
        if (pem == null || pem.isBlank()) {
            return null;
        }
        if (pem.startsWith("@Microsoft.KeyVault(")) {
            throw new SettingsException(SettingNames.FIRMWARE_SIGNING_KEY
                    + " is an unresolved Key Vault reference: check the app's access to the secret (docs/deploy.md)");
        }
        try {
            return ManifestKeyPair.fromPem(pem.replace("\\n", "\n"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(SettingNames.FIRMWARE_SIGNING_KEY + " is not a usable signing key: "
                    + e.getMessage() + " (PEM text with its PRIVATE KEY and PUBLIC KEY blocks)");
        }
    }

    static CatalogSettings catalogSettings(Map<String, String> env) {
        String raw = env.get(SettingNames.FIRMWARE_MAX_SIZE_MB);
        long mb = 2048;
        if (raw != null && !raw.isBlank()) {
            try {
                mb = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                mb = -1;
            }
            if (mb < 1 || mb > 4096) {
                throw new SettingsException(
                        SettingNames.FIRMWARE_MAX_SIZE_MB + " must be a whole number from 1 to 4096");
            }
        }
        return new CatalogSettings(
                mb * 1024 * 1024,
                CatalogSettings.DEFAULTS.uploadLinkLifetime(),
                CatalogSettings.DEFAULTS.readLinkLifetime());
    }

    /** Webhook subscriptions (docs/api.md, "Event subscriptions"). */
    public Supplier<dev.fleetops.core.event.SubscriptionService> subscriptions() {
        return subscriptions;
    }

    /** The events timer's run: the outbox to Event Grid and the webhooks. */
    public Supplier<dev.fleetops.core.event.EventDelivery> eventDelivery() {
        return eventDelivery;
    }

    private static dev.fleetops.core.event.EventSettings eventSettings(Map<String, String> env) {
        Parsed<dev.fleetops.core.event.EventSettings> p = dev.fleetops.core.event.EventSettings.from(env);
        if (p instanceof Parsed.Invalid<dev.fleetops.core.event.EventSettings> bad) {
            throw new SettingsException(bad.summary());
        }
        return ((Parsed.Valid<dev.fleetops.core.event.EventSettings>) p).value();
    }

    /** Event Grid when FLEETOPS_EVENTGRID_ENDPOINT is set; a development token only for a topic on localhost. */
    private dev.fleetops.functions.events.HttpEventPosts eventPosts(
            Map<String, String> env, dev.fleetops.core.event.EventSettings s) {
        String endpoint = env.get(SettingNames.EVENTGRID_ENDPOINT);
        endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
        String devToken = env.get(SettingNames.EVENTGRID_DEV_TOKEN);
        devToken = devToken == null || devToken.isBlank() ? null : devToken.trim();
        if (endpoint != null) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(SettingNames.EVENTGRID_ENDPOINT + " is not a URL");
            }
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (!"https".equals(uri.getScheme()) && !local) {
                throw new SettingsException(SettingNames.EVENTGRID_ENDPOINT + " must be an https URL");
            }
            if (devToken != null && !local) {
                throw new SettingsException(SettingNames.EVENTGRID_DEV_TOKEN
                        + " is for a local Event Grid stand-in only; in Azure the app uses its managed identity");
            }
        }
        return new dev.fleetops.functions.events.HttpEventPosts(
                endpoint, credential, devToken, s.urls(), dev.fleetops.functions.events.HttpEventPosts::resolve);
    }

    public Supplier<RolloutService> operations() {
        return operations;
    }

    public Supplier<RolloutControl> operationCommands() {
        return operationCommands;
    }

    public Supplier<RolloutTicker> ticker() {
        return ticker;
    }

    /** Who is calling and may they: from FLEETOPS_AUTH and the access settings (docs/identity.md). */
    public Supplier<AccessGate> access() {
        return access;
    }

    /** Who did what (docs/audit.md): Table Storage, next to the rollout tables. */
    public Supplier<AuditLog> auditLog() {
        return auditLog;
    }

    private static ApprovalPolicy approvalPolicy(Map<String, String> env) {
        Parsed<ApprovalPolicy> p = ApprovalPolicy.from(env);
        if (p instanceof Parsed.Invalid<ApprovalPolicy> bad) {
            throw new SettingsException(bad.summary());
        }
        return ((Parsed.Valid<ApprovalPolicy>) p).value();
    }

    private static AccessGate accessGate(Map<String, String> env, Supplier<Auditor> auditor) {
        Parsed<AuthSettings> auth = AuthSettings.from(env);
        Parsed<AccessPolicy> policy = AccessPolicy.from(env);
        if (auth instanceof Parsed.Invalid<AuthSettings> bad) {
            throw new SettingsException(bad.summary());
        }
        if (policy instanceof Parsed.Invalid<AccessPolicy> bad) {
            throw new SettingsException(bad.summary());
        }
        return new AccessGate(
                new Authenticator(((Parsed.Valid<AuthSettings>) auth).value()),
                ((Parsed.Valid<AccessPolicy>) policy).value(),
                auditor);
    }

    private TableServiceClient tableService() {
        FunctionsSettings s = settings.get();
        TableServiceClientBuilder b = new TableServiceClientBuilder();
        if (s.storage().connectionString() != null) {
            b.connectionString(s.storage().connectionString());
        } else {
            b.endpoint(s.storage().blobServiceUri().replace(".blob.", ".table."))
                    .credential(credential.get());
        }
        return b.clientOptions(StorageClients.httpOptions(storageTimeout.get()))
                .retryOptions(StorageClients.retries())
                .buildClient();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public Supplier<DeviceActionService> deviceActions() {
        return deviceActions;
    }

    /** On-demand log pulls (docs/api.md, "Device logs"). */
    public Supplier<LogPullService> logPulls() {
        return logPulls;
    }

    /** LOGS_CONTAINER and LOGS_UPLOAD_VIA; a bad value is a settings error naming the setting, never echoing it. */
    static LogPullSettings logPullSettings(Map<String, String> env) {
        String container = env.getOrDefault(SettingNames.LOGS_CONTAINER, "");
        String via = env.getOrDefault(SettingNames.LOGS_UPLOAD_VIA, "");
        LogPullSettings.Via v;
        try {
            v = via.isBlank() ? LogPullSettings.Via.IOT_HUB : LogPullSettings.Via.parse(via);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(SettingNames.LOGS_UPLOAD_VIA + " must be iothub or sas");
        }
        return new LogPullSettings(
                container.isBlank() ? LogPullSettings.DEFAULT_CONTAINER : container.trim(),
                v,
                LogPullSettings.DEFAULT_LINK_LIFETIME);
    }

    /** Links to the logs container, signed as the firmware container's are (account key or user delegation). */
    private BlobLogLinks logLinks(Map<String, String> env, Clock clock) {
        String own = env.get(SettingNames.LOGS_STORAGE_CONNECTION_STRING);
        if (own == null || own.isBlank()) {
            own = env.get(SettingNames.FIRMWARE_STORAGE_CONNECTION_STRING);
        }
        SigningBlobs blobs = signingBlobs(own);
        return new BlobLogLinks(blobs.client(), logPullSettings(env).container(), blobs.signing(), clock);
    }

    public Supplier<DeviceStatusService> deviceStatus() {
        return deviceStatus;
    }

    public Supplier<dev.fleetops.core.timeline.DeviceTimelineService> deviceTimeline() {
        return deviceTimeline;
    }

    /** The device inventory: pages of devices and their summary (docs/api.md, "Device inventory"). */
    public Supplier<InventoryService> inventory() {
        return inventory;
    }

    public Supplier<ProgressService> progress() {
        return progress;
    }

    /** What {@code GET /api/progress} says before the progress timer's first run: when it runs next. */
    public Supplier<dev.fleetops.core.progress.NoProgressYet> noProgressYet() {
        return noProgressYet;
    }

    /** Connection string, local endpoint with a policy key, or host name with identity, in that order. */
    static IotHubAccess access(FunctionsSettings s, Supplier<TokenCredential> credential, Clock clock) {
        if (s.iotHubConnectionString() != null && s.iotHubServiceEndpoint() != null) {
            ServiceConnectionString cs = ServiceConnectionString.parse(s.iotHubConnectionString());
            return new IotHubAccess.SasEndpoint(
                    s.iotHubServiceEndpoint(),
                    new ServiceSasCredential(cs.hostName(), cs.policyName(), cs.key(), clock));
        }
        if (s.iotHubConnectionString() != null) {
            return new IotHubAccess.ConnectionString(s.iotHubConnectionString());
        }
        return new IotHubAccess.Identity(s.iotHubHostName(), credential.get());
    }

    /** Queue-triggered workers (docs/performance.md, "Beyond one instance"). */
    public Supplier<DispatchWorker> dispatchWorker() {
        return dispatchWorker;
    }

    /** The hub's host name, which names its pacer schedule: instances pacing for one hub share it. */
    static String hubName(FunctionsSettings s) {
        if (s.iotHubHostName() != null) {
            return s.iotHubHostName();
        }
        return dev.fleetops.functions.iothub.ServiceConnectionString.parse(s.iotHubConnectionString())
                .hostName();
    }

    /** The dispatch queue under the host's storage, Base64 messages as the host's queue trigger reads them. */
    private com.azure.storage.queue.QueueClient dispatchQueue() {
        FunctionsSettings s = settings.get();
        com.azure.storage.queue.QueueClientBuilder b = new com.azure.storage.queue.QueueClientBuilder();
        if (s.storage().connectionString() != null) {
            b.connectionString(s.storage().connectionString());
        } else {
            b.endpoint(s.storage().blobServiceUri().replace(".blob.", ".queue."))
                    .credential(credential.get());
        }
        return b.clientOptions(StorageClients.httpOptions(storageTimeout.get()))
                .retryOptions(StorageClients.retries())
                .messageEncoding(com.azure.storage.queue.QueueMessageEncoding.BASE64)
                .queueName(s.rolloutDispatchQueue())
                .buildClient();
    }

    private BlobContainerClient progressContainer() {
        return container(settings.get().progressContainer());
    }

    private BlobContainerClient container(String name) {
        FunctionsSettings s = settings.get();
        BlobServiceClientBuilder b = new BlobServiceClientBuilder();
        if (s.storage().connectionString() != null) {
            b.connectionString(s.storage().connectionString());
        } else {
            b.endpoint(s.storage().blobServiceUri()).credential(credential.get());
        }
        return b.clientOptions(StorageClients.httpOptions(storageTimeout.get()))
                .retryOptions(StorageClients.retries())
                .buildClient()
                .getBlobContainerClient(name);
    }

    /** Memoizes a successful build; a failed build (bad settings) is retried on the next call. */
    static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}

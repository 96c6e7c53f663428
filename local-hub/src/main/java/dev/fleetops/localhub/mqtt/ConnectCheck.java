package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.DeviceAuth;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.x509.CertificateVerdict;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides a CONNECT as IoT Hub does; no I/O beyond asking the hub to check the credentials. A password is a SAS
 * token; no password means X.509, as the device SDK sends it ({@code x509=true}: same username, no password), and the
 * TLS client certificate is checked instead.
 */
final class ConnectCheck {
    /** MQTT 3.1.1 is protocol level 4. */
    private static final int MQTT_3_1_1 = 4;

    /** @param deviceId the device, when accepted; @param reason why, for the log */
    record Verdict(MqttConnectReturnCode code, String deviceId, String reason) {
        boolean accepted() {
            return code == MqttConnectReturnCode.CONNECTION_ACCEPTED;
        }
    }

    private ConnectCheck() {}

    /** @param peerChain the TLS client certificates, leaf first; asked for only when there is no password */
    static Verdict check(Hub hub, MqttConnectMessage connect, Supplier<List<X509Certificate>> peerChain) {
        int level = connect.variableHeader().version();
        if (level != MQTT_3_1_1) {
            return refuse(
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "protocol level " + level + " is not MQTT 3.1.1");
        }
        String username =
                connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
        String deviceId = deviceIdFromUsername(username);
        if (deviceId == null) {
            return refuse(
                    MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "username is not {host}/{deviceId}/?api-version=… (modules are not supported)");
        }
        if (!deviceId.equals(connect.payload().clientIdentifier())) {
            return refuse(
                    MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "client id differs from the device id in the username");
        }
        byte[] password =
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null;
        if (password == null) {
            CertificateVerdict x509 = hub.authenticateDevice(deviceId, peerChain.get());
            if (x509 instanceof CertificateVerdict.Refused r) {
                return refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "X.509: " + r.reason());
            }
            return new Verdict(MqttConnectReturnCode.CONNECTION_ACCEPTED, deviceId, "accepted (X.509)");
        }
        DeviceAuth auth = hub.authenticateDevice(deviceId, new String(password, StandardCharsets.UTF_8));
        return switch (auth) {
            case ACCEPTED -> new Verdict(MqttConnectReturnCode.CONNECTION_ACCEPTED, deviceId, "accepted");
            // The SDK maps 5 to BAD_CREDENTIAL; the real hub answers a disabled device with 5 as well.
            case UNKNOWN_DEVICE ->
                refuse(
                        MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                        "unknown device or token for another device");
            case DISABLED -> refuse(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "device is disabled");
            case BAD_CREDENTIALS ->
                refuse(
                        MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                        "malformed, expired or badly signed SAS token");
        };
    }

    /** {@code {host}/{deviceId}/?api-version=…} → deviceId; split on the first {@code /?}, unknown parameters ignored. */
    static String deviceIdFromUsername(String username) {
        if (username == null) {
            return null;
        }
        int query = username.indexOf("/?");
        String path = query < 0 ? username : username.substring(0, query);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int slash = path.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String rest = path.substring(slash + 1);
        return rest.isEmpty() || rest.contains("/") ? null : rest;
    }

    private static Verdict refuse(MqttConnectReturnCode code, String reason) {
        return new Verdict(code, null, reason);
    }
}

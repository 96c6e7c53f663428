package dev.fleetops.bench.wire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Device SAS tokens exactly as the Java device SDK 2.5.0 signs them: fields {@code sig, se, sr}, {@code sr} not encoded. */
final class DeviceSas {

    private DeviceSas() {}

    /**
     * {@code SharedAccessSignature sig=…&se=…&sr={host}/devices/{id}}, signed with HMAC-SHA256 over {@code sr + "\n" + se}.
     *
     * @param expiry Unix seconds
     */
    static String token(WireDevice.Credentials device, long expiry) {
        String sr = device.hostName() + "/devices/" + device.deviceId();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(device.sharedAccessKey()), "HmacSHA256"));
            byte[] sig = mac.doFinal((sr + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return "SharedAccessSignature sig="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(sig), StandardCharsets.UTF_8) + "&se="
                    + expiry + "&sr=" + sr;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The MQTT user name IoT Hub expects: {@code {host}/{deviceId}/?api-version=…}. */
    static String username(WireDevice.Credentials device) {
        return device.hostName() + "/" + device.deviceId()
                + "/?api-version=2020-09-30&DeviceClientType=fleetops-wire-device%2F1.0";
    }
}

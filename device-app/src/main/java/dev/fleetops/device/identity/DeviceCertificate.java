package dev.fleetops.device.identity;

import dev.fleetops.device.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A device's certificate chain (leaf first) and private key, loaded from PEM files. The key file must be readable by
 * its owner only: a key others can read is no longer the device's alone, so the device refuses to start. Error
 * messages name files and problems, never contents.
 */
public record DeviceCertificate(PrivateKey key, List<X509Certificate> chain) {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    public DeviceCertificate {
        chain = List.copyOf(chain);
    }

    @Override
    public String toString() {
        return "DeviceCertificate[" + chain.get(0).getSubjectX500Principal().getName() + ", key ***]";
    }

    /**
     * @param certFile the device certificate, optionally followed by its intermediates
     * @param keyFile  its unencrypted private key: PKCS#8, or the RSA/EC forms openssl writes
     * @throws ConfigException one line fit for the user, for a missing, unreadable, shared or malformed file
     */
    public static DeviceCertificate load(Path certFile, Path keyFile) throws ConfigException {
        checkOwnerOnly(keyFile);
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!isKeyOf(key, chain.get(0))) {
            throw new ConfigException("key file " + keyFile + " is not the key of the certificate in " + certFile);
        }
        return new DeviceCertificate(key, chain);
    }

    /** Signs and verifies a nonce: a mismatched pair would otherwise surface as an opaque TLS failure. */
    private static boolean isKeyOf(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // the TLS handshake will tell
        }
        try {
            byte[] nonce = new byte[32];
            new java.security.SecureRandom().nextBytes(nonce);
            java.security.Signature s = java.security.Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(nonce);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(nonce);
            return s.verify(sig);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static void checkOwnerOnly(Path keyFile) throws ConfigException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
            perms.retainAll(OTHERS);
            if (!perms.isEmpty()) {
                throw new ConfigException("key file " + keyFile + " is accessible to group or others; the device"
                        + " refuses a shared key (chmod 600 " + keyFile + ")");
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("key file " + keyFile + " does not exist");
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the operator's to set.
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read key file " + keyFile + ": " + e.getClass().getSimpleName());
        }
    }

    private static List<X509Certificate> certificates(Path certFile) throws ConfigException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(certFile);
                PEMParser p = new PEMParser(r)) {
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            for (Object o = p.readObject(); o != null; o = p.readObject()) {
                if (!(o instanceof X509CertificateHolder h)) {
                    throw new ConfigException("certificate file " + certFile + " holds something other than"
                            + " certificates (is it the key file?)");
                }
                out.add(conv.getCertificate(h));
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("certificate file " + certFile + " does not exist");
        } catch (IOException | java.security.cert.CertificateException | RuntimeException e) {
            throw new ConfigException("certificate file " + certFile + " is not a PEM certificate");
        }
        if (out.isEmpty()) {
            throw new ConfigException("certificate file " + certFile + " holds no PEM certificate");
        }
        return out;
    }

    private static PrivateKey privateKey(Path keyFile) throws ConfigException {
        try (Reader r = Files.newBufferedReader(keyFile);
                PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return conv.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new ConfigException("key file " + keyFile + " holds no unencrypted PEM private key"
                    + " (an encrypted key needs: openssl pkey -in KEY -out PLAIN)");
        } catch (IOException | RuntimeException e) {
            // The parser's messages may quote the file; only the kind of failure is reported.
            throw new ConfigException("key file " + keyFile + " is not a PEM private key");
        }
    }
}

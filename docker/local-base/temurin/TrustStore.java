import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Writes a PKCS12 trust store holding every certificate of a PEM bundle, like the JDK's own cacerts
 * (password "changeit", certificates neither encrypted nor MAC-protected, so that the JSSE default
 * trust manager, which opens it without a password, sees them): what Debian's ca-certificates-java
 * does, without installing a second JRE.
 * Usage: java TrustStore.java BUNDLE.crt OUTPUT
 */
class TrustStore {
    public static void main(String[] args) throws Exception {
        System.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
        System.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
        var keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        int count = 0;
        try (var in = new FileInputStream(args[0])) {
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                var x509 = (X509Certificate) certificate;
                keyStore.setCertificateEntry("ca-" + count++ + " " + x509.getSubjectX500Principal().getName(), x509);
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no certificate in " + args[0]);
        }
        try (var out = new FileOutputStream(args[1])) {
            keyStore.store(out, "changeit".toCharArray());
        }
        System.out.println("TrustStore: " + count + " certificates from " + args[0] + " in " + args[1]);
    }
}

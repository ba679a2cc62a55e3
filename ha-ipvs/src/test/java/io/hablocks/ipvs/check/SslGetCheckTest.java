package io.hablocks.ipvs.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSL_GET against a real HTTPS server on loopback with a self-signed certificate (keytool). */
class SslGetCheckTest {

  @Test
  void sslGetChecksStatusAndBodyWithoutVerifyingTheCertificate(@TempDir Path dir)
      throws Exception {
    Path ks = dir.resolve("ks.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "t", "-keyalg", "RSA",
        "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ctx));
    AtomicInteger status = new AtomicInteger(200);
    https.createContext("/", ex -> {
      byte[] b = "alive and well".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    https.start();
    try {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          https.getAddress().getPort());
      HttpGetCheck check = new HttpGetCheck(a, true,
          List.of(new HttpGetCheck.Url("/", Set.of(), null, Pattern.compile("alive"))),
          Duration.ofSeconds(5), null);
      CheckResult ok = check.run();
      assertThat(ok.ok()).as(ok.reason()).isTrue();
      status.set(503);
      CheckResult bad = check.run();
      assertThat(bad.ok()).isFalse();
      assertThat(bad.reason()).contains("status 503");
      // plain HTTP_GET against the TLS port fails
      assertThat(new HttpGetCheck(a, false, List.of(HttpGetCheck.Url.of("/")),
          Duration.ofSeconds(2), null).run().ok()).isFalse();
    } finally {
      https.stop(0);
    }
  }
}

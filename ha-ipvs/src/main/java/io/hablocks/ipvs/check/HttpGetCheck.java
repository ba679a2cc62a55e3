package io.hablocks.ipvs.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP_GET and SSL_GET: an HTTP/1.0 GET of every url; the real server passes if every answer
 * has an expected status code (default 200), and, where given, the MD5 digest of the body and a
 * regex found in the body. SSL_GET does not verify the certificate, as keepalived does not.
 */
public final class HttpGetCheck implements HealthCheck {

  /** The largest body read, as keepalived bounds its buffer. */
  public static final int MAX_BODY = 1 << 20;

  /**
   * One url block.
   *
   * @param path the path
   * @param statusCodes accepted status codes (empty: 200)
   * @param digest hex MD5 of the body, or null
   * @param regex a pattern the body must contain, or null
   */
  public record Url(String path, Set<Integer> statusCodes, String digest, Pattern regex) {
    /** @param path the path @return a url that expects 200 */
    public static Url of(String path) {
      return new Url(path, Set.of(), null, null);
    }
  }

  private final InetSocketAddress target;
  private final boolean ssl;
  private final List<Url> urls;
  private final Duration connectTimeout;
  private final String virtualHost;

  /**
   * @param target the real server (or connect_ip/connect_port)
   * @param ssl SSL_GET rather than HTTP_GET
   * @param urls the url blocks
   * @param connectTimeout connect_timeout (also the read deadline)
   * @param virtualHost the Host header, or null for ADDR:PORT
   */
  public HttpGetCheck(InetSocketAddress target, boolean ssl, List<Url> urls,
      Duration connectTimeout, String virtualHost) {
    this.target = Objects.requireNonNull(target, "target");
    this.ssl = ssl;
    this.urls = List.copyOf(urls);
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.virtualHost = virtualHost;
  }

  @Override
  public CheckResult run() {
    for (Url u : urls) {
      CheckResult r = get(u);
      if (!r.ok()) {
        return r;
      }
    }
    return CheckResult.pass((ssl ? "SSL_GET " : "HTTP_GET ") + target + " ok");
  }

  private CheckResult get(Url u) {
    String what = (ssl ? "SSL_GET https://" : "HTTP_GET http://") + hostHeader() + u.path();
    int ms = (int) Math.max(1, connectTimeout.toMillis());
    try (Socket plain = new Socket()) {
      plain.connect(target, ms);
      plain.setSoTimeout(ms);
      Socket s = plain;
      if (ssl) {
        SSLSocket t = (SSLSocket) trustAll().getSocketFactory()
            .createSocket(plain, target.getHostString(), target.getPort(), true);
        t.startHandshake();
        s = t;
      }
      OutputStream out = s.getOutputStream();
      out.write(("GET " + u.path() + " HTTP/1.0\r\nHost: " + hostHeader()
          + "\r\nUser-Agent: ha-blocks-checker\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] resp = readBounded(s.getInputStream());
      int headEnd = indexOf(resp, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headEnd < 0) {
        return CheckResult.fail(what + ": no complete HTTP header");
      }
      String head = new String(resp, 0, headEnd, StandardCharsets.ISO_8859_1);
      String[] status = head.split("\r\n", 2)[0].split(" ");
      if (status.length < 2 || !status[0].startsWith("HTTP/")) {
        return CheckResult.fail(what + ": bad status line");
      }
      int code;
      try {
        code = Integer.parseInt(status[1]);
      } catch (NumberFormatException e) {
        return CheckResult.fail(what + ": bad status code '" + status[1] + "'");
      }
      Set<Integer> ok = u.statusCodes().isEmpty() ? Set.of(200) : u.statusCodes();
      if (!ok.contains(code)) {
        return CheckResult.fail(what + ": status " + code);
      }
      byte[] body = java.util.Arrays.copyOfRange(resp, headEnd + 4, resp.length);
      if (u.digest() != null) {
        String d = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        if (!d.equalsIgnoreCase(u.digest())) {
          return CheckResult.fail(what + ": digest " + d + " is not " + u.digest());
        }
      }
      if (u.regex() != null
          && !u.regex().matcher(new String(body, StandardCharsets.ISO_8859_1)).find()) {
        return CheckResult.fail(what + ": body does not match /" + u.regex().pattern() + "/");
      }
      return CheckResult.pass(what + ": status " + code);
    } catch (IOException e) {
      return CheckResult.fail(what + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return CheckResult.fail(what + ": " + e.getMessage());
    }
  }

  private String hostHeader() {
    if (virtualHost != null) {
      return virtualHost;
    }
    String h = target.getHostString();
    return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + target.getPort();
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (b.size() + n > MAX_BODY) {
        b.write(buf, 0, MAX_BODY - b.size());
        break;
      }
      b.write(buf, 0, n);
    }
    return b.toByteArray();
  }

  private static int indexOf(byte[] a, byte[] p) {
    outer:
    for (int i = 0; i + p.length <= a.length; i++) {
      for (int j = 0; j < p.length; j++) {
        if (a[i + j] != p[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static SSLContext trustAll() throws GeneralSecurityException {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return c;
  }

  @Override
  public String toString() {
    return (ssl ? "SSL_GET " : "HTTP_GET ") + target + " " + urls.size() + " url(s)";
  }
}

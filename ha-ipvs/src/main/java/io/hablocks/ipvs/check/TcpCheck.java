package io.hablocks.ipvs.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/** TCP_CHECK: the real server passes if a TCP connection opens within connect_timeout. */
public final class TcpCheck implements HealthCheck {

  private final InetSocketAddress target;
  private final Duration connectTimeout;

  /**
   * @param target address and port to connect to (connect_ip/connect_port or the real server)
   * @param connectTimeout connect_timeout
   */
  public TcpCheck(InetSocketAddress target, Duration connectTimeout) {
    this.target = Objects.requireNonNull(target, "target");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  @Override
  public CheckResult run() {
    try (Socket s = new Socket()) {
      s.connect(target, (int) Math.max(1, connectTimeout.toMillis()));
      return CheckResult.pass("TCP connect to " + target + " succeeded");
    } catch (IOException e) {
      return CheckResult.fail("TCP connect to " + target + " failed: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "TCP_CHECK " + target;
  }
}

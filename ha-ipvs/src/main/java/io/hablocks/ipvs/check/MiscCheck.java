package io.hablocks.ipvs.check;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * MISC_CHECK: runs misc_path through {@code /bin/sh -c}; exit 0 passes, anything else fails.
 * With misc_dynamic, exit 1 fails and 2..255 pass with weight = status − 2. A script that
 * outlives misc_timeout is killed (with its descendants) and fails.
 */
public final class MiscCheck implements HealthCheck {

  private final String path;
  private final Duration timeout;
  private final boolean dynamic;

  /**
   * @param path misc_path (a shell command line)
   * @param timeout misc_timeout
   * @param dynamic misc_dynamic
   */
  public MiscCheck(String path, Duration timeout, boolean dynamic) {
    this.path = Objects.requireNonNull(path, "path");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.dynamic = dynamic;
  }

  @Override
  public CheckResult run() {
    Process p;
    try {
      p = new ProcessBuilder(List.of("/bin/sh", "-c", path))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return CheckResult.fail("MISC_CHECK '" + path + "' cannot start: " + e.getMessage());
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return CheckResult.fail("MISC_CHECK '" + path + "' timed out after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return CheckResult.fail("MISC_CHECK '" + path + "' interrupted");
    }
    int rc = p.exitValue();
    if (rc == 0) {
      return CheckResult.pass("MISC_CHECK exit 0");
    }
    if (dynamic && rc >= 2) {
      return new CheckResult(true, "MISC_CHECK exit " + rc + " (weight " + (rc - 2) + ")",
          rc - 2);
    }
    return CheckResult.fail("MISC_CHECK exit " + rc);
  }

  @Override
  public String toString() {
    return "MISC_CHECK " + path;
  }
}

package io.hablocks.resources.internal;

import io.hablocks.api.Clock;
import io.hablocks.api.resource.ResourceAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where agents live and how they run; shared by the built-in agent classes.
 *
 * @param clock the clock for timeouts
 * @param ocfRoot OCF_ROOT ({@code /usr/lib/ocf})
 * @param initDir LSB init scripts ({@code /etc/init.d})
 * @param nagiosPlugins Nagios plugins ({@code /usr/lib/nagios/plugins})
 * @param nagiosMetadata Nagios plugin meta-data ({@code /usr/share/nagios/plugins-metadata})
 * @param fenceDir fence agents ({@code /usr/sbin})
 * @param captureLimit bytes kept of each output stream
 * @param killGrace time between SIGTERM and SIGKILL
 * @param featureSet the {@code crm_feature_set} passed to OCF agents
 * @param javaAgents in-JVM agents registered by the application
 * @param commandPrefix words put before every agent command (such as
 *     {@code ip netns exec NAME}), or empty
 */
public record Settings(Clock clock, Path ocfRoot, Path initDir, Path nagiosPlugins,
    Path nagiosMetadata, Path fenceDir, int captureLimit, Duration killGrace, String featureSet,
    List<ResourceAgent> javaAgents, List<String> commandPrefix) {

  /** Checks for nulls. */
  public Settings {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ocfRoot, "ocfRoot");
    Objects.requireNonNull(initDir, "initDir");
    Objects.requireNonNull(nagiosPlugins, "nagiosPlugins");
    Objects.requireNonNull(nagiosMetadata, "nagiosMetadata");
    Objects.requireNonNull(fenceDir, "fenceDir");
    Objects.requireNonNull(killGrace, "killGrace");
    Objects.requireNonNull(featureSet, "featureSet");
    javaAgents = List.copyOf(javaAgents);
    commandPrefix = List.copyOf(commandPrefix);
    if (captureLimit < 0) {
      throw new IllegalArgumentException("captureLimit < 0");
    }
  }

  /** @return the machine's usual paths on the system clock */
  public static Settings defaults() {
    return new Settings(Clock.system(), Path.of("/usr/lib/ocf"), Path.of("/etc/init.d"),
        Path.of("/usr/lib/nagios/plugins"), Path.of("/usr/share/nagios/plugins-metadata"),
        Path.of("/usr/sbin"), AgentProcess.DEFAULT_CAPTURE_LIMIT, AgentProcess.DEFAULT_KILL_GRACE,
        "3.16.1", List.of(), List.of());
  }

  /** @return a process runner with these settings */
  public AgentProcess processes() {
    return new AgentProcess(clock, captureLimit, killGrace, commandPrefix);
  }
}

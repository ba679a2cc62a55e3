package io.hablocks.ipvs.check;

import io.hablocks.api.Clock;
import io.hablocks.ipvs.ForwardMethod;
import io.hablocks.ipvs.IpvsSchedulers;
import io.hablocks.ipvs.RealServer;
import io.hablocks.ipvs.VirtualServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the virtual servers of a {@link KeepalivedConfig} as keepalived's checker process does:
 * one {@link VirtualServer} per virtual_server, its real servers health-checked by a {@link
 * CheckedService}, notify_up/notify_down/quorum_up/quorum_down scripts run on the changes.
 */
public final class KeepalivedLvs {

  private static final Logger LOG = LoggerFactory.getLogger(KeepalivedLvs.class);

  /** One running virtual server. */
  public record Running(KeepalivedConfig.VirtualServerConf config, VirtualServer service,
      CheckedService checks) {}

  private final List<Running> running;

  private KeepalivedLvs(List<Running> running) {
    this.running = List.copyOf(running);
  }

  /**
   * Builds (does not start) the services of a configuration.
   *
   * @param conf the configuration
   * @param clock the clock of every checker timer
   * @param executor where checks run
   * @param scripts runs a notify script (a shell command line); see {@link #shellScripts()}
   * @return the services
   */
  public static KeepalivedLvs build(KeepalivedConfig conf, Clock clock, Executor executor,
      Consumer<String> scripts) {
    Objects.requireNonNull(scripts, "scripts");
    List<Running> out = new ArrayList<>();
    for (KeepalivedConfig.VirtualServerConf v : conf.virtualServers()) {
      VirtualServer vs = VirtualServer.create(v.address(), IpvsSchedulers.create(v.lbAlgo()));
      ForwardMethod fwd = switch (v.lbKind()) {
        case "DR" -> ForwardMethod.ROUTE;
        case "TUN" -> ForwardMethod.TUNNEL;
        default -> ForwardMethod.MASQ;
      };
      CheckedService.Builder b = CheckedService.builder(vs, clock).executor(executor)
          .quorum(v.quorum(), v.hysteresis()).alpha(v.alpha());
      if (v.sorryServer() != null) {
        b.sorryServer(RealServer.of(v.sorryServer(), 1).withForward(fwd));
      }
      for (KeepalivedConfig.RealServerConf r : v.realServers()) {
        RealServer rs = RealServer.of(r.address(), r.weight())
            .withThresholds(r.upperThreshold(), r.lowerThreshold()).withForward(fwd);
        HealthCheck check = r.check() != null ? r.check().toHealthCheck()
            : () -> CheckResult.pass("no checker");
        CheckTimers timers = r.check() != null ? r.check().timers()
            : CheckTimers.DEFAULTS.withDelayLoop(v.delayLoop());
        b.realServer(rs, check, timers, r.inhibitOnFailure());
      }
      b.listener(n -> {
        String script = switch (n.event()) {
          case UP -> find(v, n.server()).notifyUp();
          case DOWN -> find(v, n.server()).notifyDown();
          case QUORUM_UP -> v.quorumUp();
          case QUORUM_DOWN -> v.quorumDown();
        };
        if (script != null) {
          scripts.accept(script);
        }
      });
      out.add(new Running(v, vs, b.build()));
    }
    return new KeepalivedLvs(out);
  }

  private static KeepalivedConfig.RealServerConf find(KeepalivedConfig.VirtualServerConf v,
      RealServer rs) {
    for (KeepalivedConfig.RealServerConf r : v.realServers()) {
      if (r.address().equals(rs.address())) {
        return r;
      }
    }
    throw new IllegalStateException("no real server " + rs);
  }

  /** @return a script runner that starts {@code /bin/sh -c SCRIPT} and does not wait */
  public static Consumer<String> shellScripts() {
    return script -> {
      try {
        new ProcessBuilder("/bin/sh", "-c", script)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        LOG.warn("cannot run notify script '{}': {}", script, e.getMessage());
      }
    };
  }

  /** @return the services in file order */
  public List<Running> services() {
    return running;
  }

  /** Starts every checker. */
  public void start() {
    running.forEach(r -> r.checks().start());
  }

  /**
   * Stops every checker; with omega, a service whose quorum is up runs quorum_down.
   *
   * @param scripts runs the quorum_down script
   */
  public void stop(Consumer<String> scripts) {
    for (Running r : running) {
      r.checks().stop();
      if (r.config().omega() && r.checks().quorumUp() && r.config().quorumDown() != null) {
        scripts.accept(r.config().quorumDown());
      }
    }
  }
}

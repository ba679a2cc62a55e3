package io.hablocks.hactl.vrrp;

import io.hablocks.vrrp.HealthTracker;
import io.hablocks.vrrp.VirtualAddress;
import io.hablocks.vrrp.VrrpInstance;
import io.hablocks.vrrp.VrrpInstanceConfig;
import io.hablocks.vrrp.VrrpRouter;
import io.hablocks.vrrp.VrrpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that embeds a VRRP instance and tracks its own health: it holds the VIP while
 * it is MASTER and lowers its priority by 60 while the file {@code /tmp/app-unhealthy} exists.
 *
 * <pre>
 * java -cp hactl.jar io.hablocks.hactl.vrrp.EmbeddedVrrpSample eth0 51 10.99.0.100/24 150
 * </pre>
 */
public final class EmbeddedVrrpSample {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedVrrpSample.class);

  private EmbeddedVrrpSample() {}

  /**
   * @param args interface, VRID, VIP/prefix, priority
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: EmbeddedVrrpSample IFACE VRID VIP/PREFIX PRIORITY");
      System.exit(2);
    }
    VrrpRouter router = VrrpRouter.builder().build();
    VrrpInstance vi = router.addInstance(VrrpInstanceConfig.builder("APP", args[0],
            Integer.parseInt(args[1])).version(VrrpVersion.V3)
        .priority(Integer.parseInt(args[3])).advertInterval(Duration.ofSeconds(1))
        .virtualAddress(VirtualAddress.parse(args[2])).build());
    HealthTracker health = vi.track("app", -60);
    vi.addListener((i, from, to) -> LOG.info("{}: {} -> {} (priority {})", i.name(), from, to,
        i.effectivePriority()));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      router.close();
      stop.countDown();
    }));
    router.start();
    // the application's own health check; any thread may report
    Thread checker = new Thread(() -> {
      while (stop.getCount() > 0) {
        health.set(!Files.exists(Path.of("/tmp/app-unhealthy")));
        try {
          stop.await(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "health");
    checker.setDaemon(true);
    checker.start();
    stop.await();
  }
}

package io.hablocks.hactl.vrrp;

import io.hablocks.hactl.HactlException;
import io.hablocks.vrrp.KeepalivedConfig;
import io.hablocks.vrrp.VrrpConfigException;
import io.hablocks.vrrp.VrrpInstance;
import io.hablocks.vrrp.VrrpRouter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl vrrp -f keepalived.conf}: runs the file's vrrp_instance blocks in the foreground,
 * prints each state change, and on SIGTERM (or SIGINT) sends the priority-0 advert of every
 * MASTER and removes its virtual addresses before exiting 0.
 */
@Command(name = "vrrp", mixinStandardHelpOptions = true,
    description = "Run the VRRP instances of a keepalived.conf in the foreground (ha-vrrp).")
public final class VrrpCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-f", "--use-file"}, required = true, paramLabel = "FILE",
      description = "keepalived.conf to read")
  Path file;

  @Option(names = "--check", description = "read and check the file, print the instances, exit")
  boolean check;

  @Option(names = "--netns", paramLabel = "NAME",
      description = "run in this network namespace (default: the current one)")
  String netns;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(file)) {
      throw new HactlException("no such file: " + file, 2);
    }
    KeepalivedConfig conf;
    try {
      conf = KeepalivedConfig.read(file);
    } catch (VrrpConfigException e) {
      throw new HactlException(e.getMessage(), 2);
    }
    conf.warnings().forEach(w -> out.println("warning: " + w));
    if (check) {
      conf.instances().forEach(i -> out.println(i));
      out.flush();
      return;
    }
    if (conf.instances().isEmpty()) {
      throw new HactlException(file + ": no vrrp_instance", 2);
    }
    VrrpRouter router = VrrpRouter.builder().namespace(netns).build();
    Map<String, VrrpInstance> instances;
    try {
      instances = conf.applyTo(router);
    } catch (IllegalArgumentException e) {
      router.abort();
      throw new HactlException(file + ": " + e.getMessage(), 2);
    }
    for (VrrpInstance i : instances.values()) {
      i.addListener((inst, from, to) -> {
        synchronized (out) {
          out.println(Instant.now() + " (" + inst.name() + ") " + from + " -> " + to
              + " priority " + inst.effectivePriority());
          out.flush();
        }
      });
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      router.close();
      synchronized (out) {
        out.println(Instant.now() + " stopped");
        out.flush();
      }
      done.countDown();
      // like keepalived, a requested stop is a clean exit (not 143)
      Runtime.getRuntime().halt(0);
    }, "hactl-vrrp-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      router.start();
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      router.abort();
      throw new HactlException("cannot start: " + e.getMessage());
    }
    out.println(Instant.now() + " running " + instances.keySet() + " from " + file);
    out.flush();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.hablocks.hactl.ipvs;

import io.hablocks.api.Clock;
import io.hablocks.hactl.HactlException;
import io.hablocks.ipvs.IpvsException;
import io.hablocks.ipvs.RealServer;
import io.hablocks.ipvs.check.KeepalivedConfig;
import io.hablocks.ipvs.check.KeepalivedLvs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl lvs -f keepalived.conf}: keepalived's checker process on the virtual_server part
 * of keepalived.conf (in-process services; programming the kernel waits for the netlink client).
 */
@Command(name = "lvs", mixinStandardHelpOptions = true,
    description = "Run keepalived's health checkers on the virtual_server part of keepalived.conf"
        + " (-t: check the file and print what it defines).")
public final class LvsCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-f", "--use-file"}, required = true, paramLabel = "FILE",
      description = "keepalived.conf")
  Path file;

  @Option(names = {"-t", "--config-test"}, description = "check the configuration and exit")
  boolean test;

  @Override
  public void run() {
    KeepalivedConfig conf;
    try {
      conf = KeepalivedConfig.read(file);
    } catch (IpvsException e) {
      throw new HactlException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    for (KeepalivedConfig.VirtualServerConf v : conf.virtualServers()) {
      out.printf("virtual_server %s %s %s (%s) quorum %d hysteresis %d%n",
          RealServer.of(v.address()).name(), v.protocol(), v.lbAlgo(), v.lbKind(), v.quorum(),
          v.hysteresis());
      for (KeepalivedConfig.RealServerConf r : v.realServers()) {
        out.printf("  real_server %s weight %d %s%n", RealServer.of(r.address()).name(),
            r.weight(), r.check() != null ? r.check().type() : "no checker");
      }
    }
    out.flush();
    if (test) {
      return;
    }
    ExecutorService checks = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hactl-lvs-check");
      t.setDaemon(true);
      return t;
    });
    KeepalivedLvs lvs = KeepalivedLvs.build(conf, Clock.system(), checks,
        KeepalivedLvs.shellScripts());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    lvs.start();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lvs.stop(KeepalivedLvs.shellScripts());
      checks.shutdownNow();
    }
  }
}

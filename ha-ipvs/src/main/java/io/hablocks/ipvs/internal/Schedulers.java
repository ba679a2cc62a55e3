package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.Scheduler;
import java.util.List;

/** Creates the kernel's schedulers by name. */
public final class Schedulers {

  private Schedulers() {
  }

  /** Every scheduler name, as the kernel spells them. */
  public static final List<String> NAMES = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr",
      "dh", "sh", "sed", "nq", "mh", "fo", "ovf", "twos");

  /**
   * @param name a name from {@link #NAMES}
   * @param options flags, clock, random
   * @return the scheduler, or null if the name is unknown
   */
  public static Scheduler create(String name, Options options) {
    switch (name) {
      case "rr": return new RrScheduler(options);
      case "wrr": return new WrrScheduler(options);
      case "lc": case "wlc": case "sed": case "nq": case "fo": case "ovf": case "twos":
        return new ScanScheduler(name, options);
      case "dh": return new DhScheduler(options);
      case "sh": return new ShScheduler(options);
      case "mh": return new MhScheduler(options);
      case "lblc": return new LblcScheduler(options);
      case "lblcr": return new LblcrScheduler(options);
      default: return null;
    }
  }
}
